"""`interview doctor` pings the configured LLM server: a dead one is reported as something to fix."""
from __future__ import annotations

import socket

from support import REPO, run_interview_cli

from .fake_openai import FakeOpenAI


def _llm_line(out: str) -> str:
    """The LLM check and its advice, unwrapped (Rich wraps at the terminal width)."""
    start = out.index(" LLM: ") - 4
    return " ".join(out[start:].split())


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again: nothing listens there


def test_doctor_pings_the_llm_server(tmp_path):
    with FakeOpenAI() as server:
        r = run_interview_cli("doctor", cwd=tmp_path, env={"INTERVIEW_LLM_MODEL": "fake-model",
                                                           "OPENAI_BASE_URL": server.base_url,
                                                           "OPENAI_API_KEY": "sk-secret-ping"})
    assert r.returncode == 0, r.stderr
    line = _llm_line(r.stdout)
    assert line.startswith("OK") and "answering" in line
    assert "sk-secret-ping" not in r.stdout

    dead = f"http://127.0.0.1:{_dead_port()}/v1"
    r = run_interview_cli("doctor", cwd=tmp_path, env={"INTERVIEW_LLM_MODEL": "fake-model", "OPENAI_BASE_URL": dead})
    line = _llm_line(r.stdout)
    assert line.startswith("FIX") and "unreachable" in line and "Connection refused" in line, line
    assert "start the server" in r.stdout


def test_doctor_checks_the_llm_the_config_file_names(tmp_path):
    """The config file's [llm] is what `run` and `grade` use, so it is what the doctor pings."""
    dead = f"http://127.0.0.1:{_dead_port()}/v1"
    (tmp_path / "cfg" / "tpm-interview").mkdir(parents=True)
    (tmp_path / "cfg" / "tpm-interview" / "config.toml").write_text(
        f'[llm]\nmodel = "from-config"\nbase_url = "{dead}"\n')
    r = run_interview_cli("doctor", cwd=tmp_path, env={"XDG_CONFIG_HOME": str(tmp_path / "cfg"),
                                                       "INTERVIEW_LLM_MODEL": "", "OPENAI_BASE_URL": ""})
    line = _llm_line(r.stdout)
    assert line.startswith("FIX") and "model from-config" in line and "Connection refused" in line, line
