"""Speech to text on real human speech (LibriVox), on silence and on noise."""

from __future__ import annotations

import numpy as np
import pytest

from audio.errors import AudioFileError
from audio.stt import Transcript
from audio.wav import load_audio
from audio.wer import WERResult, word_errors

pytestmark = pytest.mark.slow


def test_librivox_wer_with_tiny_en_is_at_most_8_percent(transcriber, librivox):
    total = WERResult(0, 0, 0, 0)
    for wav, reference in librivox:
        result = transcriber.transcribe(wav)
        assert not result.no_answer, wav.name
        total = total + word_errors(reference, result.text)
    assert total.reference_words > 60
    assert total.wer <= 0.08, f"WER {total.wer:.1%} ({total})"


def test_exact_text_on_a_real_clip(transcriber, librivox):
    wav = next(w for w, _ in librivox if w.stem.endswith("0930"))
    assert transcriber.transcribe(wav).text == "He might even have been made amiable himself."


def test_segments_and_words_carry_timestamps(transcriber, librivox):
    wav, reference = librivox[0]
    result = transcriber.transcribe(wav)
    assert result.audio_duration_s == pytest.approx(len(load_audio(wav)) / 16000)
    assert 0 < result.speech_s <= result.audio_duration_s
    assert result.elapsed_s > 0 and result.model == "tiny.en"
    words = result.words
    assert len(words) >= len(reference.split()) - 3
    starts = [w.start for w in words]
    assert starts == sorted(starts)
    assert all(0 <= w.start <= w.end <= result.audio_duration_s + 0.05 for w in words)
    assert all(0 <= w.probability <= 1 for w in words)
    for seg in result.segments:
        assert seg.start <= seg.words[0].start + 0.05 and seg.words[-1].end <= seg.end + 0.05
    assert Transcript.from_dict(result.to_dict()) == result
    shifted = transcriber.transcribe(wav, offset_s=10.0)
    assert shifted.words[0].start == pytest.approx(words[0].start + 10.0, abs=0.01)


def test_silence_and_noise_give_no_transcript(transcriber):
    rng = np.random.default_rng(7)
    t = np.arange(16000 * 6) / 16000
    clips = {
        "silence": np.zeros(16000 * 6, np.float32),
        "white noise": (rng.standard_normal(16000 * 6) * 0.1).astype(np.float32),
        "hum": (0.2 * np.sin(2 * np.pi * 50 * t)).astype(np.float32),
        "pink-ish rumble": np.cumsum(rng.standard_normal(16000 * 6)).astype(np.float32) * 1e-3,
    }
    for name, clip in clips.items():
        result = transcriber.transcribe(clip)
        assert result.no_answer and result.text == "" and result.segments == [], name


def test_a_fraction_of_a_second_of_speech_is_no_answer(transcriber, say):
    short = say("Yes.")
    assert len(short) / 16000 < 0.5
    clip = np.concatenate([np.zeros(16000, np.float32), short, np.zeros(16000, np.float32)])
    result = transcriber.transcribe(clip)
    assert result.no_answer and result.text == ""
    assert result.speech_s < 0.5


def test_files_are_accepted_and_bad_ones_named(transcriber, librivox, tmp_path):
    wav, _ = librivox[1]
    assert "young man" in transcriber.transcribe(wav).text
    bad = tmp_path / "answer.wav"
    bad.write_text("hello")
    with pytest.raises(AudioFileError, match="answer.wav"):
        transcriber.transcribe(bad)
