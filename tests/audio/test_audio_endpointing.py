"""End-of-turn decisions on frame sequences (no models: the VAD decisions, the words and the
smart-turn probability are given)."""

from __future__ import annotations

import pytest

from audio.endpointing import EndOfTurn, EndOfTurnDetector, EndpointingOptions, PauseToJudge, judge
from audio.turn_cues import find_thinking_phrase, hanging

FRAME = 0.032


def run(detector: EndOfTurnDetector, pattern: list[tuple[bool, float]], text: str = "",
        probability: float | None = None) -> EndOfTurn | None:
    """Feed (is_speech, seconds) runs, judging each pause on ``text`` and ``probability``;
    returns the first EndOfTurn."""
    t = 0.0
    for speech, seconds in pattern:
        for _ in range(int(round(seconds / FRAME))):
            t += FRAME
            event = detector.update(t, speech, FRAME)
            if isinstance(event, PauseToJudge):
                event = detector.decide(judge(probability, text, detector.options), probability)
            if event is not None:
                return event
    return None


# ------------------------------------------------------------------------------ semantic policy
COMPLETE = "First I'd check which endpoints got slower, then roll back behind the flag."


def test_a_complete_thought_ends_the_turn_after_a_short_silence():
    d = EndOfTurnDetector()
    event = run(d, [(False, 0.3), (True, 3.0), (False, 3.0)], COMPLETE, probability=0.93)
    assert event is not None and event.reason == "silence"
    assert 0.5 <= event.silence_s <= 0.8 + FRAME
    assert [(x.verdict, x.decision, x.probability) for x in d.decisions] == [("complete", "end", 0.93)]


@pytest.mark.parametrize("words", [
    "First I'd check which endpoints got slower, and",
    "The main risk is that the migration",
    "We could shard it by region because",
    "I'd start with, um",
])
def test_an_unfinished_thought_waits_up_to_four_seconds(words):
    d = EndOfTurnDetector()
    assert run(d, [(True, 3.0), (False, 3.5), (True, 1.0), (False, 0.3)], words, probability=0.95) is None
    assert [(x.verdict, x.decision) for x in d.decisions] == [("incomplete", "resumed")]
    ended = run(EndOfTurnDetector(), [(True, 3.0), (False, 6.0)], words, probability=0.95)
    assert ended is not None and ended.silence_s == pytest.approx(4.0, abs=FRAME)


def test_the_model_hearing_an_unfinished_sentence_makes_the_turn_wait():
    d = EndOfTurnDetector()
    ended = run(d, [(True, 3.0), (False, 6.0)], COMPLETE, probability=0.2)
    assert ended.silence_s == pytest.approx(4.0, abs=FRAME)
    assert d.decisions[0].verdict == "incomplete" and "sounds unfinished" in d.decisions[0].cues
    # without the model the words decide
    words_only = EndOfTurnDetector(EndpointingOptions(use_model=False))
    assert run(words_only, [(True, 3.0), (False, 6.0)], COMPLETE).silence_s < 0.8 + FRAME


def test_a_thinking_phrase_waits_longer_than_an_unfinished_thought():
    d = EndOfTurnDetector()
    ended = run(d, [(True, 2.0), (False, 8.0)], "Good point. Give me a moment to think it through.",
                probability=0.9)
    assert ended.silence_s == pytest.approx(6.0, abs=FRAME)
    assert d.decisions[0].verdict == "thinking" and d.decisions[0].decision == "end"


def test_each_pause_is_judged_afresh():
    d = EndOfTurnDetector()
    # unfinished at the first pause, speaks on, complete at the second
    t, texts = 0.0, iter(["So the first step would be to", COMPLETE])
    ended = None
    for speech, seconds in [(True, 2.0), (False, 2.0), (True, 2.0), (False, 2.0)]:
        for _ in range(int(round(seconds / FRAME))):
            t += FRAME
            event = d.update(t, speech, FRAME)
            if isinstance(event, PauseToJudge):
                event = d.decide(judge(0.9, next(texts), d.options), 0.9)
            ended = ended or event
    assert [(x.verdict, x.decision) for x in d.decisions] == [("incomplete", "resumed"), ("complete", "end")]
    assert ended is not None and ended.silence_s == pytest.approx(0.6, abs=FRAME)
    assert d.decisions[0].to_dict()["silence_s"] == pytest.approx(0.4, abs=FRAME)


# ------------------------------------------------------------------------------- fixed patience
def test_pauses_shorter_than_patience_never_end_the_turn():
    d = EndOfTurnDetector(EndpointingOptions(patience_s=1.5))
    pattern = [(False, 0.5)] + [(True, 2.0), (False, 1.0)] * 5 + [(True, 2.0), (False, 1.45)]
    assert run(d, pattern) is None


