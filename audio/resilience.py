"""Keep listening and speaking through a stalled, overrun or vanished sound device.

A live device can stop delivering for a while (a loaded CPU, a suspended PulseAudio source, a
Bluetooth hiccup, a PulseAudio null sink waking up), lose samples (an xrun), or disappear (unplugged).
None of these may end an interview. :class:`SteadyMicrophone` and :class:`SteadySpeaker` wrap a
device behind the same interface and:

- wait a stall out, reopening the device every ``reopen_every_s`` while it lasts;
- report each happening once as a :class:`DeviceEvent` (shown to the candidate, kept in the session);
- give up only when the device has given nothing for ``give_up_after_s``: :class:`DeviceLostError`.

While the microphone stalls, ``read`` blocks: the end-of-turn detector counts samples, not wall
time, so a stall never passes for the candidate's silence and never ends their answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal

import numpy as np

from audio.devices import AudioFrame, Microphone, Speaker
from audio.errors import AudioDeviceError, NoAudioDeviceError

DeviceKind = Literal["microphone", "speaker"]
EventKind = Literal["stalled", "recovered", "xrun", "lost"]


class DeviceLostError(AudioDeviceError):
    """A device gave nothing for the whole retry period: the session cannot go on with it.

    ``heard``: the candidate's audio of the answer it cut off (16 kHz), when it was listening."""

    def __init__(self, message: str, heard: np.ndarray | None = None) -> None:
        super().__init__(message)
        self.heard = heard


@dataclass(frozen=True)
class ResilienceOptions:
    first_frame_s: float = 3.0  # a device just opened may take this long to start delivering
    stall_s: float = 1.0  # nothing for this long from a running device: a stall
    reopen_every_s: float = 2.0  # while stalled, reopen the device this often
    give_up_after_s: float = 30.0  # stalled this long: the device is gone
    poll_s: float = 0.25  # how often a waiting speaker is checked
    xrun_report_s: float = 30.0  # overruns are reported at most this often


@dataclass(frozen=True)
class DeviceEvent:
    kind: EventKind
    device: DeviceKind
    message: str
    at: float  # clock time
    duration_s: float | None = None  # of a stall that ended (recovered) or never did (lost)


EventSink = Callable[[DeviceEvent], None]
_DEVICE_ERRORS = (AudioDeviceError, NoAudioDeviceError)


class _Stall:
    """One stretch of a device giving nothing: when it began, when it was last reopened."""

    def __init__(self, began: float) -> None:
        self.began = began
        self.last_reopen: float | None = None
        self.reopens = 0


class _Watch:
    """The stall bookkeeping shared by both wrappers."""

    def __init__(self, device: DeviceKind, clock, options: ResilienceOptions, on_event: EventSink | None) -> None:
        self.device, self.clock, self.o, self.on_event = device, clock, options, on_event
        self.stall: _Stall | None = None
        self.events: list[DeviceEvent] = []
        self._xruns_seen = 0
        self._xrun_reported_at = -float("inf")

    def emit(self, kind: EventKind, message: str, duration_s: float | None = None) -> None:
        event = DeviceEvent(kind, self.device, message, self.clock.now(), duration_s)
        self.events.append(event)
        if self.on_event is not None:
            self.on_event(event)

    def stalled(self, since: float, why: str, reopen: Callable[[], None]) -> None:
        """The device has given nothing since ``since``: note it, reopen it now and then, or give up."""
        now = self.clock.now()
        if self.stall is None:
            self.stall = _Stall(since)
            self.emit("stalled", f"the {self.device} stopped ({why}); waiting for it")
        stall = self.stall
        if now - stall.began >= self.o.give_up_after_s:
            self.emit("lost", f"the {self.device} gave nothing for {now - stall.began:.0f} s", now - stall.began)
            raise DeviceLostError(f"the {self.device} stopped working ({why}) and did not come back "
                                  f"within {self.o.give_up_after_s:g} s")
        if stall.last_reopen is None or now - stall.last_reopen >= self.o.reopen_every_s:
            stall.last_reopen, stall.reopens = now, stall.reopens + 1
            reopen()

    def flowing(self) -> None:
        """The device delivered again: close the stall, if there was one."""
        if self.stall is None:
            return
        lasted = self.clock.now() - self.stall.began
        reopened = f", reopened {self.stall.reopens}x" if self.stall.reopens else ""
        self.stall = None
        self.emit("recovered", f"the {self.device} is back after {lasted:.1f} s{reopened}", lasted)

    def note_xruns(self, device: object) -> None:
        """Xruns lose a few milliseconds each: reported, at most once per ``xrun_report_s``."""
        xruns = int(getattr(device, "xruns", 0))
        now = self.clock.now()
        if xruns > self._xruns_seen and now - self._xrun_reported_at >= self.o.xrun_report_s:
            lost = "dropped audio" if self.device == "microphone" else "ran out of audio"
            self.emit("xrun", f"the {self.device} {lost} ({xruns - self._xruns_seen} xruns)")
            self._xruns_seen, self._xrun_reported_at = xruns, now


