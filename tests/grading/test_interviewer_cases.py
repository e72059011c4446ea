"""The cases issue 8 lists, graded as a human interviewer would grade them.

Each transcript goes through the same calls as `interview grade transcript.yaml` (the CLI itself is
exercised in test_verdict_reports.py). Answers are written in natural words, not in the cue words
the grader once looked for.
"""
from __future__ import annotations

import pytest

from agent.grading import grade_session
from agent.grading.transcript import TranscriptFile, transcript_session

FEEDBACK_Q = "Tell me about feedback from an engineer that was hard to hear. What did you do with it?"
STORY = (
    "Last spring I was the PM on our checkout redesign, and Priya, our tech lead, told me in a retro that my "
    "specs read like a list of screens and never said what problem we were solving. Honestly it stung; my first "
    "instinct was to defend the spec. But when I reread the last three specs she was right, and I was solving the "
    "wrong problem: we had spent six weeks polishing a flow that only 4 percent of buyers ever reached. I rewrote "
    "the next spec to open with the user problem and the metric, and I asked Priya to review the draft before anyone "
    "estimated it. The next quarter rework tickets went from about twenty per sprint to five. Since then every spec "
    "I write starts with the problem and a success metric."
)
GENERIC = (
    "An engineer gave me feedback that the timeline was too aggressive and that the team felt pressured. It was hard "
    "to hear, but I listened to the feedback and we talked it through as a team. We agreed to push the launch so "
    "that engineering had time to test properly. In the end the launch went well and the relationship improved."
)
TRADEOFF_Q = ("Tell me about a significant technical tradeoff you had to make that shaped product development. "
              "How did you reach the decision?")
VAGUE = ("We had a tradeoff once about performance versus features. We weighed the pros and cons with engineering "
         "and the stakeholders and reached a decision everyone could live with. It turned out fine in the end.")
RATE_Q = ("How would you scope a rate limiting feature for our public API, and which non-functional requirements "
          "would you write into the spec?")
CACHING = ("I'd put a cache in front of the API so repeated reads never hit the database. Redis works well; you pick "
           "a sensible time to live, say five minutes for product data, and invalidate on writes so users don't see "
           "stale prices. Watch the hit rate, and plan for the cache going down, because a cold cache can send a "
           "stampede of requests to the database.")
AI_Q = ("For a new AI feature, how would you choose between better prompting, retrieval augmented generation, and "
        "fine-tuning a model?")
# The answer the prep guides publish for this question, in its usual shape: cheapest lever first,
# RAG for knowledge, fine-tuning for behaviour, an eval set to decide.
AI_MODEL_ANSWER = (
    "I'd start with the cheapest lever and only move up when the evidence says it isn't enough. Prompt engineering "
    "comes first because it costs hours, not weeks: clear instructions, a few examples and a defined output format "
    "fix a surprising share of problems. If the model is missing knowledge, especially private or fast-changing "
    "knowledge like our help articles, I'd reach for retrieval-augmented generation, so answers are grounded in "
    "documents we control and can cite, and updating knowledge is just re-indexing. Fine-tuning is for changing "
    "behaviour rather than knowledge: a consistent tone, a strict format, or a narrow task where we have thousands "
    "of labelled examples, and it brings training cost, a model to maintain and the risk of going stale. Whatever we "
    "pick, I'd build an evaluation set of a few hundred real queries first, so we can compare the options on "
    "accuracy, latency and cost per request instead of arguing from opinion."
)


def grade(bank, rubric, turns: list[dict], level: str = "mid"):
    tf = TranscriptFile(level=level, turns=turns)
    session, questions = transcript_session(tf, rubric, bank, level)
    return grade_session(session, rubric, level, bank=bank, questions=questions)


def quotes_of(g) -> dict[str, list[str]]:
    return {s.id: [e.quote for e in s.evidence] for s in g.signals}


