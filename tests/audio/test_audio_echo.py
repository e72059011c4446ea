"""The agent hearing itself through a loudspeaker in a reverberant room never counts as a barge-in;
a candidate louder than that echo still interrupts it."""

from __future__ import annotations

import numpy as np
import pytest

from audio.clock import VirtualClock
from audio.devices import AudioFrame
from audio.file_devices import FileMicrophone, FileSpeaker
from audio.listen import speak_with_barge_in
from audio.tts import INTERVIEWER_VOICE
from audio.wav import SAMPLE_RATE, resample

PROMPTS = [
    "Tell me about a time you had to cut scope under a hard deadline. What did you leave out, and why?",
    "Walk me through how you would decide between two platform investments. Who would you talk to first?",
]


class RoomMicrophone:
    """A microphone in a room with the speaker: the candidate plus the speaker's output convolved
    with the room's impulse response, ``delay_s`` later."""

    def __init__(self, inner: FileMicrophone, speaker: FileSpeaker, impulse: np.ndarray, delay_s: float):
        self.inner, self.speaker, self.impulse, self.delay_s = inner, speaker, impulse, delay_s
        self.sample_rate, self.frame_samples, self.clock = SAMPLE_RATE, inner.frame_samples, inner.clock

    def start(self):
        self.inner.start()

    def flush(self):
        return self.inner.flush()

    def drain(self):
        return [self._in_room(f) for f in self.inner.drain()]

    def stop(self):
        pass

    def read(self, timeout=None):
        frame = self.inner.read(timeout)
        return None if frame is None else self._in_room(frame)

    def _in_room(self, frame):
        n, taps = len(frame.samples), len(self.impulse)
        ref = self.speaker.reference(frame.t - self.delay_s - (taps - 1) / SAMPLE_RATE, n + taps - 1)
        echo = np.convolve(ref, self.impulse, "valid")
        return AudioFrame((frame.samples + echo).astype(np.float32), frame.t)


def room(rt60: float, gain: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = int(rt60 * SAMPLE_RATE)
    t = np.arange(n) / SAMPLE_RATE
    ir = np.zeros(n)
    ir[0] = 1.0
    ir[1:] = rng.standard_normal(n - 1) * np.exp(-6.9 * t[1:] / rt60) * 0.3
    return (ir / np.sqrt((ir**2).sum()) * gain).astype(np.float32)


@pytest.fixture(scope="module")
def prompts(tts):
    chunks = [tts.render(p, INTERVIEWER_VOICE) for p in PROMPTS]
    return [resample(c.samples, c.sample_rate, SAMPLE_RATE) for c in chunks]


@pytest.mark.parametrize("rt60,gain,delay", [(0.05, 0.3, 0.02), (0.3, 0.6, 0.15), (0.6, 1.0, 0.3)])
def test_own_voice_in_a_room_never_interrupts(prompts, rt60, gain, delay):
    clock = VirtualClock()
    speaker = FileSpeaker(clock=clock)
    total = sum(len(p) for p in prompts) / SAMPLE_RATE + 2
    mic = RoomMicrophone(FileMicrophone(np.zeros(int(total * SAMPLE_RATE), np.float32), clock=clock),
                         speaker, room(rt60, gain, seed=1), delay)
    for prompt in prompts:
        result = speak_with_barge_in(speaker, mic, prompt, SAMPLE_RATE)
        assert not result.interrupted, result.barge_in_at
        assert result.played_s == pytest.approx(len(prompt) / SAMPLE_RATE)


@pytest.mark.parametrize("rt60,delay", [(0.05, 0.02), (0.3, 0.15)])
def test_a_candidate_louder_than_the_echo_still_interrupts(prompts, say, rt60, delay):
    clock = VirtualClock()
    speaker = FileSpeaker(clock=clock)
    candidate = say("Wait, sorry, can I ask a question about the pricing model before we go on?")
    onset = len(prompts[0]) / SAMPLE_RATE + 2.0  # two seconds into the second prompt
    source = np.concatenate([np.zeros(int(onset * SAMPLE_RATE), np.float32), candidate, np.zeros(SAMPLE_RATE, np.float32)])
    mic = RoomMicrophone(FileMicrophone(source, clock=clock), speaker, room(rt60, 0.3, seed=2), delay)
    first = speak_with_barge_in(speaker, mic, prompts[0], SAMPLE_RATE)  # the room is learned here
    assert not first.interrupted
    second = speak_with_barge_in(speaker, mic, prompts[1], SAMPLE_RATE)
    assert second.interrupted
    assert onset + 0.5 <= second.barge_in_at <= onset + 1.5
