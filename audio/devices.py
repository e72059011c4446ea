"""Microphone and Speaker interfaces, and their sound-card implementations (sounddevice).

A microphone yields :class:`AudioFrame` objects: mono float32 at 16 kHz, ``frame_samples`` long,
each stamped with the clock time of its first sample. A speaker plays arrays without blocking,
queues further arrays behind the current one, and can be stopped at any moment.

File implementations (for scripted runs and tests) are in :mod:`audio.file_devices`.
With no sound card, the sounddevice classes raise :class:`NoAudioDeviceError` ("no microphone
found" / "no speaker found") instead of PortAudio's "Error querying device -1".
"""

from __future__ import annotations

import collections
import ctypes
import ctypes.util
import queue
import threading
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import numpy as np

from audio.clock import Clock, RealClock
from audio.errors import AudioDeviceError, NoAudioDeviceError
from audio.wav import SAMPLE_RATE, StreamResampler, resample

FRAME_SAMPLES = 512  # 32 ms at 16 kHz: one Silero VAD window


@dataclass(frozen=True)
class AudioFrame:
    samples: np.ndarray  # float32, mono, 16 kHz
    t: float  # clock time of the first sample

    @property
    def duration_s(self) -> float:
        return len(self.samples) / SAMPLE_RATE

    @property
    def end_t(self) -> float:
        return self.t + self.duration_s


@runtime_checkable
class Microphone(Protocol):
    sample_rate: int
    frame_samples: int
    clock: Clock

    def start(self) -> None:
        """Begin capturing (idempotent)."""

    def read(self, timeout: float | None = None) -> AudioFrame | None:
        """The next frame, in order; ``None`` once the input has ended (files only)."""

    def flush(self) -> int:
        """Drop frames captured so far and not yet read; returns how many."""

    def drain(self) -> list[AudioFrame]:
        """Take the frames captured so far and not yet read, without waiting for more."""

    def stop(self) -> None:
        """Stop capturing and release the device."""


@runtime_checkable
class Speaker(Protocol):
    clock: Clock

    def play(self, samples: np.ndarray, sample_rate: int) -> None:
        """Start playing (or queue behind what is playing). Returns at once."""

    def stop(self) -> None:
        """Stop now and drop anything queued."""

    def is_playing(self) -> bool:
        ...

    def wait(self, timeout: float | None = None) -> bool:
        """Block until playback is done; False on timeout."""

    def reference(self, t0: float, n_samples: int) -> np.ndarray | None:
        """What the speaker emitted from clock time ``t0`` (16 kHz), or None if unknown.

        Used to recognise the agent's own voice in the microphone (echo)."""

    def close(self) -> None:
        ...


# --------------------------------------------------------------------------- sounddevice helpers
def _sounddevice() -> Any:
    try:
        import sounddevice
    except OSError as exc:  # PortAudio shared library missing
        raise NoAudioDeviceError(
            "no audio system: the PortAudio library is missing (apt-get install libportaudio2)"
        ) from exc
    _quiet_alsa()
    return sounddevice


_ALSA_ERRORS_OFF: Any = None


def _quiet_alsa() -> None:
    """Keep ALSA's own messages ("underrun occurred"...) off the candidate's terminal: xruns are
    counted from the stream status instead and reported as device events (audio.resilience)."""
    global _ALSA_ERRORS_OFF
    if _ALSA_ERRORS_OFF is not None:
        return
    try:
        asound = ctypes.CDLL(ctypes.util.find_library("asound") or "libasound.so.2")
    except OSError:
        _ALSA_ERRORS_OFF = False  # no ALSA: nothing to quiet
        return
    handler_type = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int,
                                    ctypes.c_char_p)
    _ALSA_ERRORS_OFF = handler_type(lambda *_: None)  # kept alive: ALSA holds the pointer
    asound.snd_lib_error_set_handler(_ALSA_ERRORS_OFF)


