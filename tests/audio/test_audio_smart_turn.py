"""The smart-turn end-of-turn model, run for real on real human speech."""

from __future__ import annotations

import numpy as np
import pytest

from audio.smart_turn import WINDOW_S, last_window, model_path, shared_model
from audio.wav import SAMPLE_RATE, load_audio

pytestmark = pytest.mark.slow


def with_silence(audio: np.ndarray, seconds: float) -> np.ndarray:
    return np.concatenate([audio, np.zeros(int(seconds * SAMPLE_RATE), np.float32)])


def test_the_model_comes_from_the_installed_package_not_the_repo():
    path = model_path()
    assert path.name == "smart-turn-v3.2-cpu.onnx" and "pipecat" in path.parts
    assert path.stat().st_size > 5_000_000


def test_a_finished_sentence_reads_complete_and_a_cut_one_incomplete(librivox):
    # "And Mr. John Dashwood had then leisure to consider how much there might be prudently in
    # his power to do for them." -- whole, and cut right after "...leisure to consider how".
    wav = next(w for w, _ in librivox if w.stem.endswith("0870"))
    audio = load_audio(wav)
    model = shared_model()
    whole = model.predict(with_silence(audio, 0.5))
    cut = model.predict(with_silence(audio[: int(4.2 * SAMPLE_RATE)], 0.5))
    assert whole.probability > 0.9
    assert cut.probability < 0.1
    assert model.predict(with_silence(audio, 0.5)).probability == pytest.approx(whole.probability, abs=1e-6)


def test_the_model_hears_only_the_last_eight_seconds():
    audio = np.arange(10 * SAMPLE_RATE, dtype=np.float32)
    window = last_window(audio)
    assert len(window) == WINDOW_S * SAMPLE_RATE and window[-1] == audio[-1]
    short = last_window(np.ones(SAMPLE_RATE, np.float32))
    assert len(short) == WINDOW_S * SAMPLE_RATE and short[0] == 0 and short[-1] == 1
