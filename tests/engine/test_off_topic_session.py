"""An answer about something else, in a real typed session (`interview run --text`, the real graph):
the interviewer steers back to the question as a human would, the candidate's second try is heard
as an answer, and the grade says the first one was off topic. The off-topic answer shares the
question's world (data infrastructure) but says nothing about caching: the lead's case."""
from __future__ import annotations

import json

import pytest

from support import REPO, run_interview_cli

KAFKA = ("Well, I really love how Kafka handles partitions, and for our analytics warehouse we moved to Snowflake "
         "last year which cut our query bill by about a third.")
BACK_ON_TOPIC = ("Fair enough. A cache earns its keep when the same product pages are read thousands of times a minute "
                 "and change a few times a day. It turns into a trap when nobody owns invalidation: we once showed "
                 "yesterday's prices for a whole afternoon, and afterwards every cached value got an owner and a "
                 "time to live the product manager signed off on.")
SHORT_REPLY = "Ask product what a five-minute-old price would cost us."


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sessions") / "typed"
    answers = [KAFKA, BACK_ON_TOPIC, SHORT_REPLY]
    r = run_interview_cli("run", "--text", "--session-dir", str(folder), "--flow", "system_design", "--question", "caching_tradeoffs",
                          "--level", "senior", cwd=REPO, stdin="\n\n".join(answers) + "\n\n/end\n")
    assert r.returncode == 0, r.stderr
    return json.loads((folder / "session.json").read_text()), (folder / "report.md").read_text(), r.stdout


def _turn(s: dict, transcript: str) -> dict:
    return next(t for t in s["turns"] if t["transcript"] == transcript)


def test_the_interviewer_steers_back_to_the_caching_question(session):
    s, _, shown = session
    steer = s["turns"][s["turns"].index(_turn(s, KAFKA)) + 1]
    question = _turn(s, KAFKA)["prompt_text"].split("Here's the first question. ")[-1]
    assert steer["prompt_text"].startswith("Let's come back to the question I asked."), steer["prompt_text"]
    assert "When is adding a cache the right call" in steer["prompt_text"]
    assert "What kind of traffic makes a cache clearly worth it?" not in [t["prompt_text"] for t in s["turns"][:2]]
    assert question in shown.replace("\n", " ") or "adding a cache" in shown


def test_the_second_try_is_heard_and_followed_up_not_steered_back_again(session):
    s, _, _ = session
    after = s["turns"][s["turns"].index(_turn(s, BACK_ON_TOPIC)) + 1]
    assert "come back to the question" not in after["prompt_text"], after["prompt_text"]
    # The system-design interviewer pushes on a choice made in the answer, not in the one it steered back from.
    assert not any(w in after["prompt_text"] for w in ("Snowflake", "Kafka")), after["prompt_text"]
    assert _turn(s, SHORT_REPLY)  # the follow-up was asked and answered


def test_the_grade_calls_the_kafka_answer_off_topic_and_only_that(session):
    s, md, _ = session
    g = s["grade"]
    off = _turn(s, KAFKA)["index"]
    assert [(f["kind"], f["turn"]) for f in g["flags"]] == [("off_topic", off)], g["flags"]
    assert g["weakest"]["turn"] == off and "about another subject" in g["weakest"]["text"], g["weakest"]
    assert not any(KAFKA in x["text"] for x in g["strengths"])
    assert f"[turn {off}]" in md and "about something other than the question" in md