def _device_info(kind: str, device: int | str | None = None) -> dict[str, Any]:
    """The named ``device`` (or the default one) for ``kind`` "input" or "output"."""
    sd = _sounddevice()
    what = "microphone" if kind == "input" else "speaker"
    try:
        info = dict(sd.query_devices(device, kind=kind))
    except Exception as exc:  # PortAudioError("Error querying device -1"), ValueError
        detail = "" if device is None else f" ({device!r}: {exc})"
        raise NoAudioDeviceError(f"no {what} found{detail}") from exc
    if not info.get(f"max_{kind}_channels", 0):
        detail = "" if device is None else f" ({device!r} has no {kind} channels)"
        raise NoAudioDeviceError(f"no {what} found{detail}")
    return info


@dataclass(frozen=True)
class DeviceReport:
    """What ``interview doctor`` shows about sound devices."""

    input_device: str | None
    output_device: str | None
    input_error: str | None
    output_error: str | None

    @property
    def ok(self) -> bool:
        return self.input_device is not None and self.output_device is not None


def probe_devices() -> DeviceReport:
    found: dict[str, str | None] = {}
    errors: dict[str, str | None] = {}
    for kind in ("input", "output"):
        try:
            info = _device_info(kind)
            found[kind], errors[kind] = f"{info['name']} ({int(info['default_samplerate'])} Hz)", None
        except NoAudioDeviceError as exc:
            found[kind], errors[kind] = None, str(exc)
    return DeviceReport(found["input"], found["output"], errors["input"], errors["output"])


def _close_stream(stream: Any) -> None:
    """Abort and close a PortAudio stream; a stream whose device vanished may fail to, and is dropped."""
    for step in (stream.abort, stream.close):
        try:
            step()
        except Exception:
            pass


class FrameQueue:
    """16 kHz sample blocks in, ``frame_samples`` frames out, each stamped with the clock time of
    its first sample; holds up to ``max_buffer_s`` unread (beyond that new frames are dropped and
    counted in ``overflows``). What a live microphone, local or remote, fills and is read from."""

    def __init__(self, frame_samples: int, max_buffer_s: float = 60.0) -> None:
        self.frame_samples = frame_samples
        self.overflows = 0  # frames dropped because nobody read them
        self._frames: queue.Queue[AudioFrame] = queue.Queue(maxsize=int(max_buffer_s * SAMPLE_RATE / frame_samples))
        self.reset()

    def reset(self) -> None:
        """Drop a part-filled frame (the stream restarts)."""
        self._carry = np.zeros(0, dtype=np.float32)
        self._carry_t = 0.0

    def push(self, samples: np.ndarray, t0: float) -> None:
        """``samples`` (16 kHz) whose first sample was captured at clock time ``t0``."""
        if not self._carry.size:
            self._carry_t = t0
        self._carry = np.concatenate([self._carry, samples])
        while len(self._carry) >= self.frame_samples:
            frame = AudioFrame(self._carry[: self.frame_samples], self._carry_t)
            self._carry = self._carry[self.frame_samples :]
            self._carry_t += self.frame_samples / SAMPLE_RATE
            try:
                self._frames.put_nowait(frame)
            except queue.Full:
                self.overflows += 1

    def get(self, timeout: float | None) -> AudioFrame:
        """The next frame; :class:`queue.Empty` if none came within ``timeout``."""
        return self._frames.get(timeout=timeout)

    def flush(self) -> int:
        """Drop the frames not yet read; returns how many."""
        return len(self.drain())

    def drain(self) -> list[AudioFrame]:
        """Take the frames not yet read."""
        frames = []
        while True:
            try:
                frames.append(self._frames.get_nowait())
            except queue.Empty:
                return frames


