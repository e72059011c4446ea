"""The LLM brain against a real HTTP server on 127.0.0.1 speaking the OpenAI protocol."""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys

import pytest

from agent.brain.llm import LLMBrain
from agent.grading import finish_session, grade_session
from agent.llm import LLMClient, LLMConfig, config_from
from agent.session import save_session

from .conftest import ANSWERS, follow_up_ctx, session_of, timed_follow_up
from .fake_openai import FakeOpenAI

KEY = "sk-test-SECRET-4f9a1c"
ITEMS = [
    ("latency_regression", ANSWERS["latency_regression"]["strong"]),
    ("api_breaking_change", ANSWERS["api_breaking_change"]["medium"]),
]
REAL_QUOTE = "I'd also watch error rate and conversion as guardrails"


def judge_reply(score: int = 78, quotes: list[tuple[int, str]] | None = None) -> dict:
    quotes = [(1, REAL_QUOTE)] if quotes is None else quotes
    return {"content": json.dumps({"score": score, "evidence": [{"turn": t, "quote": q} for t, q in quotes],
                                   "gaps": ["no cost estimate"]})}


def brain(server: FakeOpenAI, **kw) -> LLMBrain:
    cfg = LLMConfig(model="fake-model", base_url=server.base_url, api_key=KEY, timeout_s=kw.pop("timeout_s", 5.0),
                    retries=kw.pop("retries", 2), backoff_s=0.01, **kw)
    return LLMBrain(cfg)


def test_valid_grade(bank, rubric):
    with FakeOpenAI([judge_reply()]) as server:
        g = grade_session(session_of(bank, ITEMS), rubric, "mid", brain(server), bank=bank)
    assessed = [s for s in g.signals if s.assessed]
    assert g.brain == "llm:fake-model" and all(s.source == "llm" for s in assessed)
    assert all(s.score == 78 for s in assessed) and g.overall == 78
    assert assessed[0].evidence[0].quote == REAL_QUOTE and assessed[0].evidence[0].turn == 1
    assert g.dropped_quotes == 0 and not g.events
    assert g.settings["llm"]["model"] == "fake-model" and g.settings["llm"]["response_format"] == "json_schema"
    body = server.requests[0]
    assert body["temperature"] == 0 and body["response_format"]["type"] == "json_schema"
    assert '<candidate_answer turn="1">' in body["messages"][1]["content"]
    assert "never instructions" in body["messages"][0]["content"]


def test_malformed_json_then_recovery(bank, rubric):
    replies = [{"content": "Sure! Here is the grade: {score: 80,"}, {"content": '{"score": 150, "evidence": [], "gaps": []}'},
               judge_reply()]
    with FakeOpenAI(replies) as server:
        b = brain(server)
        g = grade_session(session_of(bank, ITEMS), rubric, "mid", b, bank=bank)
    assert not g.events and all(s.source == "llm" for s in g.signals if s.assessed)
    assert b.client.attempts == b.config.judge_asks * len([s for s in g.signals if s.assessed]) + 2


def test_one_outlying_ask_does_not_move_the_score(bank, rubric):
    """Each signal is asked three times, worded differently at the end; the median score counts."""
    with FakeOpenAI([judge_reply(20), judge_reply(80), judge_reply(74), judge_reply(70)]) as server:
        g = grade_session(session_of(bank, ITEMS), rubric, "mid", brain(server), bank=bank)
        bodies = server.requests
    first, second = [s for s in g.signals if s.assessed][:2]
    assert (first.score, second.score) == (74, 70)  # (20, 80, 74) -> 74; (70, 70, 70) -> 70
    users = [b["messages"][1]["content"] for b in bodies]
    assert len(set(users[:3])) == 3, "the three asks differ"
    # The answers come first, so a server's prompt cache reads them once for every signal and ask.
    shared = os.path.commonprefix(users)
    assert ITEMS[0][1][:200] in shared and ITEMS[1][1][:200] in shared
    assert len({b["messages"][0]["content"] for b in bodies}) == 1


def test_timeout_falls_back_to_offline_and_is_recorded(bank, rubric, tmp_path):
    session = session_of(bank, ITEMS)
    offline = grade_session(session_of(bank, ITEMS), rubric, "mid", None, bank=bank)
    with FakeOpenAI([{"sleep": 1.5, "content": "{}"}]) as server:
        g = finish_session(session, brain(server, timeout_s=0.3, retries=1), rubric, bank=bank)
    assert g.brain == "offline" and all(s.source == "offline" for s in g.signals)
    assert [s.score for s in g.signals] == [s.score for s in offline.signals]
    assert g.events and all(e.kind == "llm_fallback" and "timed out" in e.message for e in g.events)
    assert [e.message for e in session.events] == [e.message for e in g.events]
    save_session(tmp_path, session)
    assert "llm_fallback" in (tmp_path / "session.json").read_text()


