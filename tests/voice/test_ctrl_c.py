"""Ctrl-C while a scripted answer is being heard (speech-to-text in flight): exit 130 with the resume
command, the session recorded as `stopped`, and no SIGABRT from a model thread torn down mid-call."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from support import REPO, ctrl_c_reaches_it, run_interview_cli

ANSWERS = [
    "I would start from the users who feel the slowdown and check p99 latency by region since the release, "
    "then compare traces before and after the deploy and look at the cache hit rate.",
    "I would roll back behind the flag if the error budget burns, and pause the rollout at ten percent.",
]


@pytest.mark.parametrize("delay_s", [0.8, 2.0])
def test_ctrl_c_during_a_scripted_answer(tmp_path, write_script, delay_s):
    script = write_script(flow="quick_practice", level="mid", answers=[{"text": a} for a in ANSWERS])
    folder = tmp_path / "s"
    proc = subprocess.Popen([sys.executable, "-m", "agent.cli", "run", "--script", str(script),
                             "--session-dir", str(folder)], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=ctrl_c_reaches_it)
    deadline = time.monotonic() + 120
    while not list((folder / "audio").glob("*prompt*.wav")):  # the first question is spoken: now the answer
        assert time.monotonic() < deadline and proc.poll() is None, proc.communicate()
        time.sleep(0.02)
    time.sleep(delay_s)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole process group
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "terminate called" not in err and "Traceback" not in err, err
    assert f"continue with `interview resume {folder}`" in err
    session = json.loads((folder / "session.json").read_text())
    assert session["status"] == "stopped"
    assert session["events"][-1]["kind"] == "stopped"

    if delay_s == 2.0:
        r = run_interview_cli("resume", str(folder), cwd=REPO)
        assert r.returncode == 0, r.stderr
        assert json.loads((folder / "session.json").read_text())["status"] == "completed"
