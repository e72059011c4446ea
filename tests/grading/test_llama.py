"""The LLM brain against a real local model: llama-cpp-python's server and Qwen2.5-Coder-1.5B-Instruct.

Set up with `make llm` (scripts/offline_llm.sh setup); skipped when that has not been done. The
test starts the server itself on a free port, measures follow-up and grading latency (figures in
bench/RESULTS.md), and checks that the follow-up is a question, grading needs no fallback and every
quote is the candidate's own words. How well the model ranks answers is a benchmark
(bench/calibration_bench.py --brain llm), not a test: a 1.5B judge is not reliable enough to gate on.
"""
from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from agent.brain.llm import LLMBrain
from agent.grading import grade_session
from agent.llm import LLMConfig

from .conftest import ANSWERS, follow_up_ctx, session_of, timed_follow_up

ROOT = Path(__file__).resolve().parents[2]
VENV_PY = ROOT / ".cache/llm/venv/bin/python"
MODEL = ROOT / ".cache/llm/models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
ALIAS = "qwen2.5-coder-1.5b-instruct"

pytestmark = [
    pytest.mark.llama,
    pytest.mark.skipif(not (VENV_PY.exists() and MODEL.exists()), reason="no local llama.cpp server (scripts/offline_llm.sh setup)"),
]


@pytest.fixture(scope="module")
def llama_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [str(VENV_PY), "-m", "llama_cpp.server", "--model", str(MODEL), "--model_alias", ALIAS,
         "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096", "--verbose", "False"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                urllib.request.urlopen(f"{url}/models", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.skip("the llama.cpp server did not start")
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def test_follow_up_and_grading_latency(bank, rubric, llama_url, record_property):
    brain = LLMBrain(LLMConfig(model=ALIAS, base_url=llama_url, timeout_s=300, retries=1))
    first, rest, first_s, follow_up_s = timed_follow_up(brain, follow_up_ctx(bank))
    assert first.endswith("?") or any(s.endswith("?") for s in rest), (first, rest)

    session = session_of(bank, [("halt_rollout_metric", ANSWERS["halt_rollout_metric"]["strong"])])
    t0 = time.perf_counter()
    g = grade_session(session, rubric, "mid", brain, bank=bank)
    grade_s = time.perf_counter() - t0
    text = session.turns[0].transcript
    assert g.brain == f"llm:{ALIAS}" and not [e for e in g.events if e.kind == "llm_fallback"], g.events
    assert all(e.quote in text for s in g.signals for e in s.evidence)
    assert brain.client.format_mode == "json_object_schema"  # llama-cpp-python refuses json_schema
    asked = len([s for s in g.signals if s.assessed]) * brain.config.judge_asks
    record_property("follow_up_first_sentence_s", round(first_s, 2))
    record_property("follow_up_s", round(follow_up_s, 2))
    record_property("grade_s", round(grade_s, 2))
    print(f"\nllama: follow-up first sentence {first_s:.2f}s, whole {follow_up_s:.2f}s ({' '.join([first, *rest])!r}); "
          f"grading {asked} asks {grade_s:.2f}s; overall {g.overall}; dropped quotes {g.dropped_quotes}")