def test_silence_ends_the_turn_when_patience_expires():
    d = EndOfTurnDetector(EndpointingOptions(patience_s=1.5))
    event = run(d, [(False, 0.3), (True, 3.0), (False, 1.0), (True, 1.0), (False, 2.5)], "That's it.")
    assert event is not None and event.reason == "silence"
    assert event.silence_s == pytest.approx(1.5, abs=FRAME)
    assert event.last_speech_end_s == pytest.approx(0.3 + 3.0 + 1.0 + 1.0, abs=FRAME)


def test_thinking_phrase_extends_a_fixed_patience_for_that_pause_only():
    o = EndpointingOptions(patience_s=1.5, thinking_wait_s=4.0)
    ended = run(EndOfTurnDetector(o), [(True, 1.0), (False, 6.0)], "Hmm, let me think.")
    assert ended is not None and ended.silence_s == pytest.approx(4.0, abs=FRAME)
    # speaking again restores the normal patience
    d2 = EndOfTurnDetector(o)
    t = 0.0
    texts = iter(["give me a second", "and then we ship."])
    for speech, seconds in [(True, 1.0), (False, 1.6), (True, 0.5), (False, 2.0)]:
        for _ in range(int(round(seconds / FRAME))):
            t += FRAME
            event = d2.update(t, speech, FRAME)
            if isinstance(event, PauseToJudge):
                event = d2.decide(judge(None, next(texts), o))
            if isinstance(event, EndOfTurn):
                assert event.silence_s == pytest.approx(1.5, abs=FRAME)
                return
    pytest.fail("the turn never ended")


# What the words at a pause say: (text, the thinking phrase it ends with, why it is unfinished).
@pytest.mark.parametrize("text,thinking,unfinished", [
    ("Hmm, let me see.", "hmm let me see", None),
    ("Okay. Give me a second to think.", "give me a second", None),
    ("Good question. Let me think.", "let me think", None),
    ("That is a good question", "good question", "no full stop"),
    ("So the first thing is, hmm", "hmm", "no full stop"),
    ("Let me think about the trade-offs first, latency matters most.", None, None),
    ("That's all, thanks.", None, None),
    ("", None, None),
    ("I'd roll it back and", None, "and"),
    ("We'd measure it because", None, "because"),
    ("It was the", None, "the"),
    ("The plan was, um", None, "um"),
    ("so the first thing would be...", None, "trails off"),
    ("We would move the reads to a cache—", None, "trails off"),
    ("we would move the reads to a cache", None, "no full stop"),
    ("I think so.", None, None),
    ("That's what I would do.", None, None),
    ("Ship it behind a flag.", None, None),
    ("Reliability matters more.", None, None),
    # a sentence that is only a dependent clause, without a verb of its own: the thought goes on
    ("He was kind. Unless to be rather cold-hearted and rather selfish.", None, "only a dependent clause: unless"),
    ("Although the new onboarding flow for a small team.", None, "only a dependent clause: although"),
    ("If the cheaper vendor on the shortlist.", None, "only a dependent clause: if"),
    # ...and what it must not flag: a dependent clause with its own verb (an afterthought), a main
    # clause after the comma or without one, a short elliptical clause, a preposition, a question
    ("Unless to be rather cold-hearted and rather selfish is to be ill-disposed.", None, None),
    ("We ship on Friday. Unless the security review finds a blocker.", None, None),
    ("Because the team shipped late.", None, None),
    ("If the cache is cold, we wait for it to warm up.", None, None),
    ("If the cache misses we fall back to the database.", None, None),
    ("When possible.", None, None),
    ("Because of the cost.", None, None),
    ("When does the pilot start?", None, None),
])
def test_the_words_at_a_pause(text, thinking, unfinished):
    assert (find_thinking_phrase(text), hanging(text)) == (thinking, unfinished)


# ------------------------------------------------------------------------------ cap, no speech
def test_cap_ends_a_monologue_at_the_next_breath():
    d = EndOfTurnDetector(EndpointingOptions(patience_s=1.8, max_answer_s=10.0, cap_pause_s=0.3))
    event = run(d, [(True, 11.0), (False, 0.2), (True, 1.0), (False, 0.4), (True, 5.0)])
    assert event is not None and event.reason == "cap"
    assert event.at_s == pytest.approx(11.0 + 0.2 + 1.0 + 0.3, abs=2 * FRAME)


def test_cap_grace_ends_a_breathless_monologue():
    d = EndOfTurnDetector(EndpointingOptions(max_answer_s=5.0, cap_grace_s=2.0))
    event = run(d, [(True, 30.0)])
    assert event is not None and event.reason == "cap"
    assert event.at_s == pytest.approx(7.0, abs=2 * FRAME)


def test_nothing_said_times_out():
    d = EndOfTurnDetector(EndpointingOptions(no_speech_timeout_s=4.0))
    event = run(d, [(False, 3.0), (True, 0.1), (False, 5.0)])  # a click is not an answer
    assert event is not None and event.reason == "no_speech"
    assert event.at_s == pytest.approx(4.0, abs=FRAME)
    assert not d.started