def test_server_lost_between_asks_keeps_the_answered_asks_and_says_so(bank, rubric):
    """The breaker opens on the second ask of the first signal: that signal keeps the LLM's one reading,
    recorded as partial; the signals after it are graded offline without another request."""
    with FakeOpenAI([judge_reply(64), {"sleep": 1.5, "content": "{}"}]) as server:
        b = brain(server, timeout_s=0.5, retries=1)
        b.notify = lambda line: None
        g = grade_session(session_of(bank, ITEMS), rubric, "mid", b, bank=bank)
        sent = len(server.requests)
    first, *rest = [s for s in g.signals if s.assessed]
    assert (first.source, first.score) == ("llm", 64) and rest and all(s.source == "offline" for s in rest)
    assert sent == 2, "no request after the timeout"
    assert [e.kind for e in g.events] == ["llm_partial", "llm_fallback"], "one note for every signal graded offline"
    assert "1 of 3 asks answered (signal_grade: the LLM is unreachable (timed out" in g.events[0].message
    assert all(s.id in g.events[1].message for s in rest) and "timed out after 0.5 s" in g.events[1].message


def test_invented_quote_is_dropped_and_counted(bank, rubric):
    reply = judge_reply(70, [(1, "We migrated everything to Cassandra in two days"), (1, REAL_QUOTE.upper()),
                             (2, "  keep   the old one running  ")])
    with FakeOpenAI([reply]) as server:
        g = grade_session(session_of(bank, ITEMS), rubric, "mid", brain(server), bank=bank)
    n = len([s for s in g.signals if s.assessed])
    assert g.dropped_quotes == n  # one invented quote per signal
    transcripts = {1: ITEMS[0][1], 2: ITEMS[1][1]}
    for s in g.signals:
        if s.assessed:
            assert [e.quote for e in s.evidence] == [REAL_QUOTE, "keep the old one running"]
            assert all(e.quote in transcripts[e.turn] for e in s.evidence)
    assert any(e.kind == "quotes_dropped" for e in g.events)


def test_a_whole_answer_quoted_as_evidence_is_cut_to_one_sentence(bank, rubric):
    """Qwen2.5-Coder-1.5B quotes the whole answer for every signal: verbatim, but it points at nothing.
    Each signal keeps one sentence of it, the one that shows that signal (a number, a named system)."""
    answer = ITEMS[0][1]
    with FakeOpenAI([judge_reply(85, [(1, answer), (1, answer)])]) as server:
        g = grade_session(session_of(bank, ITEMS), rubric, "mid", brain(server), bank=bank)
    assessed = [s for s in g.signals if s.assessed]
    assert g.dropped_quotes == 0 and all(s.score == 85 for s in assessed)
    for s in assessed:
        quotes = [e.quote for e in s.evidence]
        assert 2 <= len(quotes) <= 3 and len(set(quotes)) == len(quotes), quotes  # the same span again: another sentence
        for q in quotes:
            assert q in answer and len(q) < len(answer) / 3 and q.rstrip().endswith((".", "?", "!")), q
    quoted = {e.quote for s in assessed for e in s.evidence}
    assert any("400 milliseconds" in q or "Datadog" in q or "1.2 second" in q for q in quoted), quoted
    assert all(len(p.quote) < len(answer) / 3 for p in g.strengths if p.quote)


WHEN_AI_VAGUE = ("AI belongs when it adds value and doesn't belong when it doesn't. You should consider cost of "
                 "error, deterministic baselines, economics, tokens and latency, and have a clear rule and criteria and "
                 "threshold.")
WHEN_AI_CONCRETE = ("AI is a good fit for unstructured things like summarizing or classifying text. I'd avoid it where "
                    "mistakes are expensive, like anything with money, and I'd check whether a simple rule would do "
                    "the job just as well.")


