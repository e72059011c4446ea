"""Off topic means far from the question in meaning, whatever words it shares (issue 8, item 2), on
answers written in natural words (tests/data/off_topic.yaml). bench/meaning_bench.py holds the full
recall figures per half; these tests hold the cases a candidate would notice and the no-false-alarm
guarantees on every set."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from agent.meaning import relevance
from agent.meaning.areas import is_story_question
from question_flows import load_bank

DATA = Path(__file__).resolve().parents[1] / "data"
SETS = yaml.safe_load((DATA / "off_topic.yaml").read_text())


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def _case(half: str, kind: str, qid: str) -> dict:
    return next(c for c in SETS[half][kind] if c["id"] == qid)


@pytest.mark.parametrize("qid, why", [
    ("caching_tradeoffs", "data infrastructure, but nothing about caching"),
    ("load_balancer_basics", "balancing the load between work and life"),
    ("context_window_effect", "the window of a home office"),
    ("rate_limiting_spec", "the rate of hiring was the limit"),
    ("url_shortener", "a sourdough starter, near no question at all"),
])
def test_an_answer_about_something_else_is_off_topic_whatever_words_it_shares(bank, qid, why):
    case = _case("tune", "off_topic", qid)
    verdict = relevance(case["text"], bank[qid], bank)
    assert verdict.off_topic, (why, verdict)


def test_the_kafka_answer_is_off_topic_because_nothing_in_it_is_near_caching(bank):
    verdict = relevance(_case("tune", "off_topic", "caching_tradeoffs")["text"], bank["caching_tradeoffs"], bank)
    assert verdict.off_topic and not verdict.closer_elsewhere, verdict  # no other question is clearly closer either
    assert "nothing in it near what was asked" in verdict.why  # the reason the interviewer records for steering back


@pytest.mark.parametrize("half", ["tune", "holdout"])
def test_answers_that_drift_into_an_anecdote_stay_on_topic(bank, half):
    flagged = [c["id"] for c in SETS[half]["drifting"] if relevance(c["text"], bank[c["id"]], bank).off_topic]
    assert flagged == [], flagged


@pytest.mark.parametrize("half", ["tune", "holdout"])
def test_short_on_point_replies_to_follow_ups_are_never_off_topic(bank, half):
    flagged = [c["reply"] for c in SETS[half]["follow_up"] if not c.get("off_topic")
               and relevance(c["reply"], bank[c["id"]], bank, asked=c["asked"], context=[c["answer"]]).off_topic]
    assert flagged == [], flagged


@pytest.mark.parametrize("half, words", [("tune", "my trip to Japan"), ("holdout", "the team lunch on Fridays")])
def test_a_reply_about_life_outside_the_follow_up_is_caught(bank, half, words):
    case = next(c for c in SETS[half]["follow_up"] if words in c["reply"])
    verdict = relevance(case["reply"], bank[case["id"]], bank, asked=case["asked"], context=[case["answer"]])
    assert case.get("off_topic") and verdict.off_topic, verdict


@pytest.mark.parametrize("name", ["calibration.yaml", "calibration_holdout.yaml"])
def test_no_strong_medium_or_weak_calibration_answer_is_off_topic(bank, name):
    data = yaml.safe_load((DATA / name).read_text())
    flagged = [(item["id"], tier) for item in data["questions"] if not is_story_question(bank[item["id"]].text)
               for tier, text in item["answers"].items() if relevance(text, bank[item["id"]], bank).off_topic]
    assert flagged == [], flagged


@pytest.mark.parametrize("half", ["tune", "holdout"])
def test_a_main_answer_of_a_few_words_on_point_is_never_off_topic(bank, half):
    flagged = [c["text"] for c in SETS[half]["terse"] if relevance(c["text"], bank[c["id"]], bank).off_topic]
    assert flagged == [], flagged


def test_a_few_words_about_a_hobby_are_off_topic(bank):
    verdict = relevance("Honestly, I'd rather tell you about my weekend climbing trip.", bank["sql_vs_nosql"], bank)
    assert verdict.off_topic, verdict
