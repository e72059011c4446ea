"""Delivery analytics from word timestamps."""
from __future__ import annotations

from agent.grading.delivery import compute_delivery, count_fillers
from agent.session import Session, Turn

from .conftest import timed_segments


def _session(text: str, gap_after=None, wps=2.4, prompt_s=10.0) -> Session:
    turn = Turn(index=1, kind="question", question_id="q", prompt_text="Q?", transcript=text,
                segments=timed_segments(text, wps=wps, gap_after=gap_after), prompt_duration_s=prompt_s)
    return Session(id="d", flow="f", level="mid", turns=[turn])


def test_words_per_minute_from_word_timestamps():
    text = " ".join(["We ship in stages."] * 30)  # 120 words at 2.4 words a second = 144 wpm
    d = compute_delivery(_session(text))
    assert d.words == 120
    assert abs(d.wpm - 144) < 2
    assert d.bands["wpm"].startswith("good")
    fast = compute_delivery(_session(text, wps=3.5))
    assert fast.wpm > 200 and fast.bands["wpm"] == "fast"


def test_long_pauses_inside_an_answer():
    text = "First I would size the problem. Then I would look at the release diff and the traces."
    d = compute_delivery(_session(text, gap_after={6: 3.0, 10: 1.0}))
    assert d.long_pauses == 1
    pause = d.answers[0].long_pauses[0]
    assert pause.turn == 1 and 2.0 < pause.duration_s < 3.5


def test_fillers_counted_only_where_they_are_fillers():
    counts = count_fillers("Um, so, like, we basically, you know, shipped it. I like Kafka. You know what I mean? "
                           "What kind of cache? It was kind of slow, uh, sort of.")
    assert counts == {"um": 1, "uh": 1, "you know": 1, "sort of": 1, "kind of": 1, "basically": 1, "like": 1}


def test_fillers_per_minute_and_talk_share():
    text = " ".join(["Um, we ship in stages, you know, with a canary."] * 12)
    d = compute_delivery(_session(text, prompt_s=10.0))
    assert d.fillers == 24
    assert d.fillers_per_min > 3 and d.bands["fillers"] == "distracting"
    assert 0.8 < d.talk_share < 1.0  # ~48 s of candidate speech against a 10 s question


def test_typed_answers_have_no_pace():
    turn = Turn(index=1, kind="question", question_id="q", prompt_text="Q?", transcript="Typed answer here.", via="typed")
    d = compute_delivery(Session(id="d", flow="f", level="mid", turns=[turn]))
    assert d.wpm is None and d.bands["wpm"] == "n/a" and d.words == 3