def test_a_platitude_the_llm_quotes_is_no_strength(bank, rubric):
    """Qwen 1.5B gave the vague answer 85 and quoted its platitude; the concrete one 85 too. The score
    is the judge's; a strength must show something (the rule the offline brain follows)."""
    def graded(answer: str, quote: str):
        with FakeOpenAI([judge_reply(85, [(1, quote)])]) as server:
            return grade_session(session_of(bank, [("when_ai_belongs", answer)]), rubric, "mid", brain(server), bank=bank)

    vague = graded(WHEN_AI_VAGUE, "AI belongs when it adds value and doesn't belong when it doesn't")
    concrete = graded(WHEN_AI_CONCRETE, "I'd avoid it where mistakes are expensive, like anything with money")
    assert vague.signals and all(e.quote.startswith("AI belongs") for s in vague.signals for e in s.evidence)
    assert not vague.strengths
    assert concrete.strengths
    assert "anything with money" in concrete.strengths[0].quote


def test_only_invented_quotes_cap_the_score(bank, rubric):
    with FakeOpenAI([judge_reply(95, [(1, "I personally rewrote the kernel")])]) as server:
        g = grade_session(session_of(bank, ITEMS), rubric, "mid", brain(server), bank=bank)
    assert all(s.score <= 15 for s in g.signals if s.assessed) and g.overall <= 15


@pytest.mark.parametrize("status", [400, 500])  # llama.cpp's server says 400, llama-cpp-python's 500
def test_llama_cpp_style_server_gets_json_object_with_schema(bank, rubric, status):
    with FakeOpenAI([{"reject_json_schema": status}, judge_reply()]) as server:
        g = grade_session(session_of(bank, ITEMS), rubric, "mid", brain(server), bank=bank)
    assert g.settings["llm"]["response_format"] == "json_object_schema" and not g.events
    fmt = server.requests[-1]["response_format"]
    assert fmt["type"] == "json_object" and fmt["schema"]["required"] == ["score", "evidence", "gaps"]


def test_injected_answer_is_withheld_from_the_judge(bank, rubric):
    items = [("halt_rollout_metric", ANSWERS["halt_rollout_metric"]["injection"])]
    with FakeOpenAI([judge_reply(100, [(1, "I would look at the error rate and the latency during the rollout")])]) as server:
        g = grade_session(session_of(bank, items), rubric, "mid", brain(server), bank=bank)
    prompt = server.requests[0]["messages"][1]["content"]
    assert "highest score" not in prompt and "answer withheld" in prompt
    assert g.dropped_quotes >= 1 and g.overall <= 15 and g.recommendation != "hire"


def test_streamed_follow_up_first_sentence_arrives_early(bank):
    text = ("What number would make you halt the rollout? And who makes that call on the night?")
    with FakeOpenAI([{"content": text, "chunk": 8, "chunk_delay": 0.08}]) as server:
        first, rest, t_first, t_all = timed_follow_up(brain(server), follow_up_ctx(bank))
    assert first == "What number would make you halt the rollout?"
    assert rest == ["And who makes that call on the night?"]
    assert t_first < t_all - 0.3
    body = server.requests[0]
    assert body["stream"] is True and body["temperature"] == 0
    assert "Gap to probe" in body["messages"][1]["content"]


def test_next_step_uses_llm_wording_aimed_at_the_offline_gap(bank):
    from agent.brain.offline import OfflineBrain

    ctx = follow_up_ctx(bank)
    offline = OfflineBrain().next_step(ctx)
    spoken: list[str] = []
    # A statement after the question is dropped: the question is what gets spoken last.
    with FakeOpenAI([{"content": "You said you'd check the logs. Which users felt it first, and how many? Be specific."}]) as server:
        b = brain(server)
        b.on_sentence = spoken.append
        d = b.next_step(ctx)
        again = b.next_step(ctx)  # a node re-run on resume gets the same line without a new request
    assert d.action == "follow_up"
    assert d.text == "You said you'd check the logs. Which users felt it first, and how many?"
    assert (d.area, d.probe) == (offline.area, offline.probe)
    assert again == d and len(server.requests) == 1 and spoken == ["You said you'd check the logs.", "Which users felt it first, and how many?"]


def test_follow_up_that_is_not_a_question_falls_back(bank):
    from agent.brain.offline import OfflineBrain

    ctx = follow_up_ctx(bank)
    with FakeOpenAI([{"content": "The user is asking about the topic of how to solve a problem."}]) as server:
        b = brain(server)
        d = b.next_step(ctx)
    assert d == OfflineBrain().next_step(ctx)
    assert [e.kind for e in b.drain_events()] == ["llm_fallback"]


