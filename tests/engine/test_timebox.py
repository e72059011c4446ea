"""Time-boxing: per-question budgets and the flow's duration; the interviewer wraps up politely."""
from agent.clock import question_budget_s, session_budget_s

LONG = ("I would start by agreeing on the goal with the team and then look at the data we already have. " * 12).strip()


def test_long_answers_run_out_the_clock_and_the_interviewer_wraps_up(driver):
    d = driver("system_design", level="senior")
    planned = len(d.state["plan"])
    assert planned >= 4
    # Ten-minute answers in a 90-minute round.
    while d.waiting:
        d.answer(LONG, duration_s=600)
    state = d.state
    asked = {e["question_id"] for e in state["exchanges"] if e["kind"] == "question"}
    assert len(asked) < planned
    assert state["ended_reason"] == "time is up"
    assert state["closing"].startswith(d.flow.persona.wrap_up)
    assert state["elapsed_s"] <= session_budget_s(d.flow) + 600


def test_a_question_over_its_budget_gets_no_more_follow_ups(driver):
    d = driver("system_design", level="senior", pinned=["latency_regression"])
    budget = question_budget_s(d.flow, len(d.state["plan"]))
    d.answer("It depends.", duration_s=budget + 1)
    assert d.waiting["kind"] == "question", "a follow-up came although the question's time was spent"
    assert d.state["decisions"][-1]["reason"] == "out of time for this question"


def test_short_answers_leave_time_for_every_planned_question(driver):
    d = driver("quick_practice", level="mid")
    while d.waiting:
        d.answer("I would look at the metric, the users affected and the tradeoff, then decide.", duration_s=20)
    state = d.state
    asked = [e["question_id"] for e in state["exchanges"] if e["kind"] == "question"]
    assert asked == state["plan"]
    assert state["ended_reason"] == "all planned questions asked"
    assert state["closing"] == d.flow.persona.closing


def test_an_answer_stopped_by_the_cap_is_acknowledged_politely(driver):
    d = driver("system_design", level="senior", pinned=["latency_regression", "api_breaking_change"])
    cap = d.flow.answer_cap_s
    nxt = d.answer("I'd size it first and then look at what changed in the release. " * 20,
                   duration_s=cap, ended_by="cap")
    assert nxt["text"].startswith(d.flow.persona.cut_in + " ")
    nxt = d.answer("I'd roll it back behind the feature flag.", duration_s=10)
    assert not nxt["text"].startswith(d.flow.persona.cut_in)
