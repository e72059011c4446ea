"""The grade on answers about something else, and on answers that only look far (issue 8, item 2),
through the same calls as `interview grade transcript.yaml`. Answers from tests/data/off_topic.yaml."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from agent.grading import grade_session
from agent.grading.transcript import TranscriptFile, transcript_session

SETS = yaml.safe_load((Path(__file__).resolve().parents[1] / "data" / "off_topic.yaml").read_text())


def grade(bank, rubric, qid: str, answer: str):
    tf = TranscriptFile(level="mid", turns=[{"question": bank[qid].text, "question_id": qid, "answer": answer}])
    session, questions = transcript_session(tf, rubric, bank, "mid")
    return grade_session(session, rubric, "mid", bank=bank, questions=questions)


def test_the_kafka_answer_to_the_caching_question_is_graded_off_topic(bank, rubric):
    kafka = next(c for c in SETS["tune"]["off_topic"] if c["id"] == "caching_tradeoffs")["text"]
    g = grade(bank, rubric, "caching_tradeoffs", kafka)
    assert [f.kind for f in g.flags] == ["off_topic"], g.flags
    assert g.questions[0].verdict == "not credited" and g.strengths == []


@pytest.mark.parametrize("half", ["tune", "holdout"])
@pytest.mark.parametrize("kind", ["drifting", "terse"])
def test_on_topic_answers_that_drift_or_are_a_few_words_are_never_flagged(bank, rubric, half, kind):
    flagged = [c["text"] for c in SETS[half][kind]
               if any(f.kind == "off_topic" for f in grade(bank, rubric, c["id"], c["text"]).flags)]
    assert flagged == [], flagged


@pytest.mark.parametrize("half", ["tune", "holdout"])
def test_a_terse_on_point_answer_is_not_called_a_run_of_technical_terms(bank, rubric, half):
    # "Token buckets per API key." is thin, and graded thin; it is not gaming the grader.
    flagged = [c["text"] for c in SETS[half]["terse"]
               if any(f.kind == "keyword_salad" for f in grade(bank, rubric, c["id"], c["text"]).flags)]
    assert flagged == [], flagged


def test_a_story_answering_a_design_question_that_asks_for_experience_is_on_topic(bank, rubric):
    # "What metric would tell you to halt a rollout, and have you ever actually pulled that lever?"
    story = ("I owned the move of our customer notes from the old Mongo cluster to Postgres. Before the switch, the "
             "on-call engineer and I agreed that if more than half a percent of note reads came back empty, we'd point "
             "the app back at Mongo. We moved ten percent of accounts on a Tuesday. Within an hour empty reads hit two "
             "percent, so I made the call and we were back on Mongo in about fifteen minutes.")
    plan = ("I'd watch the error rate and checkout conversion, and if errors go above one percent for ten minutes we "
            "stop. We roll out to five percent first. Last year I stopped a search rollout when latency doubled.")
    for answer in (story, plan):
        g = grade(bank, rubric, "halt_rollout_metric", answer)
        assert g.flags == [] and g.questions[0].score >= 60, (answer, g.flags, g.questions)
    kafka = ("Well, I really love how Kafka handles partitions, and for our analytics warehouse we moved to Snowflake "
             "last year which cut our query bill by about a third.")
    assert [f.kind for f in grade(bank, rubric, "halt_rollout_metric", kafka).flags] == ["off_topic"]
