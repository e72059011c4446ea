"""`interview serve --ws` driven by voicebench's own WebSocket client, on 127.0.0.1 only.

The server is the real console command in a child process; the client is voicebench's runner and
`websocket` adapter playing a spoken answer (real espeak speech) in real time, recording the
interviewer's audio and scoring it. Nothing is faked but the sound card.
"""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from support import REPO

pytest.importorskip("voicebench")

ANSWER = "I would start with the customers who churned last quarter and agree on one success metric."


@pytest.fixture
def server(tmp_path):
    """A running `interview serve --ws --once`; yields (url, sessions folder, process)."""
    sessions = tmp_path / "sessions"
    proc = subprocess.Popen(
        [sys.executable, "-m", "agent.cli", "serve", "--ws", "--port", "0", "--once", "--sessions", str(sessions)],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "INTERVIEW_LLM_MODEL": ""},
    )
    assert proc.stdout is not None
    url, lines, deadline = None, [], time.monotonic() + 120
    while url is None and time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if line.startswith("listening on "):
            url = line.split()[-1]
    assert url and url.startswith("ws://127.0.0.1:"), "".join(lines)
    yield url, sessions, proc, lines
    if proc.poll() is None:
        proc.kill()
    proc.wait(timeout=10)


@pytest.mark.slow
def test_a_spoken_answer_over_the_websocket_gets_a_reply_and_is_saved(server, tmp_path):
    from voicebench.bench import run_benchmark
    from voicebench.scenario import parse_scenario

    from audio.tts import CANDIDATE_VOICE, Synthesizer
    from audio.wav import SAMPLE_RATE, resample, write_wav

    url, sessions, proc, lines = server
    with Synthesizer(CANDIDATE_VOICE.with_(rate=150)) as tts:
        chunk = tts.render(ANSWER)
    write_wav(tmp_path / "answer.wav", resample(chunk.samples, chunk.sample_rate, SAMPLE_RATE), SAMPLE_RATE)
    scenario = parse_scenario({
        "name": "one-answer", "sample_rate": 16000, "frame_ms": 20, "tail_ms": 8000,
        "vad": {"agent": {"min_silence_ms": 1500}},  # a pause between two sentences is not the end
        "adapter": {"type": "websocket", "options": {"url": url}},
        "turns": [{"id": "answer", "audio": {"file": "answer.wav"}, "text": ANSWER, "response_timeout_ms": 10000,
                   "start": {"after": "agent_speech_end", "delay_ms": 400, "timeout_ms": 60000}}],
    }, base_dir=tmp_path)

    with ThreadPoolExecutor(1) as pool:  # its own event loop, whatever loop an earlier test left running here
        result = pool.submit(asyncio.run, run_benchmark(scenario)).result()

    turn = result.sessions[0].turns[0]
    assert turn.trigger == "anchor", turn.notes  # the interviewer asked first, and finished
    assert turn.responded and not turn.talk_over, turn.notes  # a reply came, after the answer
    assert 0 < turn.response_latency_ms < 10000
    assert turn.wer is not None and turn.wer <= 0.3, turn.transcript  # what the server says it heard
    # The client hung up after the reply: the server saved the session and stopped (--once).
    proc.wait(timeout=60)
    out = "".join(lines) + proc.stdout.read()
    assert "client left; every answer so far is saved" in out, out
    (folder,) = [p for p in sessions.iterdir() if p.is_dir()]
    session = json.loads((folder / "session.json").read_text())
    assert session["channel"] == "voice" and session["settings"]["transport"] == "websocket"
    first = session["turns"][0]
    assert first["via"] == "audio" and (folder / first["answer_audio"]).is_file()
    for word in ("customers", "quarter", "metric"):
        assert word in first["transcript"].lower()
    assert first["transcript"].strip() == turn.transcript.strip()


def test_serve_names_the_bad_option_before_loading_anything(tmp_path):
    from support import run_interview_cli

    for args, error in [
        ((), "error: serve: say which transport: --ws (PCM over WebSocket)"),
        (("--ws", "--flow", "nope"), "error: --flow: "),
        (("--ws", "--level", "guru"), "error: --level: unknown level 'guru'"),
        (("--ws", "--port", "70000"), "error: --port: 70000 is not a port number (0-65535)"),
    ]:
        r = run_interview_cli("serve", *args, cwd=tmp_path, timeout=60)
        assert r.returncode == 2 and r.stderr.startswith(error), (args, r.stderr)
        assert "Traceback" not in r.stderr and not (tmp_path / "sessions").exists()
