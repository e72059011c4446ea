"""Speech-to-text failures surface as errors: an answer that holds speech never becomes silently empty."""
from __future__ import annotations

import pytest

from audio.clock import VirtualClock
from audio.errors import TranscriptionError
from audio.file_devices import FileMicrophone
from audio.listen import ListenOptions, capture_answer
from audio.stt import TranscribeOptions, Transcriber


def test_a_beam_size_below_one_is_refused_up_front():
    with pytest.raises(TranscriptionError, match="beam size must be at least 1, not 0"):
        TranscribeOptions(beam_size=0)


def test_a_failing_decoder_raises_instead_of_an_empty_answer(say):
    broken = Transcriber()
    # The decoder itself fails on every call (what `--beam-size 0` used to reach).
    broken.options.beam_size = 0
    speech = say("I would start with the users who feel the slowdown and check latency by region.")
    mic = FileMicrophone(speech, clock=VirtualClock(), trailing_silence_s=2.5)
    with pytest.raises(TranscriptionError, match="speech-to-text failed"):
        capture_answer(mic, broken, ListenOptions())
