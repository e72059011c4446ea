"""Fixtures for the audio tests: real models, real speech, no sound card, no network."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Callable

import numpy as np
import pytest

from audio.wav import SAMPLE_RATE, resample

_FETCH = Path(__file__).resolve().parents[1] / "data_fetch.py"
_spec = importlib.util.spec_from_file_location("audio_tests_data_fetch", _FETCH)
assert _spec and _spec.loader
data_fetch = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(data_fetch)


@pytest.fixture(scope="session")
def librivox() -> list[tuple[Path, str]]:
    clips = data_fetch.librivox_clips()
    if not clips:
        pytest.skip(f"LibriVox test clips not fetched into {data_fetch.LIBRIVOX}: "
                    "run `python tests/data_fetch.py` (make test does it before pytest)")
    return clips


@pytest.fixture(scope="session")
def transcriber():
    from audio.stt import Transcriber

    t = Transcriber()
    t.warmup()
    return t


@pytest.fixture(scope="session")
def tts():
    from audio.tts import CANDIDATE_VOICE, Synthesizer

    synth = Synthesizer(CANDIDATE_VOICE)
    yield synth
    synth.close()


def trim(samples: np.ndarray, level: float = 0.01) -> np.ndarray:
    """Cut the digital silence espeak puts around speech, so speech boundaries are exact."""
    loud = np.flatnonzero(np.abs(samples) > level)
    return samples[loud[0] : loud[-1] + 1] if loud.size else samples[:0]


@pytest.fixture(scope="session")
def say(tts) -> Callable[..., np.ndarray]:
    """say(text, voice=None) -> trimmed 16 kHz float32 speech (cached)."""
    cache: dict[tuple[str, object], np.ndarray] = {}

    def _say(text: str, voice=None) -> np.ndarray:
        key = (text, voice)
        if key not in cache:
            chunk = tts.render(text, voice)
            cache[key] = trim(resample(chunk.samples, chunk.sample_rate, SAMPLE_RATE))
        return cache[key].copy()

    return _say
