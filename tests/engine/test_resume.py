"""Kill the process after answer N is saved; `interview resume` loses nothing and asks nothing twice."""
import json
import signal
import subprocess
import sys
import time

import pytest

from agent.faults import KILL_AFTER_TURN_ENV
from .conftest import REPO, run_interview_cli

ANSWERS = [
    "I would first ask which users and which endpoints regressed, and look at p99 by region for the last release.",
    "Then I would compare traces before and after the deploy and check the cache hit rate, since a cold cache is a common cause.",
    "I would roll back behind the feature flag if the error budget is burning, and halt the rollout at ten percent.",
    "For the API change I would version the endpoint and give consumers a six month deprecation window.",
    "We would measure adoption of the new version weekly and reach out to the top twenty integrators directly.",
    "The tradeoff is speed of migration against partner trust, and I would pick trust unless security forces our hand.",
    "I would write a migration guide and a changelog, and add contract tests so we never break consumers silently again.",
]


def _script(write_script):
    return write_script(flow="system_design", level="senior",
                        questions=["latency_regression", "api_breaking_change"],
                        answers=[{"text": a, "via": "text"} for a in ANSWERS])


def _turns(folder):
    return json.loads((folder / "session.json").read_text())["turns"]


def _essence(turns):
    return [(t["index"], t["kind"], t["prompt_text"], t["transcript"]) for t in turns]


@pytest.fixture
def uninterrupted(tmp_path, write_script):
    folder = tmp_path / "whole"
    r = run_interview_cli("run", "--script", str(_script(write_script)), "--session-dir", str(folder), cwd=REPO)
    assert r.returncode == 0, r.stderr
    return _essence(_turns(folder))


@pytest.mark.parametrize("kill_after", [1, 3])
def test_sigkill_right_after_an_answer_is_saved_then_resume(tmp_path, write_script, uninterrupted, kill_after):
    script = _script(write_script)
    folder = tmp_path / "killed"
    r = run_interview_cli("run", "--script", str(script), "--session-dir", str(folder), cwd=REPO,
                          env={KILL_AFTER_TURN_ENV: str(kill_after)})
    assert r.returncode == -signal.SIGKILL
    saved = _turns(folder)
    assert [t["index"] for t in saved] == list(range(1, kill_after + 1))

    r = run_interview_cli("resume", str(folder), cwd=REPO)
    assert r.returncode == 0, r.stderr
    session = json.loads((folder / "session.json").read_text())
    assert session["status"] == "completed"
    # Same interview as one that was never interrupted: nothing lost, nothing asked twice.
    assert _essence(session["turns"]) == uninterrupted
    assert _essence(session["turns"])[:kill_after] == _essence(saved)
    assert any(e["kind"] == "resumed" for e in session["events"])


def test_sigkill_while_waiting_for_a_typed_answer_then_resume(tmp_path):
    folder = tmp_path / "typed"
    cmd = [sys.executable, "-m", "agent.cli", "run", "--text", "--flow", "system_design", "--level", "senior",
           "--seed", "4", "--session-dir", str(folder)]
    proc = subprocess.Popen(cmd, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    for answer in ANSWERS[:3]:
        proc.stdin.write(answer + "\n\n")  # an empty line sends a typed answer
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if (folder / "session.json").exists() and len(_turns(folder)) == 3:
            break
        time.sleep(0.05)
    time.sleep(0.5)  # it is now blocked reading the fourth answer
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    before = _turns(folder)
    assert [t["transcript"] for t in before] == ANSWERS[:3]

    r = run_interview_cli("resume", str(folder), cwd=REPO, stdin="".join(a + "\n\n" for a in ANSWERS[3:]))
    assert r.returncode == 0, r.stderr
    after = json.loads((folder / "session.json").read_text())["turns"]
    assert _essence(after)[:3] == _essence(before)
    assert [t["index"] for t in after] == list(range(1, len(after) + 1)), "turns are numbered from 1"
    assert [t["transcript"] for t in after if t["transcript"]][: len(ANSWERS)] == ANSWERS[: len(after)]
    prompts = [t["prompt_text"] for t in after]
    assert len(prompts) == len(set(prompts)), "a question was asked twice"


def test_resuming_a_completed_session_is_refused_and_changes_nothing(tmp_path, write_script):
    folder = tmp_path / "done"
    assert run_interview_cli("run", "--script", str(_script(write_script)), "--session-dir", str(folder), cwd=REPO).returncode == 0
    before = (folder / "session.json").read_bytes()
    r = run_interview_cli("resume", str(folder), cwd=REPO)
    assert r.returncode == 2
    assert r.stderr.strip() == f"error: {folder}: this session is already complete"
    assert (folder / "session.json").read_bytes() == before
