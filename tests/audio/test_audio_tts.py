"""Text to speech: worker process, timeout and restart, voices, sentences, round trip through STT."""

from __future__ import annotations

import time

import numpy as np
import pytest

from audio.errors import SynthesisError, SynthesisTimeout
from audio.tts import (CANDIDATE_VOICE, INTERVIEWER_VOICE, Synthesizer, save_chunks, split_first_clause,
                       split_sentences)
from audio.wav import SAMPLE_RATE, read_wav, resample
from audio.wer import word_errors


def test_split_sentences_keeps_abbreviations_and_cuts_long_ones():
    text = "Tell me about a launch, e.g. a payments feature. What went wrong?  Mr. Smith said fine! Ok"
    assert split_sentences(text) == [
        "Tell me about a launch, e.g. a payments feature.", "What went wrong?", "Mr. Smith said fine!", "Ok"]
    long = "We looked at latency, errors, saturation and traffic, " * 10 + "and then we decided."
    parts = split_sentences(long, max_chars=120)
    assert all(len(p) <= 120 for p in parts) and " ".join(parts) == long.strip()
    assert split_sentences("   ") == []


def test_a_long_first_sentence_starts_with_its_first_clause():
    question = ("How would you scope a rate limiting feature for our public API, "
                "and which requirements would you write into the spec?")
    assert split_first_clause(question) == [
        "How would you scope a rate limiting feature for our public API,",
        "and which requirements would you write into the spec?"]
    # too short to be worth a piece of its own: kept whole
    assert split_first_clause("Hi, I'm Alex.") == ["Hi, I'm Alex."]
    assert split_first_clause("Right, so tell me about a time you missed a deadline.") == [
        "Right, so tell me about a time you missed a deadline."]


def test_synthesize_writes_a_wav_and_returns_its_duration(tmp_path, capfd):
    with Synthesizer(INTERVIEWER_VOICE) as tts:
        duration = tts.synthesize("Tell me about a product you launched.", tmp_path / "q.wav")
    data = read_wav(tmp_path / "q.wav")
    assert data.sample_rate == 22050
    assert duration == pytest.approx(data.duration_s) and 1.0 < duration < 6.0
    assert np.abs(data.samples).max() > 0.1
    assert "Audio saved" not in capfd.readouterr().out  # pyttsx3's print is kept off our stdout


def test_sentences_come_one_by_one(tmp_path):
    text = "Let's begin. Tell me about a time you had to cut scope under a hard deadline. Take your time."
    with Synthesizer(INTERVIEWER_VOICE) as tts:
        tts.start()
        started = time.perf_counter()
        chunks = tts.synthesize_sentences(text)
        first = next(chunks)
        first_latency = time.perf_counter() - started
        rest = list(chunks)
        whole = tts.render(text)
    assert first.text == "Let's begin." and [c.text for c in rest][-1] == "Take your time."
    assert first.duration_s < whole.duration_s / 3
    assert first_latency < 1.0
    total = save_chunks([first, *rest], tmp_path / "all.wav")
    assert total == pytest.approx(read_wav(tmp_path / "all.wav").duration_s)


def _pitch_hz(x: np.ndarray, rate: int) -> float:
    estimates = []
    for i in range(0, len(x) - 1024, 512):
        frame = x[i : i + 1024].astype(np.float64)
        if np.abs(frame).mean() < 0.02:
            continue
        ac = np.correlate(frame, frame, "full")[1023:]
        lo, hi = rate // 400, rate // 70
        estimates.append(rate / (lo + int(np.argmax(ac[lo:hi]))))
    return float(np.median(estimates))


def test_two_clearly_different_voices_and_a_voice_list():
    with Synthesizer() as tts:
        voices = tts.list_voices()
        ids = {v.id for v in voices}
        assert {"gmw/en-us", "gmw/en"} <= ids
        text = "Walk me through how you would prioritise the roadmap."
        a = tts.render(text, INTERVIEWER_VOICE)
        b = tts.render(text, CANDIDATE_VOICE)
        with pytest.raises(SynthesisError, match="unknown TTS voice"):
            tts.render(text, "klingon-imperial")
    assert _pitch_hz(a.samples, a.sample_rate) > 1.5 * _pitch_hz(b.samples, b.sample_rate)