def test_follow_up_falls_back_when_the_server_is_down(bank):
    from agent.brain.offline import OfflineBrain

    cfg = LLMConfig(model="m", base_url="http://127.0.0.1:9/v1", api_key=KEY, timeout_s=0.5, retries=1, backoff_s=0.01)
    b = LLMBrain(cfg)
    ctx = follow_up_ctx(bank)
    d = b.next_step(ctx)
    assert d == OfflineBrain().next_step(ctx)
    events = b.drain_events()
    assert len(events) == 1 and events[0].kind == "llm_fallback" and KEY not in events[0].message


def test_config_from_flags_and_environment():
    assert config_from(None, {}) is None
    env = {"OPENAI_BASE_URL": "http://user:pw@127.0.0.1:8000/v1?key=abc", "OPENAI_API_KEY": KEY, "INTERVIEW_LLM_MODEL": "m"}
    cfg = config_from(None, env)
    assert cfg.model == "m" and cfg.api_key == KEY
    assert cfg.public()["base_url"] == "http://127.0.0.1:8000/v1" and KEY not in repr(cfg) and KEY not in str(cfg.public())
    assert cfg.timeout_s == 30.0 and config_from(None, {**env, "INTERVIEW_LLM_TIMEOUT": "180"}).timeout_s == 180.0
    from agent.errors import UserError

    with pytest.raises(UserError, match="INTERVIEW_LLM_TIMEOUT: not a number of seconds: 'soon'"):
        config_from(None, {**env, "INTERVIEW_LLM_TIMEOUT": "soon"})


