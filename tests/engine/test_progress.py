"""Waits over a second show a spinner on a terminal, and nothing when the output is piped."""
import json

from grading.fake_openai import FakeOpenAI
from support import REPO, run_interview_cli, run_interview_cli_on_terminal

CLIP = REPO / ".cache/test-data/librivox/sense_and_sensibility_01_austen_64kb-0870.wav"
ANSWER = "I would read the traces with the on-call engineer first, then decide whether to roll back the release."


def test_transcribe_shows_progress_on_a_terminal_and_keeps_piped_output_clean(tmp_path):
    code, out, shown = run_interview_cli_on_terminal("transcribe", str(CLIP), cwd=tmp_path)
    assert code == 0
    assert f"transcribing {CLIP.name}" in shown
    piped = run_interview_cli("transcribe", str(CLIP), "--json", cwd=tmp_path)
    assert piped.returncode == 0 and piped.stderr == ""
    json.loads(piped.stdout)  # nothing but the JSON


def test_a_scripted_run_shows_speech_recognition_on_a_terminal(tmp_path, write_script):
    script = write_script(flow="quick_practice", level="mid", answers=[{"text": ANSWER}])
    code, out, shown = run_interview_cli_on_terminal("run", "--script", str(script), "--session-dir",
                                                      str(tmp_path / "s"), cwd=REPO)
    assert code == 0, shown
    assert "transcribing answer 1" in shown and "grading the interview" in shown
    assert "transcribing" not in out
    piped = run_interview_cli("run", "--script", str(script), "--session-dir", str(tmp_path / "p"), cwd=REPO)
    assert piped.returncode == 0 and "transcribing" not in piped.stderr + piped.stdout


def test_an_llm_that_fails_is_said_on_the_terminal_not_only_in_the_session(tmp_path):
    folder = tmp_path / "s"
    with FakeOpenAI([{"status": 500, "error": "the model is overloaded"}]) as server:
        r = run_interview_cli("run", "--text", "--session-dir", str(folder), "--llm-base-url", server.base_url,
                              "--llm-model", "test-model", "--llm-timeout", "2", cwd=REPO,
                              stdin=f"{ANSWER}\n\n/end\n", env={"OPENAI_API_KEY": "sk-x", "INTERVIEW_LLM_MODEL": ""})
    assert r.returncode == 0, r.stderr
    said = [line for line in r.stderr.splitlines() if line.startswith("note: LLM ")]
    assert said and "the offline brain asked instead" in said[0]
    recorded = json.loads((folder / "session.json").read_text())["events"]
    fallbacks = [e["message"] for e in recorded if e["kind"] == "llm_fallback"]
    assert fallbacks and all(m in r.stdout + r.stderr for m in fallbacks), "every fallback is told, once"
    assert all((r.stdout + r.stderr).count(m) == 1 for m in fallbacks)