# ---------------------------------------------------------------------------- microphone (live)
class SoundDeviceMicrophone:
    """The default (or a named) input device, captured at 16 kHz mono in 32 ms frames."""

    def __init__(self, device: int | str | None = None, frame_samples: int = FRAME_SAMPLES,
                 max_buffer_s: float = 60.0) -> None:
        self.sample_rate = SAMPLE_RATE
        self.frame_samples = frame_samples
        self.clock: Clock = RealClock()
        self._device = device
        self._info = _device_info("input", device)
        self._frames = FrameQueue(frame_samples, max_buffer_s)
        self._stream: Any = None
        self._resampler: StreamResampler | None = None
        self.xruns = 0  # times the device reported lost input (see audio.resilience)

    def start(self) -> None:
        if self._stream is not None:
            return
        sd = _sounddevice()
        last: Exception | None = None
        for rate in (SAMPLE_RATE, int(self._info.get("default_samplerate") or 48000)):
            # 16 kHz straight from the device if it can; otherwise its own rate, resampled here
            self._resampler = StreamResampler(rate, SAMPLE_RATE) if rate != SAMPLE_RATE else None
            self._frames.reset()
            try:
                blocksize = int(round(self.frame_samples * rate / SAMPLE_RATE))
                stream = sd.InputStream(device=self._device, samplerate=rate, channels=1, dtype="float32",
                                        blocksize=blocksize, callback=self._callback)
                stream.start()
            except Exception as exc:
                last = exc
                continue
            self._stream = stream
            return
        raise NoAudioDeviceError(f"no microphone found (could not open input: {last})")

    def _callback(self, indata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        now = self.clock.now()
        if getattr(status, "input_overflow", False):
            self.xruns += 1
        samples = indata[:, 0].astype(np.float32, copy=True)
        if self._resampler is not None:
            samples = self._resampler.process(samples)
        t0 = now - len(samples) / SAMPLE_RATE
        try:  # when the first sample reached the converter, on our clock
            adc = float(time_info.inputBufferAdcTime)
            if adc > 0:
                t0 = now + (adc - float(time_info.currentTime))
        except (AttributeError, TypeError, ValueError):
            pass
        self._frames.push(samples, t0)

    @property
    def overflows(self) -> int:  # frames dropped because nobody read them
        return self._frames.overflows

    def read(self, timeout: float | None = 2.0) -> AudioFrame | None:
        self.start()
        try:
            return self._frames.get(timeout)
        except queue.Empty:
            raise AudioDeviceError(f"microphone delivered nothing for {timeout} s") from None

    def flush(self) -> int:
        return self._frames.flush()

    def drain(self) -> list[AudioFrame]:
        return self._frames.drain()

    def stop(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            _close_stream(stream)

    def __enter__(self) -> "SoundDeviceMicrophone":
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


# ------------------------------------------------------------------------------- speaker (live)
class SoundDeviceSpeaker:
    """The default (or a named) output device. ``stop()`` silences it within one block (~20 ms)."""

    def __init__(self, device: int | str | None = None, blocksize: int = 1024) -> None:
        self.clock: Clock = RealClock()
        self._device = device
        self._info = _device_info("output", device)
        self._rate = int(self._info.get("default_samplerate") or 48000)
        self._blocksize = blocksize
        self._queue: collections.deque[np.ndarray] = collections.deque()
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._stream: Any = None
        self._latency_s = 0.0
        self._ends_at = 0.0
        # for stall detection: when audio was queued to an idle speaker, the stream opened, a block played
        self._queued_at = self._opened_at = self._progress_at = 0.0
        self.xruns = 0  # times the device ran out of audio to play (see audio.resilience)
        # what went to the converter lately, and when (for echo matching)
        self._history = np.zeros(0, dtype=np.float32)
        self._history_end_t: float | None = None
        self._history_s = 5.0

    def _open(self) -> None:
        if self._stream is not None:
            return
        sd = _sounddevice()
        try:
            self._stream = sd.OutputStream(device=self._device, samplerate=self._rate, channels=1,
                                           dtype="float32", blocksize=self._blocksize, callback=self._callback)
            self._stream.start()
        except Exception as exc:
            self._stream = None
            raise NoAudioDeviceError(f"no speaker found (could not open output: {exc})") from exc
        self._latency_s = float(self._stream.latency or 0.0)
        self._opened_at = self.clock.now()

    def reopen(self) -> None:
        """Close the stream and open a new one; what is queued plays on the new one."""
        stream, self._stream = self._stream, None
        if stream is not None:
            _close_stream(stream)
        self._open()

    def stalled_s(self) -> float:
        """How long audio has been waiting with none of it played (0.0 when playing or idle)."""
        with self._lock:
            if self._idle.is_set():
                return 0.0
            since = self._queued_at if self._stream is None else max(self._queued_at, self._opened_at,
                                                                     self._progress_at)
        return max(0.0, self.clock.now() - since)

    def _callback(self, outdata: np.ndarray, frames: int, time_info: Any, status: Any) -> None:
        if getattr(status, "output_underflow", False):
            self.xruns += 1
        out = outdata[:, 0]
        filled = 0
        with self._lock:
            while filled < frames and self._queue:
                head = self._queue[0]
                n = min(frames - filled, len(head))
                out[filled : filled + n] = head[:n]
                filled += n
                if n == len(head):
                    self._queue.popleft()
                else:
                    self._queue[0] = head[n:]
            if not self._queue and filled < frames:
                self._idle.set()
        out[filled:] = 0.0
        now = self.clock.now()
        self._progress_at = now
        try:
            dac = now + (float(time_info.outputBufferDacTime) - float(time_info.currentTime))
        except (AttributeError, TypeError, ValueError):
            dac = now + self._latency_s
        with self._lock:
            keep = int(self._history_s * self._rate)
            self._history = np.concatenate([self._history, out.astype(np.float32)])[-keep:]
            self._history_end_t = dac + frames / self._rate

    def play(self, samples: np.ndarray, sample_rate: int) -> None:
        """Queue ``samples`` and make sure the stream runs. If it cannot be opened the audio stays
        queued (for :meth:`reopen`) and :class:`NoAudioDeviceError` is raised."""
        data = resample(samples, sample_rate, self._rate)
        with self._lock:
            if not self._queue:
                self._ends_at = self.clock.now() + self._latency_s
                self._queued_at = self.clock.now()
            self._queue.append(data)
            self._ends_at += len(data) / self._rate
            self._idle.clear()
        self._open()

    def stop(self) -> None:
        with self._lock:
            self._queue.clear()
            self._idle.set()
            self._ends_at = self.clock.now()

    def is_playing(self) -> bool:
        # queued audio, or audio still in the device buffer
        return not self._idle.is_set() or self.clock.now() < self._ends_at

    def wait(self, timeout: float | None = None) -> bool:
        if not self._idle.wait(timeout):
            return False
        tail = self._ends_at - self.clock.now()
        if tail > 0:
            self.clock.sleep(tail)
        return True

    def reference(self, t0: float, n_samples: int) -> np.ndarray | None:
        """What reached the converter from ``t0`` (PortAudio's DAC times), at 16 kHz."""
        with self._lock:
            if self._history_end_t is None:
                return None
            history, end_t = self._history, self._history_end_t
        out = np.zeros(n_samples, dtype=np.float32)
        start_t = end_t - len(history) / self._rate
        t1 = t0 + n_samples / SAMPLE_RATE
        a, b = max(t0, start_t), min(t1, end_t)
        if b <= a:
            return out
        piece = history[int((a - start_t) * self._rate) : int((b - start_t) * self._rate)]
        piece = resample(piece, self._rate, SAMPLE_RATE)
        dst = int(round((a - t0) * SAMPLE_RATE))
        n = min(len(piece), n_samples - dst)
        out[dst : dst + n] = piece[:n]
        return out

    def close(self) -> None:
        self.stop()
        stream, self._stream = self._stream, None
        if stream is not None:
            _close_stream(stream)
