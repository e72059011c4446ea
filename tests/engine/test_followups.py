"""Follow-ups aim at what the answer really left out; silence and skips are handled kindly."""
from agent.coverage import covered_areas
from question_flows import Area, load_bank

Q = load_bank()["latency_regression"]

# Covers scope, release diff, tracing and prevention; says nothing about mitigating or rolling back.
NO_ROLLBACK = (
    "First I'd size it: which endpoints and which users are hit, is it all traffic or one segment. "
    "Then I'd sit with the on-call engineer and look at what changed in the release, the diff and any config change. "
    "We'd pull traces to see where the time goes, maybe a slow query or a downstream call. "
    "Afterwards I'd add a latency alert and a canary so this is caught earlier next time."
)
# Only mitigation: everything else is a gap, and the first gap in the question's order is sizing it.
ONLY_ROLLBACK = "Honestly I would just roll it back right away with the feature flag and think later."


def test_follow_up_targets_the_area_the_answer_left_out(driver):
    d = driver("system_design", level="senior", pinned=["latency_regression"])
    nxt = d.answer(NO_ROLLBACK)
    assert nxt["kind"] == "follow_up"
    assert nxt["area"] == "mitigation_rollback"
    assert nxt["text"] == next(f.text for f in Q.follow_ups if f.area == "mitigation_rollback")


def test_follow_up_goes_to_the_first_real_gap(driver):
    d = driver("system_design", level="senior", pinned=["latency_regression"])
    nxt = d.answer(ONLY_ROLLBACK)
    assert nxt["kind"] == "follow_up" and nxt["area"] == "impact_scope"
    assert "mitigation_rollback" in covered_areas(ONLY_ROLLBACK, Q.areas_to_cover)


def test_speech_recognition_slips_still_count_as_coverage():
    heard = "we'd look at the traces, my guess is the redis cash got cold after the deploy, so roll back first"
    covered = covered_areas(heard, Q.areas_to_cover)
    assert {"root_cause_tracing", "release_diff", "mitigation_rollback"} <= set(covered)
    areas = [Area(id="arch", description="service split", cues=["microservices", "monolith"]),
             Area(id="sql", description="queries", cues=["sql query", "join"])]
    assert set(covered_areas("we split it into micro services and wrote a sequel query", areas)) == {"arch", "sql"}
    assert covered_areas("we met the customer and talked", areas) == {}


def test_follow_ups_never_exceed_the_flow_budget_and_never_repeat(driver):
    d = driver("system_design", level="senior", pinned=["latency_regression"])
    d.answer("I'm not sure where I'd begin, probably by talking to people about it.")
    while d.waiting and d.waiting["question_id"] == "latency_regression":
        d.answer("I would talk to the team about it and get everybody aligned on a plan.")
    on_q = [p for p in d.prompts if p["question_id"] == "latency_regression"]
    follow_ups = [p for p in on_q if p["kind"] == "follow_up"]
    assert len(follow_ups) == d.flow.follow_up_budget
    assert len({p["text"] for p in on_q}) == len(on_q)


def test_a_skip_gets_no_follow_up(driver):
    d = driver("system_design", level="senior", pinned=["latency_regression", "api_breaking_change"])
    nxt = d.answer("Can we skip this one?")
    assert nxt["kind"] == "question" and nxt["question_id"] == "api_breaking_change"


def test_silence_gets_one_gentle_reprompt_then_the_interview_moves_on(driver):
    d = driver("system_design", level="senior", pinned=["latency_regression", "api_breaking_change"])
    nxt = d.answer("", duration_s=8)
    assert nxt["kind"] == "reprompt"
    assert nxt["text"].startswith(d.flow.persona.reprompt) and Q.text in nxt["text"]
    nxt = d.answer("um", duration_s=8)
    assert nxt["kind"] == "question" and nxt["question_id"] == "api_breaking_change"


def test_an_answer_after_a_reprompt_is_followed_up_normally(driver):
    d = driver("system_design", level="senior", pinned=["latency_regression"])
    assert d.answer("", duration_s=5)["kind"] == "reprompt"
    nxt = d.answer(NO_ROLLBACK)
    assert nxt["kind"] == "follow_up" and nxt["area"] == "mitigation_rollback"


def test_covering_every_area_earns_a_deeper_generic_probe(driver):
    d = driver("system_design", level="senior", pinned=["latency_regression"])
    nxt = d.answer(NO_ROLLBACK + " While we dig in, I'd roll back behind the feature flag.")
    assert nxt["kind"] == "follow_up" and nxt["area"] is None and nxt["probe"] == "tradeoff"


def test_the_candidate_can_end_the_interview(driver):
    d = driver("system_design", level="senior")
    assert d.answer("", end_interview=True) is None
    assert d.state["ended_reason"] == "candidate ended the interview"
