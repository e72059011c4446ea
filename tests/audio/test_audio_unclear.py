"""Unintelligible speech is stored as "(unclear)", never as the fluent text Whisper invents for it;
clear speech is never marked unclear. Real audio: LibriVox readers and espeak answers, reversed and
played at 3x speed."""
from __future__ import annotations

import numpy as np
import pytest

from audio.unclear import UNCLEAR, UnclearRules
from audio.wav import load_audio, resample

ANSWERS = {  # answer: a word the transcript must keep
    "I would start from the users who feel the slowdown and check p99 latency by region since the release.": "users",
    "Then I would compare traces before and after the deploy, and look at the cache hit rate.": "traces",
    "We measured adoption weekly, and I reached out to the top twenty integrators directly.": "weekly",
}


def _invented(text: str) -> bool:
    """Sentences Whisper made up. A lone word ("Okay.") on a second of 3x audio is left alone."""
    return text not in (UNCLEAR, "") and len(text.split()) > 1


def _mangled(speech: np.ndarray):
    return {"reversed": speech[::-1].copy(), "3x speed": resample(speech, 48000, 16000)}


def test_reversed_and_fast_readings_are_unclear_and_the_readings_are_not(transcriber, librivox):
    for path, reference in librivox:
        speech = load_audio(path)
        heard = transcriber.transcribe(speech)
        assert heard.text != UNCLEAR and not heard.no_answer, path
        for how, audio in _mangled(speech).items():
            mangled = transcriber.transcribe(audio)
            assert not _invented(mangled.text), f"{path.name} {how}: saved invented text {mangled.text!r}"


def test_spoken_answers_are_clear_and_their_mangled_copies_are_not(transcriber, say):
    for answer, word in ANSWERS.items():
        speech = say(answer)
        assert word in transcriber.transcribe(speech).text
        for how, audio in _mangled(speech).items():
            mangled = transcriber.transcribe(audio)
            assert not _invented(mangled.text), f"{answer[:30]} {how}: saved invented text {mangled.text!r}"


def test_an_unclear_stretch_keeps_its_timing(transcriber, librivox):
    path, _ = librivox[0]
    reversed_speech = load_audio(path)[::-1].copy()
    result = transcriber.transcribe(reversed_speech, offset_s=10.0)
    assert result.text == UNCLEAR and len(result.segments) == 1
    seg = result.segments[0]
    assert 10.0 <= seg.start < seg.end <= 10.0 + len(reversed_speech) / 16000 + 0.5
    assert seg.words == []  # no invented words for delivery figures to count


@pytest.mark.parametrize("text,loops", [
    ("See you in the next video. See you in the next video. See you in the next video.", True),
    ("Okay, hold on, hold on, hold on, hold on, hold on.", True),
    ("no no no no", True),
    ("We'll see you next time. We'll see you next time.", True),
    ("Yes. Yes.", False),
    ("It was very, very slow, so we rolled back and we rolled it out again later.", False),
    ("We cut p99 from 900 to 300 ms, then to 200 ms, then held it there for a quarter.", False),
])
def test_loops(text, loops):
    assert UnclearRules().loops(text) is loops