def test_a_line_sounds_the_same_whatever_was_said_before_it():
    """espeak carried state from one text to the next (the candidate's words came out differently
    after the interviewer's); every render now starts from a pristine engine."""
    line = "I would ship the smaller fix first."
    with Synthesizer(CANDIDATE_VOICE) as fresh:
        alone = fresh.render(line).samples
    with Synthesizer(INTERVIEWER_VOICE) as used:
        used.render("Walk me through how you would prioritise the roadmap.")
        used.render("Tell me more.", "gmw/en")
        after = used.render(line, CANDIDATE_VOICE).samples
    assert np.array_equal(alone, after)


def test_a_hung_worker_is_killed_and_replaced():
    tts = Synthesizer(timeout_s=1.0)
    try:
        tts.start()
        first_pid = tts.worker_pid
        started = time.perf_counter()
        with pytest.raises(SynthesisTimeout):
            tts._call({"op": "hang", "seconds": 60}, timeout=1.0, retries=0)
        assert time.perf_counter() - started < 2.0
        assert tts.worker_pid is None and tts.restarts == 1
        assert tts.render("Still here.").duration_s > 0.3
        assert tts.worker_pid not in (None, first_pid)
    finally:
        tts.close()


@pytest.mark.slow
def test_tts_to_stt_round_trip(tts, transcriber):
    text = ("I would start by talking to the customers who churned last quarter. "
            "Then I would define one success metric and agree on it with the engineering lead.")
    chunk = tts.render(text)
    result = transcriber.transcribe(resample(chunk.samples, chunk.sample_rate, SAMPLE_RATE))
    errors = word_errors(text, result.text)
    assert errors.wer <= 0.25, (result.text, errors)
    for word in ("customers", "quarter", "metric", "engineering"):
        assert word in result.text.lower()


def test_a_cache_folder_makes_renders_repeatable(tmp_path):
    with Synthesizer(CANDIDATE_VOICE, cache_dir=tmp_path) as tts:
        a = tts.render("We shipped on time.")
        b = tts.render("We shipped on time.")
        c = tts.render("We shipped on time.", rate=200)
    assert np.array_equal(a.samples, b.samples) and len(list(tmp_path.glob("*.wav"))) == 2
    assert c.duration_s < a.duration_s


def test_a_slow_voice_holds_its_first_pieces_until_the_line_plays_without_gaps():
    """At half real time (piper on a busy CPU), started at once, the second sentence of an opening
    is not ready when the short first one ends; held until it plays through, it has no gap."""
    from audio.tts import SpeechChunk, without_gaps

    rate, rtf, per_char = 22050, 0.5, 0.06  # seconds of speech per character, as piper speaks
    pieces = ["Hi, I'm Alex.", "This is a quick practice round with just two questions, so treat it like a warm-up.",
              "Here's the first.", "How would you scope a rate limiting feature for our public API?"]
    clock = {"now": 0.0}

    def render(text: str) -> SpeechChunk:  # a stand-in engine that takes rtf x the audio's length
        duration = len(text) * per_char
        clock["now"] += rtf * duration
        return SpeechChunk(text, np.zeros(int(duration * rate), np.float32), rate, rtf * duration)

    def play(chunks) -> tuple[float, float]:
        first, plays_until, gaps = None, 0.0, 0.0
        for chunk in chunks:
            ready = clock["now"]
            first = ready if first is None else first
            gaps += max(0.0, ready - max(plays_until, first))
            plays_until = max(ready, plays_until) + chunk.duration_s
        return first, gaps

    first, gaps = play(without_gaps(pieces, render))
    assert gaps == 0.0
    clock["now"] = 0.0
    eager_first, eager_gaps = play(map(render, pieces))
    assert eager_gaps > 1.0  # one after the other, a silence mid-line that sounds like the end
    assert first <= rtf * per_char * sum(map(len, pieces[:2])) + 1e-9  # held no longer than needed