def test_a_short_direct_answer_to_a_follow_up_is_not_flagged(bank, rubric):
    g = grade(bank, rubric, [
        {"question": FEEDBACK_Q, "answer": STORY},
        {"question": "Did the engineer notice a difference?", "kind": "follow_up",
         "answer": "Yes. Two sprints later Priya said it was the first spec she could estimate without a meeting."},
    ])
    assert g.flags == []
    assert not any("asked" in p.text and "question" in p.text for p in g.improvements[:1])


def test_a_caching_answer_to_a_rate_limiting_question_is_off_topic_and_earns_no_strength(bank, rubric):
    g = grade(bank, rubric, [{"question": RATE_Q, "answer": CACHING}])
    assert [f.kind for f in g.flags] == ["off_topic"]
    assert g.strengths == []
    assert g.questions[0].verdict == "not credited"


def test_a_vague_story_earns_no_strength(bank, rubric):
    g = grade(bank, rubric, [{"question": TRADEOFF_Q, "answer": VAGUE}])
    assert g.strengths == [], [p.quote for p in g.strengths]
    assert all(not s.evidence for s in g.signals)
    assert "general account" in g.questions[0].note
    assert any(p.gap and "real example" in p.gap for p in g.next_steps)


def test_a_quote_backs_only_the_indicator_it_shows(bank, rubric):
    g = grade(bank, rubric, [{"question": FEEDBACK_Q, "answer": STORY}])
    stung = "Honestly it stung; my first instinct was to defend the spec."
    specs = next(p for s in rubric.signals for p in s.indicators if p.id == "specs_engineers_read")
    assert not any(p.quote == stung and p.indicator != "owns_a_mistake" for p in g.strengths)
    assert not any(p.text == specs.description and p.quote == stung for p in g.strengths)
    owned = [p for p in g.strengths if p.indicator == "owns_a_mistake"]
    assert owned and ("she was right" in owned[0].quote or "stung" in owned[0].quote)


def test_a_lesson_is_not_taken_for_owning_a_mistake(bank, rubric):
    lesson = ("An engineer told me the timeline was too aggressive for the team. We talked it through and agreed to "
              "push the launch. I learned to involve engineering earlier.")
    g = grade(bank, rubric, [{"question": FEEDBACK_Q, "answer": lesson}])
    assert "owns_a_mistake" not in next(s.indicators for s in g.signals if s.id == "eng_trust")


def test_unprobed_signals_show_no_quotes_and_no_sentence_is_both_strength_and_improvement(bank, rubric):
    g = grade(bank, rubric, [{"question": FEEDBACK_Q, "answer": STORY}])
    for s in g.signals:
        if not s.assessed:
            assert s.evidence == [] and s.gaps == ["not probed by any question in this session"], s.id
    strong = {p.quote for p in g.strengths}
    assert not strong & {p.quote for p in g.improvements + g.next_steps if p.quote}


def test_a_full_score_lists_nothing_missing(bank, rubric):
    from agent.grading.feedback import gaps
    from agent.grading.offline import prepare

    tf = TranscriptFile(level="mid", turns=[{"question": FEEDBACK_Q, "answer": STORY}])
    session, questions = transcript_session(tf, rubric, bank, "mid")
    r = next(r for r in prepare(session, rubric, bank, questions).results if r.signal.id == "eng_trust")
    r.score = 100
    assert gaps(r) == []


def test_a_near_full_score_lists_no_trait_as_missing_or_as_a_next_step(bank, rubric):
    # The story shows more of eng_trust's traits than its score can use: another one would add nothing,
    # so none is "missing" and none becomes a next step, though its score is short of 100.
    from agent.grading.feedback import gaps
    from agent.grading.offline import prepare

    tf = TranscriptFile(level="senior", turns=[{"question": FEEDBACK_Q, "answer": STORY}])
    session, questions = transcript_session(tf, rubric, bank, "senior")
    r = next(r for r in prepare(session, rubric, bank, questions).results if r.signal.id == "eng_trust")
    assert 90 <= r.score < 100
    assert gaps(r) == []
    g = grade_session(session, rubric, "senior", bank=bank, questions=questions)
    assert not [p.text for p in g.next_steps + g.improvements if p.indicator or "Not yet shown" in p.text]


