"""Whisper's encoder on a window fitted to the speech: the same words, far less work.

Real tiny.en on the LibriVox clips (human speech) and espeak speech.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from audio.encoder_window import FULL_FRAMES, EncoderWindow
from audio.wav import SAMPLE_RATE, load_audio
from audio.wer import word_errors

pytestmark = pytest.mark.slow


def test_the_window_is_twice_the_speech_at_least_ten_seconds_and_short_clips_keep_thirty():
    window = EncoderWindow()
    assert window.frames(400) == 1000  # 4 s of speech: 10 s
    assert window.frames(701) == 1402  # 7 s: 14 s (even: the encoder halves frames)
    assert window.frames(2000) == FULL_FRAMES  # 20 s: never more than Whisper's 30 s
    assert window.frames(150) == FULL_FRAMES  # 1.5 s: tiny.en loops on a short clip in a short window


def test_human_speech_is_transcribed_as_well_on_the_fitted_window(transcriber, librivox):
    fitted = replace(transcriber.options, window=EncoderWindow())
    full = replace(transcriber.options, window=None)
    saved = transcriber.options
    try:
        for wav, reference in librivox:
            audio = load_audio(wav)
            transcriber.options = fitted
            short = transcriber.transcribe(audio)
            if len(audio) > 4.5 * SAMPLE_RATE:  # (3 s of speech or more)
                assert transcriber._model.last_frames < FULL_FRAMES  # the encoder saw less than 30 s
            transcriber.options = full
            whole = transcriber.transcribe(audio)
            assert word_errors(reference, short.text).errors <= word_errors(reference, whole.text).errors + 1, \
                (reference, short.text, whole.text)
    finally:
        transcriber.options = saved


def test_a_short_answer_is_not_looped(transcriber, say):
    """Tiny.en repeats a one-second answer over and over in a 10 s window ("5, 5, 5, 5, ..."):
    a short clip keeps the full window."""
    saved = transcriber.options
    try:
        transcriber.options = replace(saved, window=EncoderWindow())
        text = transcriber.transcribe(say("Roll it back.")).text
        assert transcriber._model.last_frames == FULL_FRAMES
    finally:
        transcriber.options = saved
    words = word_errors("roll it back", text)
    assert words.insertions == 0 and words.errors <= 1, text
