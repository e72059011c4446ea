"""One writer per session folder: a second run/resume/grade is refused naming the holder's pid, and a
coach note added while the interview is live survives the run's later saves."""
from __future__ import annotations

import json
import subprocess
import sys
import time

from .conftest import REPO, run_interview_cli

ANSWERS = [
    "I would start from the users who feel the slowdown and check p99 latency by region since the last release.",
    "Then I would compare traces before and after the deploy, and look at the cache hit rate.",
    "I would roll back behind the flag if the error budget burns, and pause the rollout at ten percent.",
    "For the API I would version the endpoint and give partners six months to move over.",
]


def _typed(answers):
    return "".join(a + "\n\n" for a in answers)  # an empty line sends each answer


def _session(folder):
    return json.loads((folder / "session.json").read_text())


def _live_text_run(folder):
    """A real `interview run --text` waiting for its first typed answer (it holds the folder)."""
    cmd = [sys.executable, "-m", "agent.cli", "run", "--text", "--flow", "system_design", "--level", "senior",
           "--seed", "4", "--session-dir", str(folder)]
    proc = subprocess.Popen(cmd, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    return proc


def _wait_for_turns(folder, n, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if len(_session(folder)["turns"]) >= n:
                return
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    raise AssertionError(f"the run never saved {n} turns")


def test_second_writer_is_refused_and_a_live_note_is_kept(tmp_path):
    folder = tmp_path / "live"
    proc = _live_text_run(folder)
    try:
        proc.stdin.write(_typed(ANSWERS[:1]))
        proc.stdin.flush()
        _wait_for_turns(folder, 1)

        for args in (["resume", str(folder)], ["run", "--text", "--session-dir", str(folder)], ["grade", "--save", str(folder)]):
            r = run_interview_cli(*args, cwd=REPO, stdin="")
            assert r.returncode == 2, (args, r.stderr)
            assert r.stderr.strip() == (f"error: {folder}: in use by another interview process (pid {proc.pid}); "
                                        "wait for it to finish"), args

        # A coach's note lands while the run is live, and the run's next saves keep it.
        r = run_interview_cli("note", str(folder), "--at", "1:00:00", "opens with the user, good", cwd=REPO)
        assert r.returncode == 0, r.stderr
        out, err = proc.communicate(_typed(ANSWERS[1:]), timeout=180)  # then end of input: the end
        assert proc.returncode == 0, err
    finally:
        proc.kill()
    session = _session(folder)
    assert session["status"] == "completed" and session["grade"] is not None
    assert [t["transcript"] for t in session["turns"][: len(ANSWERS)]] == ANSWERS
    assert [n["text"] for n in session["notes"]] == ["opens with the user, good"]
    assert "opens with the user, good" in (folder / "report.md").read_text()


def test_two_runs_started_together_on_one_folder(tmp_path):
    folder = tmp_path / "race"
    stdin = _typed(ANSWERS)
    cmd = [sys.executable, "-m", "agent.cli", "run", "--text", "--flow", "system_design", "--level", "senior",
           "--session-dir", str(folder)]
    procs = [subprocess.Popen(cmd, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [p.communicate(stdin, timeout=180) for p in procs]
    codes = sorted(p.returncode for p in procs)
    assert codes == [0, 2], results
    refused = next(err for p, (_, err) in zip(procs, results) if p.returncode == 2)
    assert refused.startswith(f"error: {folder}: ") and ("in use by another interview process" in refused
                                                         or "already holds a session" in refused), refused
    session = _session(folder)
    # The winner's interview is whole: every answer in order, no turn missing or doubled.
    assert [t["index"] for t in session["turns"]] == list(range(1, len(session["turns"]) + 1))
    assert [t["transcript"] for t in session["turns"][: len(ANSWERS)]] == ANSWERS