def test_a_specific_story_outscores_a_generic_one(bank, rubric):
    story = grade(bank, rubric, [{"question": FEEDBACK_Q, "answer": STORY}])
    generic = grade(bank, rubric, [{"question": FEEDBACK_Q, "answer": GENERIC}])
    assert story.overall > generic.overall + 10, (story.overall, generic.overall)
    assert story.questions[0].verdict in ("strong", "solid")
    assert generic.strengths == [] or all(p.quote not in GENERIC or "push the launch" not in p.quote
                                          for p in generic.strengths)


def test_a_we_story_is_told_to_say_what_i_did(bank, rubric):
    g = grade(bank, rubric, [{"question": FEEDBACK_Q, "answer": GENERIC}])
    assert any(p.gap and "\"I\"" in p.gap for p in g.next_steps) or not g.questions[0].verdict == "strong"


@pytest.mark.parametrize("level", ["mid", "senior"])
def test_a_published_model_answer_to_an_ai_question_is_not_no_hire(bank, rubric, level):
    g = grade(bank, rubric, [{"question": AI_Q, "answer": AI_MODEL_ANSWER}], level)
    assert g.recommendation in ("hire", "strong hire"), (g.overall, g.recommendation)


def test_declining_in_natural_words_is_a_skip_not_an_answer(bank, rubric):
    g = grade(bank, rubric, [
        {"question": FEEDBACK_Q, "answer": STORY},
        {"question": TRADEOFF_Q, "answer": "I'd rather skip this one, I don't have a good example."},
    ])
    skipped = g.questions[1]
    assert skipped.verdict == "skipped" and skipped.score is None
    assert g.flags == [] and all(p.turn != 2 for p in g.strengths)
    assert "skipped 1 question" in g.summary or "skipped" in skipped.note.lower() or "passed" in skipped.note


def test_flags_speak_to_the_candidate_in_plain_words(bank, rubric):
    g = grade(bank, rubric, [{"question": RATE_Q, "answer": CACHING}])
    for text in [f.detail for f in g.flags] + [p.text for p in g.improvements + g.next_steps] + [g.summary]:
        assert "off_topic" not in text and "_" not in text.split("“")[0], text


MICRO_Q = "Engineering proposes splitting our monolith into microservices. How would you evaluate whether it's worth it?"
MICRO = ("First I'd want to know what pain the split is supposed to fix. If the complaint is slow deploys because twelve "
         "teams share one release train, I'd look at deploy frequency and how often one team's change blocks another. "
         "I'd ask the engineers to price the running cost: more on-call rotations, network calls that can fail, and "
         "tracing across services. My bias is to carve out one service with a clear boundary first, measure deploy "
         "time and incident count for a quarter, then decide on the rest.")


def test_each_next_step_is_said_once(bank, rubric):
    """An off-topic answer, steered back, then a real answer that left a part out: the part left out
    came both as the question's own step and as the scorecard's improvement, and was listed twice."""
    g = grade(bank, rubric, [
        {"question": MICRO_Q, "answer": "For caching I'd put Redis in front of the product catalogue with a five "
                                        "minute expiry, since reads outnumber writes by a lot."},
        {"question": "Let's come back to the question I asked. " + MICRO_Q, "answer": MICRO, "kind": "follow_up"},
    ], "senior")
    texts = [p.text for p in g.next_steps]
    assert len(texts) == len(set(texts)), texts
    assert any("another subject" in t for t in texts), texts


def test_a_head_count_is_not_praised_as_reasoning_in_latency_or_cost(bank, rubric):
    """'twelve teams share one release train' is a figure, not numbers for latency, throughput,
    storage or cost: it was quoted as that strength."""
    g = grade(bank, rubric, [{"question": MICRO_Q, "answer": MICRO}], "senior")
    numbers = [p for p in g.strengths if "numbers and units" in p.text]
    assert all("twelve teams" not in (p.quote or "") for p in numbers), numbers
