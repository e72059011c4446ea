"""End-of-turn decisions on frame sequences (no models: the VAD decisions are given)."""

from __future__ import annotations

import pytest

from audio.endpointing import EndOfTurnDetector, EndpointingOptions, find_thinking_phrase

FRAME = 0.032


def run(detector: EndOfTurnDetector, pattern: list[tuple[bool, float]]):
    """Feed (is_speech, seconds) runs; returns the first EndOfTurn and when it came."""
    t = 0.0
    for speech, seconds in pattern:
        for _ in range(int(round(seconds / FRAME))):
            t += FRAME
            event = detector.update(t, speech, FRAME)
            if event is not None:
                return event
    return None


def test_pauses_shorter_than_patience_never_end_the_turn():
    d = EndOfTurnDetector(EndpointingOptions(patience_s=1.5))
    pattern = [(False, 0.5)] + [(True, 2.0), (False, 1.0)] * 5 + [(True, 2.0), (False, 1.45)]
    assert run(d, pattern) is None


def test_silence_ends_the_turn_when_patience_expires():
    d = EndOfTurnDetector(EndpointingOptions(patience_s=1.5))
    event = run(d, [(False, 0.3), (True, 3.0), (False, 1.0), (True, 1.0), (False, 2.5)])
    assert event is not None and event.reason == "silence"
    assert event.silence_s == pytest.approx(1.5, abs=FRAME)
    assert event.last_speech_end_s == pytest.approx(0.3 + 3.0 + 1.0 + 1.0, abs=FRAME)


def test_default_patience_suits_interviews():
    assert 1.5 <= EndpointingOptions().patience_s <= 2.0


def test_thinking_phrase_extends_patience_for_that_pause_only():
    o = EndpointingOptions(patience_s=1.5, thinking_patience_s=4.0)
    d = EndOfTurnDetector(o)
    event = run(d, [(True, 1.0), (False, 2.0)])
    assert event is not None and event.reason == "silence"
    assert d.extend_for_thinking("Hmm, let me think.") == "let me think"
    assert d.patience_s == 4.0
    assert d.extend_for_thinking("Hmm, let me think.") is None  # once per pause
    # silence continues: ends at 4 s of silence, not before
    t0 = 1.0 + event.silence_s
    t = t0
    ended = None
    while ended is None and t < 10:
        t += FRAME
        ended = d.update(t, False, FRAME)
    assert ended is not None and ended.silence_s == pytest.approx(4.0, abs=FRAME)
    # speaking again restores the normal patience
    d2 = EndOfTurnDetector(o)
    run(d2, [(True, 1.0), (False, 1.6)])
    d2.extend_for_thinking("give me a second")
    assert run(d2, [(True, 0.5), (False, 1.6)]).silence_s == pytest.approx(1.5, abs=FRAME)


def test_no_extension_without_a_thinking_phrase_at_the_end():
    d = EndOfTurnDetector(EndpointingOptions(patience_s=1.5))
    run(d, [(True, 1.0), (False, 2.0)])
    assert d.extend_for_thinking("Let me think about the users first. Then we ship it.") is None


@pytest.mark.parametrize("text,phrase", [
    ("Hmm, let me see.", "hmm let me see"),
    ("Okay. Give me a second to think.", "give me a second"),
    ("Good question. Let me think.", "let me think"),
    ("That is a good question", "good question"),
    ("So the first thing is, hmm", "hmm"),
    ("Let me think about the trade-offs first, latency matters most.", None),
    ("That's all, thanks.", None),
    ("", None),
])
def test_find_thinking_phrase(text, phrase):
    assert find_thinking_phrase(text) == phrase


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
