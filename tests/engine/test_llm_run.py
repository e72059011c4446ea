"""A whole run with the LLM brain against a real OpenAI-protocol server on 127.0.0.1."""
import json

from grading.fake_openai import FakeOpenAI
from support import REPO, run_interview_cli

KEY = "sk-test-run-7f3a9c"
FOLLOW_UP = "You mentioned the traces. Which service did they point to first?"


def test_llm_follow_ups_in_a_scripted_run_and_the_key_is_never_written(tmp_path, write_script):
    script = write_script(flow="system_design", level="senior", questions=["latency_regression"], answers=[
        {"text": "I'd size it, then read the traces with the on-call engineer and roll back if it keeps burning.", "via": "text"},
        {"text": "The traces pointed at the pricing service, which had a new query without an index.", "via": "text"},
    ])
    folder = tmp_path / "s"
    # Every request gets the follow-up: fine for the interviewer; the judge cannot parse it and
    # must fall back to the offline grader, and say so.
    with FakeOpenAI([{"content": FOLLOW_UP}]) as server:
        r = run_interview_cli("run", "--script", str(script), "--session-dir", str(folder),
                              "--llm-base-url", server.base_url, "--llm-model", "test-model", cwd=REPO,
                              env={"OPENAI_API_KEY": KEY, "INTERVIEW_LLM_MODEL": ""})
        assert r.returncode == 0, r.stderr
        assert any(a == f"Bearer {KEY}" for a in server.auth)
    session = json.loads((folder / "session.json").read_text())
    assert session["brain"] == "llm:test-model"
    assert session["turns"][1]["kind"] == "follow_up" and session["turns"][1]["prompt_text"] == FOLLOW_UP
    assert (folder / session["turns"][1]["prompt_audio"]).is_file()
    grade = session["grade"]
    assert grade["overall"] >= 0 and any("offline" in json.dumps(e) for e in grade.get("events", []))
    for path in folder.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), f"API key written to {path}"
    assert KEY not in r.stdout and KEY not in r.stderr