def test_api_key_never_written(bank, rubric, tmp_path, caplog):
    """Through the real CLI: re-grade a session with the key on the command line; look everywhere."""
    folder = tmp_path / "session"
    session = session_of(bank, ITEMS, timed=True)
    save_session(folder, session)
    (folder / "report.md").write_text("old report\n")  # existing reports get refreshed
    for replies, fails in (([judge_reply()], False), ([{"status": 500, "error": f"boom {KEY}"}], True)):
        with FakeOpenAI(replies) as server:
            proc = subprocess.run(
                [sys.executable, "-m", "agent.cli", "grade", str(folder), "--llm-base-url", server.base_url,
                 "--llm-model", "fake-model", "--llm-api-key", KEY, "--save"],
                capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        assert proc.returncode == 0, proc.stderr
        assert all(a == f"Bearer {KEY}" for a in server.auth)  # the key was used...
        assert KEY not in proc.stdout and KEY not in proc.stderr  # ...and never shown
        assert ("offline" in proc.stdout) == fails
    written = [p for p in folder.rglob("*") if p.is_file()]
    assert {p.name for p in written} >= {"session.json", "report.md"}
    for p in written:
        assert KEY not in p.read_bytes().decode("utf-8", "replace"), p
    data = json.loads((folder / "session.json").read_text())
    assert len(data["grades"]) == 2 and data["grade"] == data["grades"][-1]
    # In-process too, with every logger at DEBUG (the openai client logs requests there).
    caplog.set_level(logging.DEBUG)
    with FakeOpenAI([{"status": 500, "error": f"echo {KEY}"}]) as server:
        g = grade_session(session, rubric, "mid", brain(server, retries=1), bank=bank)
    assert KEY not in caplog.text and KEY not in g.model_dump_json()


def test_client_redacts_the_key_from_errors():
    from agent.llm import LLMError

    with FakeOpenAI([{"status": 401, "error": f"bad key {KEY}"}]) as server:
        client = LLMClient(LLMConfig(model="m", base_url=server.base_url, api_key=KEY, retries=0))
        with pytest.raises(LLMError) as e:
            client.chat_json([{"role": "user", "content": "x"}], {"type": "object"}, "x", lambda d: d)
    assert KEY not in str(e.value) and "HTTP 401" in str(e.value)


def test_end_of_run_records_each_fallback_once(bank, rubric, tmp_path):
    from agent.finish import grade_and_report

    session = session_of(bank, ITEMS)
    with FakeOpenAI([{"status": 503, "error": "overloaded"}]) as server:
        b = brain(server, retries=0)
        grade_and_report(tmp_path, session, b)
    n = len([s for s in session.grade.signals if s.assessed])
    assert [e.kind for e in session.events] == ["llm_fallback"] * n
    assert "HTTP 503" in (tmp_path / "session.json").read_text()


# ---- circuit breaker and announcement, through the real CLI ---------------------------------

BREAKER_ANSWERS = [
    "I'd size it first, then read the traces with the on-call engineer and roll back if it keeps burning.",
    "The traces pointed at the pricing service, which had a new query without an index.",
    "We added an index, the tail went back to 210 milliseconds, and a load test now gates releases.",
    "I'd keep the old version running for six months and email the twelve heaviest consumers myself.",
    "A dashboard of who is still on the old version, and short planned outages in the last month.",
]


def _refusing_url() -> str:
    """A port nothing listens on: connections to it are refused at once."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/v1"


def _run_with_llm(tmp_path, write_script, base_url: str, *extra: str):
    from support import REPO, run_interview_cli

    script = write_script(flow="system_design", level="mid", questions=["latency_regression", "api_breaking_change"],
                          answers=[{"text": t, "via": "text"} for t in BREAKER_ANSWERS])
    folder = tmp_path / "s"
    r = run_interview_cli("run", "--script", str(script), "--session-dir", str(folder), "--llm-base-url", base_url,
                          "--llm-model", "qwen-test", *extra, cwd=REPO, env={"INTERVIEW_LLM_MODEL": ""})
    assert r.returncode == 0, r.stderr
    return r, json.loads((folder / "session.json").read_text())


def test_refused_connection_is_told_once_and_the_run_goes_on_offline(tmp_path, write_script):
    url = _refusing_url()
    r, session = _run_with_llm(tmp_path, write_script, url)
    assert f"brain: llm, model qwen-test at {url}" in r.stdout.splitlines()[1]
    notices = [line for line in r.stderr.splitlines() if "LLM fell back" in line]
    assert len(notices) == 1 and "unreachable (connection failed" in notices[0], r.stderr
    assert not [line for line in r.stderr.splitlines() if line.startswith("note: LLM")], "told once, not every turn"
    # The scorecard's notes say it once too, not once per signal graded offline.
    assert sum("unreachable" in line for line in r.stdout.splitlines()) == 1, r.stdout
    follow_ups = [t for t in session["turns"] if t["kind"] == "follow_up"]
    assert follow_ups, "the offline brain still asks follow-ups"
    fallbacks = [e for e in session["events"] if e["kind"] == "llm_fallback"]
    assert fallbacks and all("unreachable" in e["message"] for e in fallbacks)
    assert session["grade"]["brain"] == "offline"


def test_timeout_opens_the_breaker_after_one_request(tmp_path, write_script):
    with FakeOpenAI([{"sleep": 3.0, "content": "Which service did the traces point to?"}]) as server:
        r, session = _run_with_llm(tmp_path, write_script, server.base_url, "--llm-timeout", "0.5")
        requests = len(server.requests)
    assert requests == 1, "after the first timeout no turn waits on the server again"
    notices = [line for line in r.stderr.splitlines() if "LLM fell back" in line]
    assert len(notices) == 1 and "timed out after 0.5 s" in notices[0]
    assert session["grade"]["brain"] == "offline"
    assert any(e["kind"] == "llm_fallback" for e in session["events"])


def test_offline_runs_announce_the_offline_brain(tmp_path, write_script):
    from support import REPO, run_interview_cli

    script = write_script(flow="system_design", level="mid", questions=["latency_regression"],
                          answers=[{"text": BREAKER_ANSWERS[0], "via": "text"}])
    r = run_interview_cli("run", "--script", str(script), "--session-dir", str(tmp_path / "s"), cwd=REPO,
                          env={"INTERVIEW_LLM_MODEL": ""})
    assert r.returncode == 0, r.stderr
    assert any(line.startswith("brain: offline") for line in r.stdout.splitlines())
    assert "LLM fell back" not in r.stderr


def test_grade_announces_the_model_on_stderr_and_keeps_json_clean(bank, tmp_path):
    from support import REPO, run_interview_cli

    transcript = tmp_path / "t.yaml"
    transcript.write_text(json.dumps({"level": "mid", "turns": [
        {"question": "How would you find the cause of a latency regression?", "answer": BREAKER_ANSWERS[0]}]}))
    url = _refusing_url()
    r = run_interview_cli("grade", str(transcript), "--json", "--llm-base-url", url, "--llm-model", "qwen-test",
                          cwd=REPO, env={"INTERVIEW_LLM_MODEL": ""})
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["brain"] == "offline"
    lines = r.stderr.splitlines()
    assert f"brain: llm, model qwen-test at {url}" in lines[0]
    assert sum("LLM fell back" in line for line in lines) == 1
