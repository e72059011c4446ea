"""The README's commands for the coach, as written, on the README's own demo session."""
from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from support import REPO, run_interview_cli

pytestmark = pytest.mark.slow


def _readme_commands(session: Path) -> list[list[str]]:
    """Each `interview ...` line of the README that names sessions/demo, with optional [..] parts dropped."""
    out = []
    for line in (REPO / "README.md").read_text().splitlines():
        if not line.startswith("interview ") or "sessions/demo" not in line:
            continue
        line = re.sub(r"\s+#.*$", "", re.sub(r"\[[^\]]*\]", "", line))
        out.append([str(session) if w == "sessions/demo" else w for w in shlex.split(line)[1:]])
    return out


def test_every_readme_command_works_on_the_demo_session(tmp_path):
    session = tmp_path / "sessions" / "demo"
    commands = _readme_commands(session)
    run, rest = commands[0], commands[1:]
    assert run[:2] == ["run", "--script"]
    r = run_interview_cli(*run, cwd=REPO, timeout=900)
    assert r.returncode == 0, r.stderr[-2000:]
    for cmd in rest:
        if cmd[0] in ("resume", "replay") or "--open" in cmd:
            continue  # resume: the demo is complete; replay and --open need a person at the desk
        r = run_interview_cli(*cmd, cwd=REPO)
        assert r.returncode == 0, (cmd, r.stderr)
    data = json.loads((session / "session.json").read_text())
    assert [t["index"] for t in data["turns"]] == list(range(1, len(data["turns"]) + 1)), "turns count from 1"
    assert {(n["turn"], n["text"]) for n in data["notes"]} == {(2, "Good recovery here"), (None, "Practise naming a metric")}
    md = (session / "report.md").read_text()
    assert "Turn 2 at 0:15" in md and "Session (#2): Practise naming a metric" in md
    assert "Interviewer · turn 1 ·" in md


def test_the_example_transcript_grades(tmp_path):
    r = run_interview_cli("grade", str(REPO / "examples/transcript.yaml"), "--json", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    grade = json.loads(r.stdout)
    assert grade["level"] == "senior" and grade["overall"] > 0
    assert all(ev["turn"] in (1, 2, 3) for s in grade["signals"] for ev in s["evidence"])
