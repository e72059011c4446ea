"""Frame-level voice activity detection."""

from __future__ import annotations

import numpy as np
import pytest

from audio.vad import EnergyVAD, SileroVAD, VADOptions, make_vad, speech_timestamps


def _frames(x: np.ndarray, n: int = 512):
    for i in range(0, len(x) - n + 1, n):
        yield x[i : i + n]


def test_streaming_silero_matches_the_batch_model(librivox):
    from faster_whisper.vad import get_vad_model
    from audio.wav import load_audio

    x = load_audio(librivox[1][0])
    x = x[: len(x) // 512 * 512]
    batch = np.asarray(get_vad_model()(x)).reshape(-1)
    vad = SileroVAD()
    stream = np.array([vad.probability(f) for f in _frames(x)])
    assert np.allclose(stream, batch, atol=1e-5)


def test_silero_finds_speech_and_not_silence_or_noise(say):
    speech = say("We shipped the feature two weeks early.")
    rng = np.random.default_rng(1)
    clip = np.concatenate([np.zeros(16000, np.float32), speech,
                           (rng.standard_normal(32000) * 0.05).astype(np.float32)])
    vad = SileroVAD()
    flags = np.array([vad.is_speech(f) for f in _frames(clip)])
    t = np.arange(len(flags)) * 0.032
    start, end = 1.0, 1.0 + len(speech) / 16000
    assert not flags[t < start - 0.1].any()
    assert flags[(t > start + 0.2) & (t < end - 0.2)].mean() > 0.8
    assert not flags[t > end + 0.3].any()  # white noise is not speech
    spans = speech_timestamps(clip)
    assert spans and spans[0][0] == pytest.approx(start, abs=0.15) and spans[-1][1] == pytest.approx(end, abs=0.3)


def test_energy_fallback_detects_loud_frames():
    vad = make_vad(VADOptions(kind="energy"))
    assert isinstance(vad, EnergyVAD)
    quiet = np.random.default_rng(0).standard_normal(512 * 40).astype(np.float32) * 0.001
    tone = (0.3 * np.sin(np.arange(512 * 20) * 0.1)).astype(np.float32)
    flags = [vad.is_speech(f) for f in _frames(np.concatenate([quiet, tone, quiet]))]
    assert not any(flags[:40]) and all(flags[42:60]) and not any(flags[65:])