class SteadyMicrophone:
    """A microphone that waits out stalls instead of failing (see the module docstring)."""

    def __init__(self, inner: Microphone, options: ResilienceOptions | None = None,
                 on_event: EventSink | None = None) -> None:
        self.inner = inner
        self.o = options or ResilienceOptions()
        self.sample_rate = inner.sample_rate
        self.frame_samples = inner.frame_samples
        self.clock = inner.clock
        self._watch = _Watch("microphone", self.clock, self.o, on_event)
        self._delivered = False  # since the last (re)open

    @property
    def events(self) -> list[DeviceEvent]:
        return self._watch.events

    def start(self) -> None:
        try:
            self.inner.start()
        except _DEVICE_ERRORS:
            pass  # read() waits for it and reopens it

    def read(self, timeout: float | None = None) -> AudioFrame | None:
        """The next frame; ``None`` once the input has ended. ``timeout`` is ignored: a silent device
        is waited for (and reopened) until ``give_up_after_s``, then :class:`DeviceLostError`."""
        while True:
            wait = self.o.stall_s if self._delivered else self.o.first_frame_s
            asked_at = self.clock.now()
            try:
                frame = self.inner.read(wait)
            except _DEVICE_ERRORS as exc:
                idle = self.clock.now() - asked_at
                if idle < wait:  # failed at once (device gone): do not spin
                    self.clock.sleep(min(wait - idle, self.o.reopen_every_s))
                since = asked_at if self._watch.stall is None else self._watch.stall.began
                self._watch.stalled(since, str(exc), self._reopen)
                continue
            self._delivered = True
            self._watch.flowing()
            self._watch.note_xruns(self.inner)
            return frame

    def _reopen(self) -> None:
        self._delivered = False
        try:
            self.inner.stop()
        except Exception:  # a broken stream may fail to close; it is dropped either way
            pass
        self.start()

    def flush(self) -> int:
        try:
            return self.inner.flush()
        except _DEVICE_ERRORS:
            return 0

    def drain(self) -> list[AudioFrame]:
        try:
            return self.inner.drain()
        except _DEVICE_ERRORS:
            return []

    def stop(self) -> None:
        try:
            self.inner.stop()
        except Exception:
            pass


class SteadySpeaker:
    """A speaker whose stalls are noticed and outlived instead of hanging the interview.

    A stall is read from the inner speaker's ``stalled_s()`` (seconds it has had audio queued and
    played none of it); it is reopened with ``reopen()``, keeping what is queued. A speaker without
    these (e.g. a file speaker) is simply passed through."""

    def __init__(self, inner: Speaker, options: ResilienceOptions | None = None,
                 on_event: EventSink | None = None) -> None:
        self.inner = inner
        self.o = options or ResilienceOptions()
        self.clock = inner.clock
        self._watch = _Watch("speaker", self.clock, self.o, on_event)

    @property
    def events(self) -> list[DeviceEvent]:
        return self._watch.events

    def _check(self) -> None:
        self._watch.note_xruns(self.inner)
        stalled_s = getattr(self.inner, "stalled_s", None)
        reopen = getattr(self.inner, "reopen", None)
        if stalled_s is None or reopen is None:
            return
        stalled = stalled_s()
        if stalled >= self.o.stall_s:
            self._watch.stalled(self.clock.now() - stalled, "no audio played", self._reopen)
        elif stalled == 0.0:
            self._watch.flowing()

    def _reopen(self) -> None:
        try:
            self.inner.reopen()  # type: ignore[attr-defined]
        except _DEVICE_ERRORS:
            pass  # tried again at the next check

    def play(self, samples: np.ndarray, sample_rate: int) -> None:
        try:
            self.inner.play(samples, sample_rate)
        except _DEVICE_ERRORS:
            pass  # the audio is queued; the device is reopened while it stays silent
        self._check()

    def stop(self) -> None:
        self.inner.stop()

    def is_playing(self) -> bool:
        self._check()
        return self.inner.is_playing()

    def wait(self, timeout: float | None = None) -> bool:
        deadline = None if timeout is None else self.clock.now() + timeout
        while True:
            step = self.o.poll_s if deadline is None else min(self.o.poll_s, deadline - self.clock.now())
            if step <= 0:
                return False
            if self.inner.wait(step):
                self._watch.flowing()
                return True
            self._check()

    def reference(self, t0: float, n_samples: int) -> np.ndarray | None:
        return self.inner.reference(t0, n_samples)

    def close(self) -> None:
        self.inner.close()
