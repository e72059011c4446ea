"""A session folder on a read-only mount or a full disk: every command says so in one line (exit 2),
nothing recorded is damaged, and once space is freed `resume` finishes the interview.

Tests run as root, so chmod would not stop a write: they mount a small tmpfs (and remount it
read-only), and skip, saying why, where mounting is not permitted.
"""
from __future__ import annotations

import json
import os
import subprocess

import pytest

from agent.faults import KILL_AFTER_TURN_ENV
from .conftest import REPO, run_interview_cli

ANSWERS = [
    "I would start from the users who feel the slowdown and check p99 latency by region since the release.",
    "Then I would compare traces before and after the deploy, and look at the cache hit rate.",
]


def _typed(answers):
    return "".join(a + "\n\n" for a in answers)


@pytest.fixture
def small_fs(tmp_path):
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mnt)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({r.stderr.strip() or 'not permitted'})")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], check=False)


def _remount(mnt, mode):
    subprocess.run(["mount", "-o", f"remount,{mode}", str(mnt)], check=True)


def _fill(mnt):
    """Fill the disk to the last byte."""
    fd = os.open(mnt / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        for block in (65536, 1):
            try:
                while True:
                    os.write(fd, b"\0" * block)
            except OSError:
                pass
    finally:
        os.close(fd)


def _interrupted(mnt):
    folder = mnt / "s"
    r = run_interview_cli("run", "--text", "--flow", "system_design", "--session-dir", str(folder), cwd=REPO,
                          stdin=_typed(ANSWERS[:1]), env={KILL_AFTER_TURN_ENV: "1"})
    assert r.returncode < 0, r.stderr
    return folder


def _one_line(r, *fragments):
    assert r.returncode == 2, (r.args, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr, r.stderr
    line = r.stderr.strip().splitlines()[-1]
    assert line.startswith("error: "), r.stderr
    for f in fragments:
        assert f in line, line
    return line


def _commands(folder, mnt):
    return {
        "resume": ["resume", str(folder)],
        "note": ["note", str(folder), "--at", "1:00:00", "good start"],
        "report": ["report", str(folder)],
        "grade": ["grade", "--save", str(folder)],
        "history": ["history", "--root", str(mnt)],
        "run": ["run", "--text", "--session-dir", str(mnt / "new")],
    }


def test_read_only_mount(small_fs):
    folder = _interrupted(small_fs)
    before = (folder / "session.json").read_bytes()
    _remount(small_fs, "ro")
    try:
        for args in _commands(folder, small_fs).values():
            _one_line(run_interview_cli(*args, cwd=REPO, stdin=_typed(ANSWERS[1:])), "Read-only file system")
        assert (folder / "session.json").read_bytes() == before
        assert not (small_fs / "new").exists()
    finally:
        _remount(small_fs, "rw")


def test_full_disk_then_resume_after_space_is_freed(small_fs):
    folder = _interrupted(small_fs)
    before = (folder / "session.json").read_bytes()
    _fill(small_fs)
    for name, args in _commands(folder, small_fs).items():
        r = run_interview_cli(*args, cwd=REPO, stdin=_typed(ANSWERS[1:]))
        if r.returncode == 0:
            assert name in ("report", "history", "note"), f"{name} wrote to a full disk?"  # tiny files may fit
            continue
        line = _one_line(r)
        assert "No space left on device" in line or "disk is full" in line, line
        if name == "resume":
            assert "interview resume" in line  # says how to carry on once space is freed
    saved = json.loads((folder / "session.json").read_text())
    assert saved["turns"][0]["transcript"] == json.loads(before)["turns"][0]["transcript"]
    assert not (small_fs / "new").exists()

    (small_fs / "filler").unlink()
    r = run_interview_cli("resume", str(folder), cwd=REPO, stdin=_typed(ANSWERS[1:]))
    assert r.returncode == 0, r.stderr
    done = json.loads((folder / "session.json").read_text())
    assert done["status"] == "completed" and done["grade"] is not None
    assert [t["transcript"] for t in done["turns"][:2]] == ANSWERS
