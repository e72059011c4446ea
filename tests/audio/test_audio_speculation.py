"""The words before a pause are transcribed as the pause begins, not once it is judged.

Real espeak speech and real tiny.en through the StreamingTranscriber, frame by frame as the
microphone delivers them; the VAD decisions are the real Silero ones.
"""

from __future__ import annotations

import numpy as np
import pytest

from audio.devices import FRAME_SAMPLES
from audio.streaming import StreamingTranscriber
from audio.vad import make_vad
from audio.wav import SAMPLE_RATE
from audio.wer import normalize_text

pytestmark = pytest.mark.slow

JUDGED_AFTER_S = 0.416  # the pause is judged after 13 frames of silence


class Feed:
    """Pushes audio frame by frame with the VAD's verdict; remembers where speech last ended."""

    def __init__(self, stream: StreamingTranscriber):
        self.stream, self.vad, self.speech_end_s = stream, make_vad(), 0.0

    def push(self, audio: np.ndarray) -> None:
        for i in range(0, len(audio), FRAME_SAMPLES):
            frame = audio[i : i + FRAME_SAMPLES]
            speech = self.vad.is_speech(frame)
            self.stream.push(frame, speech)
            if speech:
                self.speech_end_s = self.stream.duration_s


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(seconds * SAMPLE_RATE), np.float32)


def test_the_words_are_ready_while_the_pause_is_still_short(transcriber, say):
    stream = StreamingTranscriber(transcriber)
    feed = Feed(stream)
    feed.push(np.concatenate([silence(0.3), say("I would roll back the release behind the feature flag.")]))
    feed.push(silence(0.1))
    stream.speculate(feed.speech_end_s + JUDGED_AFTER_S)
    early = stream.wait(60)  # nothing more of the pause heard yet
    assert "feature flag" in early.text.lower()
    feed.push(silence(0.5))
    stream.commit(early=True)  # the judging point: nothing left to send
    final = stream.finalize(60)
    assert final.text == early.text and stream.stats.jobs == 1


def test_speaking_again_in_a_pause_sent_ahead_loses_and_repeats_nothing(transcriber, say):
    stream = StreamingTranscriber(transcriber)
    feed = Feed(stream)
    feed.push(np.concatenate([silence(0.3), say("First I would check the dashboards for the slow endpoints")]))
    feed.push(silence(0.12))
    stream.speculate(feed.speech_end_s + JUDGED_AFTER_S)
    feed.push(np.concatenate([say("and then compare the traces before and after the release."), silence(0.8)]))
    text = stream.finalize(60).text.lower()
    assert "dashboards" in text and "traces" in text and "release" in text
    assert text.index("dashboards") < text.index("traces")
    assert text.count("dashboard") == 1 and text.count("traces") == 1


def room_tone(seconds: float, seed: int = 0) -> np.ndarray:
    """A quiet microphone's hiss (about -66 dBFS): no speech, never digital silence."""
    return np.random.default_rng(seed).normal(0, 0.0005, int(seconds * SAMPLE_RATE)).astype(np.float32)


def test_room_tone_in_the_pause_keeps_the_words_sent_ahead(transcriber, say):
    """A live microphone is never digitally silent: the words sent ahead stand unless the
    candidate speaks again, and they are the words said."""
    speech = np.concatenate([room_tone(0.3, seed=1), say("I would roll back the release behind the feature flag.")])
    tone = room_tone(0.6)
    stream = StreamingTranscriber(transcriber)
    feed = Feed(stream)
    feed.push(speech)
    feed.push(tone[: int(0.1 * SAMPLE_RATE)])
    judged_at = feed.speech_end_s + JUDGED_AFTER_S
    stream.speculate(judged_at)
    early = stream.wait(60)
    feed.push(tone[int(0.1 * SAMPLE_RATE) :])
    stream.commit(early=True)  # the judging point
    final = stream.finalize(60)
    assert stream.stats.jobs == 1  # not transcribed again
    assert final.text == early.text
    heard = np.concatenate([speech, tone])[: int(round(judged_at * SAMPLE_RATE))]
    assert normalize_text(final.text) == normalize_text(transcriber.transcribe(heard).text)
    assert "roll back" in final.text.lower() and "feature flag" in final.text.lower()
