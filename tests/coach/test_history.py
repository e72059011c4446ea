"""Sessions list and history: three graded sessions, each signal's trend, the index page."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.cli import main
from agent.history import scan, sparkline, trends, write_index
from rubrics import get_rubric

from .browser import open_page
from .builders import ESPEAK, build_session
from .conftest import ANSWERS

# system_fluency rises, eng_trust falls, the rest hold: the trend must show which way each went.
PLAN = [
    ("20260401-090000", "2026-04-01T09:00:00+00:00", {"system_fluency": 40, "eng_trust": 80}),
    ("20260415-090000", "2026-04-15T09:00:00+00:00", {"system_fluency": 60, "eng_trust": 70}),
    ("20260501-090000", "2026-05-01T09:00:00+00:00", {"system_fluency": 85, "eng_trust": 55}),
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    if ESPEAK is None:
        pytest.skip("espeak-ng not installed (apt-get install espeak-ng)")
    root = tmp_path / "sessions"
    for sid, when, scores in reversed(PLAN):  # written newest first: order must come from the dates
        build_session(root / sid, ANSWERS[:1], session_id=sid, started_at=when,
                      scores={"platform_api_data": 50, "tradeoff_execution": 50, "leadership_ai": 50, **scores})
    (root / "broken").mkdir()
    (root / "broken" / "session.json").write_text("{not json")
    return root


def test_sparkline_is_on_a_fixed_scale():
    assert sparkline([0, 50, 100]) == "▁▅█"
    assert sparkline([40, None, 85]) == "▄·▇"


def test_trends_over_three_sessions(root: Path):
    found = scan(root)
    assert [s.id for s in found.sessions] == [p[0] for p in PLAN]
    assert len(found.problems) == 1 and "broken" in found.problems[0]
    graded, tr = trends(found.sessions)
    by_id = {t.signal_id: t for t in tr}
    assert [t.signal_id for t in tr] == [s.id for s in get_rubric("tpm_scorecard").signals]
    assert by_id["system_fluency"].scores == [40, 60, 85] and by_id["system_fluency"].change == 45
    assert by_id["eng_trust"].scores == [80, 70, 55] and by_id["eng_trust"].change == -25
    assert by_id["platform_api_data"].change == 0


def test_history_cli_shows_sparklines_and_writes_the_index(root: Path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    assert main(["history", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    fluency = next(line for line in out.splitlines() if "System and architecture fluency" in line)
    assert sparkline([40, 60, 85]) in fluency and "+45" in fluency
    trust = next(line for line in out.splitlines() if "Product and engineering trust" in line)
    assert sparkline([80, 70, 55]) in trust and "-25" in trust
    assert "skipped:" in out and "broken" in out
    index = (root / "index.html").read_text()
    for sid, _, _ in PLAN:
        assert f'href="{sid}/report.html"' in index and (root / sid / "report.html").is_file()
    assert "<polyline" in index


def test_sessions_cli_lists_date_flow_level_overall_recommendation(root: Path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    assert main(["sessions", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    for sid, when, _ in PLAN:
        overall = json.loads((root / sid / "session.json").read_text())["grade"]["overall"]
        row = next(line for line in out.splitlines() if sid in line)
        assert when[:10] in row and "system_design" in row and "mid" in row and str(overall) in row
        assert ("no hire" in row) or ("hire" in row)


def test_sessions_cli_without_a_root(tmp_path: Path, capsys):
    assert main(["sessions", "--root", str(tmp_path / "nowhere")]) == 2
    assert capsys.readouterr().err.startswith("error: ")


def test_index_page_opens_clean_and_links_resolve(chromium, root: Path, artifacts: Path):
    found = scan(root)
    path = write_index(root, found.sessions)
    page, console = open_page(chromium, path)
    links = page.eval_on_selector_all("a[href$='report.html']", "els => els.map(e => e.href)")
    assert len(links) == 3
    assert all(Path(link.removeprefix("file://")).is_file() for link in links)
    page.screenshot(path=str(artifacts / "history-index.png"), full_page=True)
    page.click(f"text={PLAN[0][0]}")
    page.wait_for_load_state("load")
    assert page.url.endswith(f"{PLAN[0][0]}/report.html")
    assert console.errors == []
