"""Bad files and half-finished folders get one line on stderr and exit 2, never a traceback, and a
refused start leaves no folder behind; what was recorded stays as it was."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from agent.faults import KILL_AFTER_TURN_ENV
from .conftest import REPO, run_interview_cli

ANSWER = "I would start from the users who feel it and check p99 latency by region since the release."


def _one_line_error(r, *fragments: str) -> str:
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    line = r.stderr.strip()
    assert "\n" not in line and line.startswith("error: "), r.stderr
    for f in fragments:
        assert f in line, line
    return line


@pytest.fixture
def interrupted(tmp_path):
    """A typed session killed after its first answer was saved."""
    folder = tmp_path / "cut"
    r = run_interview_cli("run", "--text", "--session-dir", str(folder), cwd=REPO, stdin=ANSWER + "\n\n",
                          env={KILL_AFTER_TURN_ENV: "1"})
    assert r.returncode < 0
    return folder


def test_garbage_checkpoints_on_resume(interrupted):
    (interrupted / "checkpoints.sqlite").write_bytes(b"this is not a database" * 100)
    for extra in ("-wal", "-shm"):
        (interrupted / f"checkpoints.sqlite{extra}").unlink(missing_ok=True)
    before = (interrupted / "session.json").read_bytes()
    r = run_interview_cli("resume", str(interrupted), cwd=REPO, stdin="")
    _one_line_error(r, "checkpoints.sqlite", "unreadable checkpoint database", "intact")
    assert (interrupted / "session.json").read_bytes() == before


def test_checkpoints_are_private(interrupted):
    for name in ("checkpoints.sqlite", "checkpoints.sqlite-wal", "checkpoints.sqlite-shm", "session.json"):
        path = interrupted / name
        if path.exists():
            assert path.stat().st_mode & 0o077 == 0, f"{name} is {oct(path.stat().st_mode & 0o777)}"
    assert (interrupted / "checkpoints.sqlite").exists()


def test_leftover_checkpoints_without_a_session_are_refused(interrupted, tmp_path):
    (interrupted / "session.json").unlink()
    db = (interrupted / "checkpoints.sqlite").read_bytes()
    r = run_interview_cli("run", "--text", "--flow", "system_design", "--session-dir", str(interrupted),
                          cwd=REPO, stdin=ANSWER + "\n\n")
    _one_line_error(r, "checkpoints.sqlite", "no session.json", "another --session-dir")
    assert (interrupted / "checkpoints.sqlite").read_bytes() == db
    assert not (interrupted / "session.json").exists()


def test_non_utf8_yaml_for_a_script_and_a_transcript(tmp_path):
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("level: mid\nturns:\n  - question: \"Caf\xe9?\"\n    answer: \"Oui\"\n".encode("latin-1"))
    folder = tmp_path / "s"
    r = run_interview_cli("run", "--script", str(bad), "--session-dir", str(folder), cwd=REPO)
    _one_line_error(r, str(bad), "not UTF-8")
    assert not folder.exists()
    _one_line_error(run_interview_cli("grade", str(bad), cwd=REPO), str(bad), "not UTF-8")


@pytest.mark.parametrize("answers,seed,fragment", [
    ([{"text": ANSWER}], 123456789012345678901234567890, "seed"),
    ([{"text": "word " * 2000}], 0, "answers[0].text: 10000 characters is too long to speak"),
])
def test_a_bad_script_leaves_no_folder(tmp_path, write_script, answers, seed, fragment):
    script = write_script(flow="quick_practice", level="mid", seed=seed, answers=answers)
    folder = tmp_path / "s"
    _one_line_error(run_interview_cli("run", "--script", str(script), "--session-dir", str(folder), cwd=REPO),
                    fragment)
    assert not folder.exists()


def test_an_unknown_voice_leaves_no_folder(tmp_path, write_script):
    script = write_script(flow="quick_practice", level="mid", answers=[{"text": ANSWER}])
    folder = tmp_path / "s"
    r = run_interview_cli("run", "--script", str(script), "--voice", "nonexistent", "--session-dir", str(folder),
                          cwd=REPO)
    _one_line_error(r, "nonexistent")
    assert not folder.exists()


def test_session_dir_pointing_at_a_file(tmp_path):
    target = tmp_path / "a-file"
    target.write_text("keep me")
    r = run_interview_cli("run", "--text", "--session-dir", str(target), cwd=REPO, stdin=ANSWER + "\n\n")
    _one_line_error(r, str(target), "is a file")
    assert target.read_text() == "keep me"


def test_a_closed_pipe_is_not_a_traceback(tmp_path):
    """`interview grade FILE | head -1`: the reader went away before the grade was printed."""
    transcript = tmp_path / "t.yaml"
    transcript.write_text(json.dumps({"level": "mid", "turns": [{"question": "Tell me about a launch.",
                                                                  "answer": ANSWER}]}))
    proc = subprocess.Popen([sys.executable, "-m", "agent.cli", "grade", str(transcript)], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # the reader is gone before anything is written
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err, err


@pytest.mark.parametrize("command", [["transcribe", "{dir}"], ["transcribe", "/dev/zero"]])
def test_transcribe_names_what_is_wrong_with_the_path(tmp_path, command):
    args = [a.format(dir=tmp_path) for a in command]
    line = _one_line_error(run_interview_cli(*args, cwd=REPO))
    assert "not found" not in line
    assert ("is a directory" in line) if args[1] == str(tmp_path) else ("not a regular file" in line)
