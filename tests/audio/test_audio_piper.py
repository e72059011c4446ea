"""The natural voice: piper with the bundled en_US-joe-medium model, behind the same Synthesizer."""

from __future__ import annotations

import numpy as np
import pytest

from audio.errors import SynthesisError
from audio.tts import CANDIDATE_VOICE, PIPER_VOICE, Synthesizer
from audio.wav import SAMPLE_RATE, resample
from audio.wer import word_errors


@pytest.fixture(scope="module")
def piper():
    synth = Synthesizer(PIPER_VOICE)
    synth.start()  # loads the ONNX model in the worker
    yield synth
    synth.close()


@pytest.mark.slow
def test_piper_speaks_a_line_that_whisper_understands(piper, transcriber):
    text = "Tell me about a product you shipped, and what you would do differently next time."
    chunk = piper.render(text)
    assert chunk.sample_rate == 22050 and 3.0 < chunk.duration_s < 8.0
    result = transcriber.transcribe(resample(chunk.samples, chunk.sample_rate, SAMPLE_RATE))
    errors = word_errors(text, result.text)
    assert errors.wer <= 0.1, (result.text, errors)
    for word in ("product", "shipped", "differently"):
        assert word in result.text.lower()


@pytest.mark.slow
def test_piper_rate_sets_the_pace(piper):
    text = "We rolled the change back within ten minutes."
    slow, fast = piper.render(text, rate=130), piper.render(text, rate=230)
    assert slow.duration_s > 1.4 * fast.duration_s


@pytest.mark.slow
def test_piper_interviewer_and_espeak_candidate_share_one_synthesizer(piper):
    """A scripted run with --tts piper still speaks its candidate with espeak: two workers, one API."""
    interviewer = piper.render("What would you measure first?")
    candidate = piper.render("Latency at the ninety fifth percentile.", CANDIDATE_VOICE)
    assert interviewer.duration_s > 0.5 and candidate.duration_s > 0.5
    assert np.abs(candidate.samples).max() > 0.1
    assert [v.id for v in piper.list_voices()] == ["en_US-joe-medium"]
    with pytest.raises(SynthesisError, match="unknown TTS voice 'amy'"):
        piper.render("Hello.", PIPER_VOICE.with_(id="amy"))


def test_an_unknown_engine_is_named_in_the_error():
    with Synthesizer(PIPER_VOICE.with_(engine="festival")) as synth:
        with pytest.raises(SynthesisError, match="unknown TTS engine 'festival'"):
            synth.render("Hello.")
