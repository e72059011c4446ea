"""SIGKILL at every stage of a run (an answer saved, grading, report writing): `resume` finishes the
session with the same grade an uninterrupted run gets."""
from __future__ import annotations

import json
import signal

import pytest

from agent.faults import KILL_AFTER_TURN_ENV, KILL_AT_ENV
from .conftest import REPO, run_interview_cli

ANSWERS = [
    "I would first ask which users and which endpoints regressed, and look at p99 by region for the last release.",
    "Then I would compare traces before and after the deploy and check the cache hit rate.",
    "I would roll back behind the feature flag if the error budget is burning.",
]
RUN = ["run", "--text", "--flow", "system_design", "--level", "senior", "--seed", "4"]


def _session(folder):
    return json.loads((folder / "session.json").read_text())


def _typed(answers):
    return "".join(a + "\n\n" for a in answers)  # an empty line sends each; end of input ends it


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("whole") / "s"
    r = run_interview_cli(*RUN, "--session-dir", str(folder), cwd=REPO, stdin=_typed(ANSWERS))
    assert r.returncode == 0, r.stderr
    return _session(folder)


def _same_interview(a, b):
    essence = lambda s: [(t["index"], t["prompt_text"], t["transcript"]) for t in s["turns"]]  # noqa: E731
    assert essence(a) == essence(b)
    assert a["grade"]["overall"] == b["grade"]["overall"]
    assert [s["score"] for s in a["grade"]["signals"]] == [s["score"] for s in b["grade"]["signals"]]


@pytest.mark.parametrize("stage,env", [
    ("answer", {KILL_AFTER_TURN_ENV: "2"}),
    ("grading", {KILL_AT_ENV: "grading"}),
    ("report", {KILL_AT_ENV: "report"}),
])
def test_killed_at_a_stage_then_resume_finishes(tmp_path, uninterrupted, stage, env):
    folder = tmp_path / stage
    r = run_interview_cli(*RUN, "--session-dir", str(folder), cwd=REPO, stdin=_typed(ANSWERS), env=env)
    assert r.returncode == -signal.SIGKILL, r.stderr
    killed = _session(folder)
    assert killed["grade"] is None if stage != "report" else killed["grade"] is not None
    assert not (folder / "report.html").exists()

    rest = ANSWERS[2:] if stage == "answer" else []
    r = run_interview_cli("resume", str(folder), cwd=REPO, stdin=_typed(rest))
    assert r.returncode == 0, r.stderr
    done = _session(folder)
    assert done["status"] == "completed"
    _same_interview(done, uninterrupted)
    assert len(done["grades"]) == 1  # a grade saved before the kill is kept, not graded twice
    assert (folder / "report.html").exists() and (folder / "report.md").exists()
    assert f"overall {done['grade']['overall']}" in r.stdout.lower() or str(done["grade"]["overall"]) in r.stdout

    r = run_interview_cli("resume", str(folder), cwd=REPO)
    assert r.returncode == 2 and "already complete" in r.stderr
