"""A microphone and a speaker at the far end of a WebSocket, behind the same interfaces as a sound card.

The wire protocol is voicebench's generic one (PCM over WebSocket), which a browser page can
speak as well:

- client to server: binary messages of mono 16-bit little-endian PCM at ``sample_rate`` (16 kHz
  unless a first text message ``{"type": "start", "sample_rate": N}`` says otherwise);
- server to client: binary messages of the interviewer's voice, same format and rate, sent as soon
  as they are synthesised (the client plays them back to back); ``{"type": "clear"}`` when the
  interviewer is interrupted (drop what has not played yet); ``{"type": "transcript", "role":
  "user"|"agent", "text", "final": true}`` for what was heard and said.

A :class:`WsLink` is one connection. The asyncio side calls :meth:`WsLink.receive` for each
incoming message and :meth:`WsLink.disconnected` when the socket closes; the interview thread
reads a :class:`WsMicrophone` and plays on a :class:`WsSpeaker`. What the client has been sent
plays, on the server's clock, from the moment it is sent, so the speaker knows what is playing
(for barge-in) and what was heard (for the echo reference).
"""

from __future__ import annotations

import json
import queue
import threading
from typing import Any, Callable

import numpy as np

from audio.clock import Clock, RealClock
from audio.devices import FRAME_SAMPLES, AudioFrame, FrameQueue
from audio.errors import AudioDeviceError, AudioError
from audio.wav import SAMPLE_RATE, StreamResampler, from_pcm16, resample, to_pcm16

Outgoing = bytes | str  # a binary PCM message or a JSON text message
SEND_CHUNK_S = 0.1  # the interviewer's audio goes out in pieces this long


class ClientGone(AudioError):
    """The client closed the connection: the session stops here, with every answer so far saved."""


class WsLink:
    """One client connection: incoming audio for the microphone, outgoing messages from the speaker.

    ``send`` must be safe to call from any thread (the server hands messages to its event loop)."""

    def __init__(self, send: Callable[[Outgoing], None], clock: Clock | None = None,
                 frame_samples: int = FRAME_SAMPLES, max_buffer_s: float = 60.0) -> None:
        self.clock: Clock = clock or RealClock()
        self.send = send
        self.client_rate = SAMPLE_RATE
        self.frame_samples = frame_samples
        self.frames = FrameQueue(frame_samples, max_buffer_s)
        self.gone = threading.Event()
        self._resampler: StreamResampler | None = None

    # ------------------------------------------------------------------ called by the server
    def receive(self, message: Outgoing) -> None:
        if isinstance(message, str):
            self._control(message)
            return
        now = self.clock.now()
        samples = from_pcm16(message)
        if self._resampler is not None:
            samples = self._resampler.process(samples)
        self.frames.push(samples, now - len(samples) / SAMPLE_RATE)  # it arrived as its last sample was taken

    def _control(self, text: str) -> None:
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return  # unknown text messages are ignored, as in voicebench's protocol
        if isinstance(data, dict) and data.get("sample_rate"):
            rate = int(data["sample_rate"])
            self.client_rate = rate
            self._resampler = StreamResampler(rate, SAMPLE_RATE) if rate != SAMPLE_RATE else None

    def disconnected(self) -> None:
        self.gone.set()

    # ---------------------------------------------------------------- called by the interview
    def send_json(self, **message: Any) -> None:
        if not self.gone.is_set():
            self.send(json.dumps(message))


class WsMicrophone:
    """The client's microphone: frames as they arrive, stamped with their arrival on the clock."""

    def __init__(self, link: WsLink) -> None:
        self.link = link
        self.sample_rate = SAMPLE_RATE
        self.frame_samples = link.frame_samples
        self.clock = link.clock

    def start(self) -> None:
        pass

    def read(self, timeout: float | None = 2.0) -> AudioFrame | None:
        """The next frame. :class:`ClientGone` once the client has left and every frame is read;
        :class:`AudioDeviceError` if a connected client sends nothing for ``timeout`` seconds."""
        waited = 0.0
        step = 0.05
        while True:
            try:
                return self.link.frames.get(step)
            except queue.Empty:
                if self.link.gone.is_set():
                    raise ClientGone("the client closed the connection") from None
                waited += step
                if timeout is not None and waited >= timeout:
                    raise AudioDeviceError(f"microphone delivered nothing for {timeout} s") from None

    def flush(self) -> int:
        return self.link.frames.flush()

    def drain(self) -> list[AudioFrame]:
        return self.link.frames.drain()

    def stop(self) -> None:
        pass


class WsSpeaker:
    """The client's speaker: audio is sent at once; it plays from then on, back to back."""

    def __init__(self, link: WsLink) -> None:
        self.link = link
        self.clock = link.clock
        self._lock = threading.Lock()
        self._ends_at = 0.0
        self._played: list[tuple[float, np.ndarray]] = []  # (start time, 16 kHz audio), for reference()
        self._history_s = 10.0

    def play(self, samples: np.ndarray, sample_rate: int) -> None:
        if self.link.gone.is_set():
            raise ClientGone("the client closed the connection")
        out = resample(np.asarray(samples, np.float32), sample_rate, self.link.client_rate)
        step = max(1, int(SEND_CHUNK_S * self.link.client_rate))
        with self._lock:
            now = self.clock.now()
            start = max(now, self._ends_at)
            self._ends_at = start + len(out) / self.link.client_rate
            self._played.append((start, resample(out, self.link.client_rate, SAMPLE_RATE)))
            self._played = [(t, a) for t, a in self._played if t + len(a) / SAMPLE_RATE > now - self._history_s]
            for i in range(0, len(out), step):
                self.link.send(to_pcm16(out[i : i + step]))

    def stop(self) -> None:
        with self._lock:
            now = self.clock.now()
            if self._ends_at > now:
                self.link.send_json(type="clear")
                self._played = [(t, a[: max(0, int((now - t) * SAMPLE_RATE))]) for t, a in self._played if t < now]
            self._ends_at = min(self._ends_at, now)

    def is_playing(self) -> bool:
        return self.clock.now() < self._ends_at

    def wait(self, timeout: float | None = None) -> bool:
        remaining = self._ends_at - self.clock.now()
        if timeout is not None and remaining > timeout:
            self.clock.sleep(timeout)
            return False
        self.clock.sleep(remaining)
        return True

    def reference(self, t0: float, n_samples: int) -> np.ndarray | None:
        """What the client was playing from ``t0`` (16 kHz; zeros where it was silent)."""
        out = np.zeros(n_samples, np.float32)
        with self._lock:
            played = list(self._played)
        for start, audio in played:
            src = int(round((t0 - start) * SAMPLE_RATE))
            lo, hi = max(0, src), min(len(audio), src + n_samples)
            if hi > lo:
                out[lo - src : hi - src] += audio[lo:hi]
        return out

    def close(self) -> None:
        self.stop()
