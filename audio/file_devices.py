"""File-backed devices behind the same interfaces as the sound card: scripted runs and tests.

- :class:`FileMicrophone` streams a WAV file (or an array) in 32 ms frames, paced by a clock at
  real-time speed (or ``speed`` times faster, or unpaced), with optional silence around it.
- :class:`FileSpeaker` "plays" on a clock: it records when each array started and stopped,
  ``stop()`` cuts playback mid-way, and what was heard can be written to a WAV.
- :class:`DeviceFault` makes a file microphone misbehave like a real one: stall for a while, or
  vanish until it is reopened (to test :mod:`audio.resilience`).
- :class:`EchoMicrophone` mixes a speaker's output into a microphone, like a laptop speaker
  heard by its own microphone (to test that the agent never transcribes itself).

With a :class:`~audio.clock.VirtualClock` all of this runs in virtual time: deterministic, and a
30-second exchange takes milliseconds.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Sequence

import numpy as np

from audio.clock import Clock, RealClock
from audio.devices import FRAME_SAMPLES, AudioFrame
from audio.errors import AudioDeviceError, NoAudioDeviceError
from audio.wav import SAMPLE_RATE, load_audio, resample, write_wav


@dataclass(frozen=True)
class DeviceFault:
    """From ``start_s`` to ``end_s`` after the microphone started (its clock), the device
    ``"stall"``s: it delivers nothing and what it would have captured is lost, as with a suspended
    source; or it is ``"gone"``: nothing, cannot be opened, and stays dead until reopened after
    ``end_s`` (stop, then start), as with a device unplugged and plugged back."""

    start_s: float
    end_s: float
    kind: Literal["stall", "gone"] = "stall"


class FileMicrophone:
    """An audio file (or an array at ``source_rate``) as a microphone.

    Frame ``k`` becomes readable at ``start + (k + 1) * frame / speed`` on the clock, as with a
    real device; ``read`` waits for it. ``speed=math.inf`` never waits. After the last frame
    (including ``trailing_silence_s``) ``read`` returns ``None``: the input has ended.
    ``faults`` make it stall or vanish at given times, raising what a sound card would.
    """

    def __init__(
        self,
        source: str | Path | np.ndarray,
        *,
        clock: Clock | None = None,
        speed: float = 1.0,
        frame_samples: int = FRAME_SAMPLES,
        leading_silence_s: float = 0.0,
        trailing_silence_s: float = 0.0,
        source_rate: int = SAMPLE_RATE,  # of an array source
        faults: Sequence[DeviceFault] = (),
    ) -> None:
        if isinstance(source, np.ndarray):
            samples = resample(source, source_rate, SAMPLE_RATE)
        else:
            samples = load_audio(source, SAMPLE_RATE)
        parts = [
            np.zeros(int(round(leading_silence_s * SAMPLE_RATE)), np.float32),
            samples,
            np.zeros(int(round(trailing_silence_s * SAMPLE_RATE)), np.float32),
        ]
        self.samples = np.concatenate(parts)
        self.sample_rate = SAMPLE_RATE
        self.frame_samples = frame_samples
        self.clock: Clock = clock or RealClock()
        self.speed = speed
        self._frame_s = frame_samples / SAMPLE_RATE
        self._n_frames = int(math.ceil(len(self.samples) / frame_samples))
        self._next = 0
        self._start_t: float | None = None
        self.faults = list(faults)
        self._open = False
        self._broken = False  # was gone; dead until reopened

    @property
    def ended(self) -> bool:
        return self._next >= self._n_frames

    def start(self) -> None:
        if self._open:
            return
        reopening = self._start_t is not None
        if self._start_t is None:
            self._start_t = self.clock.now()
        if self._fault_now("gone"):
            raise NoAudioDeviceError("no microphone found (could not open input: device unavailable)")
        self._open, self._broken = True, False
        if reopening:
            self.flush()  # a new stream starts with what is said from now on

    def _fault_now(self, kind: str | None = None) -> DeviceFault | None:
        if self._start_t is None:
            return None
        t = self.clock.now() - self._start_t
        return next((f for f in self.faults if f.start_s <= t < f.end_s and kind in (None, f.kind)), None)

    def _misbehave(self, timeout: float | None) -> None:
        """Raise as a sound card would while a fault lasts (after waiting ``timeout`` for a frame)."""
        fault = self._fault_now()
        if fault is None and not self._broken:
            return
        if fault is not None and fault.kind == "gone":
            self._broken = True
        wait = 2.0 if timeout is None else timeout
        if fault is not None:
            wait = min(wait, fault.end_s - (self.clock.now() - self._start_t))  # type: ignore[operator]
        self.clock.sleep(wait)
        if self._broken or self._fault_now() is not None:
            raise AudioDeviceError(f"microphone delivered nothing for {timeout} s")
        self.flush()  # the stall is over: what it would have captured is lost

    def stop(self) -> None:
        self._open = False

    def _due(self, k: int) -> float:
        assert self._start_t is not None
        if math.isinf(self.speed):
            return self._start_t
        return self._start_t + k * self._frame_s / self.speed

    def read(self, timeout: float | None = None) -> AudioFrame | None:
        self.start()
        if self.ended:
            return None
        self._misbehave(timeout)
        if self.ended:
            return None
        k = self._next
        self.clock.sleep_until(self._due(k + 1))
        self._next += 1
        return self._frame(k)

    def unread(self, upto: int | None = None) -> np.ndarray:
        """The samples not yet delivered (up to sample ``upto``, e.g. to leave out trailing silence)."""
        return self.samples[self._next * self.frame_samples : upto].copy()

    def flush(self) -> int:
        """Skip the frames that a live device would already have captured."""
        return len(self.drain())

    def drain(self) -> list[AudioFrame]:
        """The frames a live device would already have captured, taken without waiting."""
        self.start()
        if math.isinf(self.speed):
            return []
        elapsed = self.clock.now() - self._start_t  # type: ignore[operator]
        available = min(int(elapsed * self.speed / self._frame_s + 1e-9), self._n_frames)
        frames = [self._frame(k) for k in range(self._next, available)]
        self._next = max(self._next, available)
        return frames

    def _frame(self, k: int) -> AudioFrame:
        chunk = self.samples[k * self.frame_samples : (k + 1) * self.frame_samples]
        if len(chunk) < self.frame_samples:
            chunk = np.concatenate([chunk, np.zeros(self.frame_samples - len(chunk), np.float32)])
        return AudioFrame(chunk, self._due(k))


@dataclass
class PlayEvent:
    """One array handed to :meth:`FileSpeaker.play`."""

    start_t: float  # clock time its first sample plays
    duration_s: float
    stopped_t: float | None = None  # set when stop() cut it (or dropped it before it began)

    @property
    def end_t(self) -> float:
        return self.start_t + self.duration_s if self.stopped_t is None else max(self.start_t, self.stopped_t)

    @property
    def played_s(self) -> float:
        return max(0.0, self.end_t - self.start_t)


class FileSpeaker:
    """A speaker that plays on a clock and keeps what it played (16 kHz).

    ``events`` records every ``play``; ``stop_times`` every ``stop``; :meth:`save` writes the
    played audio (cut where playback was stopped) to ``path``.
    """

    def __init__(self, path: str | Path | None = None, *, clock: Clock | None = None) -> None:
        self.path = Path(path) if path else None
        self.clock: Clock = clock or RealClock()
        self.events: list[PlayEvent] = []
        self.stop_times: list[float] = []
        self._audio: list[np.ndarray] = []
        self._lock = threading.Lock()

    def play(self, samples: np.ndarray, sample_rate: int) -> None:
        data = resample(samples, sample_rate, SAMPLE_RATE)
        now = self.clock.now()
        with self._lock:
            start = max(now, self._queue_end())
            self.events.append(PlayEvent(start, len(data) / SAMPLE_RATE))
            self._audio.append(data)

    def _queue_end(self) -> float:
        return max((e.end_t for e in self.events), default=-math.inf)

    def stop(self) -> None:
        now = self.clock.now()
        with self._lock:
            self.stop_times.append(now)
            for event in self.events:
                if event.stopped_t is None and event.start_t + event.duration_s > now:
                    if event.start_t > now:  # queued, never started: dropped
                        event.start_t = now
                    event.stopped_t = now

    def is_playing(self) -> bool:
        with self._lock:
            return self._queue_end() > self.clock.now()

    def wait(self, timeout: float | None = None) -> bool:
        with self._lock:
            end = self._queue_end()
        now = self.clock.now()
        if timeout is not None and end - now > timeout:
            self.clock.sleep(timeout)
            return False
        self.clock.sleep_until(end)
        return True

    @property
    def played_s(self) -> float:
        with self._lock:
            return sum(e.played_s for e in self.events)

    def played_audio(self) -> np.ndarray:
        """Everything heard so far, back to back (16 kHz)."""
        now = self.clock.now()
        with self._lock:
            parts = []
            for event, data in zip(self.events, self._audio):
                heard = min(event.end_t, now) - event.start_t
                parts.append(data[: max(0, int(round(heard * SAMPLE_RATE)))])
        return np.concatenate(parts) if parts else np.zeros(0, np.float32)

    def reference(self, t0: float, n_samples: int) -> np.ndarray | None:
        """The speaker's output from clock time ``t0``, ``n_samples`` long (zeros where silent)."""
        out = np.zeros(n_samples, dtype=np.float32)
        t1 = t0 + n_samples / SAMPLE_RATE
        with self._lock:
            for event, data in zip(self.events, self._audio):
                a, b = max(t0, event.start_t), min(t1, event.end_t)
                if b <= a:
                    continue
                src = int(round((a - event.start_t) * SAMPLE_RATE))
                dst = int(round((a - t0) * SAMPLE_RATE))
                n = min(int(round((b - a) * SAMPLE_RATE)), n_samples - dst, len(data) - src)
                if n > 0:
                    out[dst : dst + n] += data[src : src + n]
        return out

    def save(self, path: str | Path | None = None) -> Path:
        target = Path(path) if path else self.path
        if target is None:
            raise ValueError("FileSpeaker.save: no path given")
        return write_wav(target, self.played_audio(), SAMPLE_RATE)

    def close(self) -> None:
        if self.path is not None:
            self.save()


class EchoMicrophone:
    """A microphone that also hears a speaker: ``inner + gain * speaker output (delay_s later)``."""

    def __init__(self, inner: FileMicrophone, speaker: FileSpeaker, *, gain: float = 0.5,
                 delay_s: float = 0.05) -> None:
        self.inner = inner
        self.speaker = speaker
        self.gain = gain
        self.delay_s = delay_s
        self.sample_rate = inner.sample_rate
        self.frame_samples = inner.frame_samples
        self.clock = inner.clock

    def start(self) -> None:
        self.inner.start()

    def read(self, timeout: float | None = None) -> AudioFrame | None:
        frame = self.inner.read(timeout)
        return None if frame is None else self._with_echo(frame)

    def _with_echo(self, frame: AudioFrame) -> AudioFrame:
        echo = self.speaker.reference(frame.t - self.delay_s, len(frame.samples))
        if echo is None:
            return frame
        return AudioFrame((frame.samples + self.gain * echo).astype(np.float32), frame.t)

    def flush(self) -> int:
        return self.inner.flush()

    def drain(self) -> list[AudioFrame]:
        return [self._with_echo(f) for f in self.inner.drain()]

    def stop(self) -> None:
        self.inner.stop()
