"""History that compares like with like, and tables that fit 80 columns with whole ids."""
from __future__ import annotations

from pathlib import Path

import pytest

from agent.history import scan, sparkline
from agent.session import load_session, save_session
from support import REPO, run_interview_cli

from .browser import open_page
from .builders import build_session
from .conftest import ANSWERS

# (id, started, flow, level, system_fluency score; None: the session gave nothing on it)
PLAN = [
    ("20260401-090000", "2026-04-01T09:00:00+00:00", "system_design", "mid", 40),
    ("20260402-183000", "2026-04-02T18:30:00+00:00", "quick_practice", "senior", 90),
    ("20260415-090000", "2026-04-15T09:00:00+00:00", "system_design", "mid", None),
    ("20260501-093000", "2026-05-01T09:30:00+00:00", "system_design", "mid", 85),
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "sessions"
    for sid, when, flow, level, fluency in PLAN:
        build_session(root / sid, ANSWERS[:1], session_id=sid, started_at=when, level=level, with_audio=False,
                      scores={"system_fluency": fluency or 0})
        session = load_session(root / sid)
        session.flow = flow
        if fluency is None:  # every answer on it skipped: scored 0 with no evidence
            sig = next(s for s in session.grade.signals if s.id == "system_fluency")
            sig.evidence = []
        save_session(root / sid, session)
    empty = build_session(root / "20260502-100000", ANSWERS[:1], session_id="20260502-100000", with_audio=False,
                          started_at="2026-05-02T10:00:00+00:00")
    empty.turns[0].transcript, empty.turns[0].ended_by = "skip", "skip"
    save_session(root / "20260502-100000", empty)
    return root


def test_history_compares_flow_and_level_apart_with_gaps_not_zeros(root: Path):
    r = run_interview_cli("history", "--root", str(root), "--no-index", cwd=REPO, env={"COLUMNS": "100"})
    assert r.returncode == 0, r.stderr
    design, quick = r.stdout.split("quick_practice at senior")
    assert "system_design at mid: 3 graded, 2026-04-01 09:00 to 2026-05-01 09:30" in design
    fluency = next(line for line in design.splitlines() if "System and architecture fluency" in line)
    assert sparkline([40, None, 85]) in fluency and "+45" in fluency
    assert quick.startswith(": 1 graded, 2026-04-02 18:30\n")
    only = run_interview_cli("history", "--root", str(root), "--no-index", "--flow", "quick_practice", cwd=REPO)
    assert "system_design" not in only.stdout and "quick_practice at senior" in only.stdout


def test_the_index_page_labels_points_with_date_and_time_and_fits_a_phone(chromium, root: Path, artifacts: Path):
    from agent.history import write_index

    path = write_index(root, scan(root).sessions, make_reports=False)
    html = path.read_text()
    assert "20260502-100000" not in html, "a session without answers is left out"
    assert html.count("<svg class=\"chart trend\"") == 2, "one chart per flow and level"
    assert "2026-04-15<tspan" in html and ">09:00</tspan>" in html
    assert "System and architecture fluency, 2026-04-15 09:00" not in html, "a gap has no point"
    phone, console = open_page(chromium, path, width=390, height=844)
    phone.screenshot(path=str(artifacts / "history-phone.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert console.errors == []


@pytest.mark.parametrize("command", [["sessions"], ["rubrics"], ["flows"]])
def test_tables_fit_80_columns_and_never_break_an_id(root: Path, command: list[str]):
    from question_flows import load_flows
    from rubrics import load_rubrics

    session = load_session(root / PLAN[0][0])
    session.flow = "cross_functional_panel"  # the longest flow id, with the longest level
    session.level = "associate"
    save_session(root / PLAN[0][0], session)
    args = [*command, "--root", str(root)] if command == ["sessions"] else command
    r = run_interview_cli(*args, cwd=REPO, env={"COLUMNS": "80"})
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80, r.stdout
    ids = {"sessions": [p[0] for p in PLAN] + ["cross_functional_panel", "associate"],
           "rubrics": [*load_rubrics(), *(s.id for r in load_rubrics().values() for s in r.signals)],
           "flows": [*load_flows(), "technical_interview_areas"]}[command[0]]
    words = {w for line in lines for w in line.split()}
    assert all(i in words for i in ids), [i for i in ids if i not in words]
