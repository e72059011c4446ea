"""Advice on a part an answer left out reads as a sentence to the candidate, whatever the form
of the bank's description of that part (a noun phrase, a "how they..." clause, a criterion)."""
from __future__ import annotations

import re

import pytest

from agent.grading.story import about_other_than_work
from agent.grading.wording import area_advice, area_left_out
from question_flows import load_bank


@pytest.mark.parametrize("description, advice, left_out", [
    ("The outcome and the relationship afterwards.", "also cover the outcome and the relationship afterwards.",
     "the outcome and the relationship afterwards"),
    ("Their honest first reaction.", "also cover your honest first reaction.", "your honest first reaction"),
    ("What they changed in response.", "also say what you changed in response.", "what you changed in response"),
    ("Describes the engineers' view fairly, not just their own.",
     "describe the engineers' view fairly, not just your own.",
     "describing the engineers' view fairly, not just your own"),
    ("Samples and categorizes failures to measure how often and where it is wrong.",
     "sample and categorize failures to measure how often and where it is wrong.",
     "sampling and categorizing failures to measure how often and where it is wrong"),
    ("First asks whether the break is necessary or can be made additive, and why it is worth the cost.",
     "first ask whether the break is necessary or can be made additive, and why it is worth the cost.",
     "first asking whether the break is necessary or can be made additive, and why it is worth the cost"),
    # plural nouns are not verbs, and "they" that is someone else stays theirs
    ("Logs and audit trails of every action, with anomaly alerts.",
     "also cover logs and audit trails of every action, with anomaly alerts.",
     "logs and audit trails of every action, with anomaly alerts"),
    ("Describes the system and its data concretely, with names and sizes.",
     "describe the system and its data concretely, with names and sizes.",
     "describing the system and its data concretely, with names and sizes"),
    ("The options weighed and how they were evaluated against each other.",
     "also cover the options weighed and how they were evaluated against each other.",
     "the options weighed and how they were evaluated against each other"),
    ("HTTPS and TLS encrypt traffic between browser and server.",
     "also cover HTTPS and TLS encrypt traffic between browser and server.",
     "HTTPS and TLS encrypt traffic between browser and server"),
])
def test_advice_follows_the_form_of_the_description(description, advice, left_out):
    assert area_advice(description) == advice
    assert area_left_out(description) == left_out


def test_no_advice_on_the_bank_garbles_a_criterion():
    # "cover describes the engineers' view...", "cover this part too: The outcome..." were the old forms:
    # a verb left in its -s form after "cover" is followed by its object ("names the engineer").
    garbled = re.compile(r"^also cover \w+s (?:the|a|an|what|how|which|who|whether|it|them|their)\b")
    for q in load_bank().values():
        for a in q.areas_to_cover:
            advice = area_advice(a.description)
            assert not garbled.match(advice), advice
            assert "this part too" not in advice and advice.endswith(".") and not advice[:2].istitle(), advice


def test_a_thin_answer_is_not_a_story_about_something_else():
    assert not about_other_than_work(["We had a disagreement once.", "It worked out."])
    assert about_other_than_work([
        "Last spring I trained for my first marathon, which took about sixteen weeks.",
        "I built a plan with long runs on Sundays, and my coach told me I was pushing too hard.",
    ])
    assert not about_other_than_work([
        "Last spring our checkout page took nine seconds to load on older phones, and people gave up.",
        "I sat with Ana from the web team and we cut the bundle in half.",
    ])
