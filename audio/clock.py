"""Clocks: the real one, and a virtual one so tests run a long conversation in milliseconds.

Every device and loop in ``audio`` takes time from a :class:`Clock`. With :class:`VirtualClock`,
``sleep`` advances time instantly, so a :class:`~audio.file_devices.FileMicrophone` "streams at
real-time speed" in virtual time and a 30-second exchange runs deterministically in a few
milliseconds (plus whatever real compute the models need).
"""

from __future__ import annotations

import threading
import time
from typing import Protocol, runtime_checkable


@runtime_checkable
class Clock(Protocol):
    def now(self) -> float:
        """Seconds on this clock (monotonic)."""

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` on this clock."""

    def sleep_until(self, t: float) -> None:
        """Wait until ``now() >= t``."""


class RealClock:
    """Wall time (``time.monotonic``)."""

    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)

    def sleep_until(self, t: float) -> None:
        self.sleep(t - self.now())

    def __repr__(self) -> str:
        return "RealClock()"


class VirtualClock:
    """Time that only moves when someone sleeps; sleeping returns at once.

    Meant to be driven by one thread (the loop reading the microphone). Reading ``now`` from other
    threads is safe.
    """

    def __init__(self, start: float = 0.0) -> None:
        self._t = float(start)
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._t

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            with self._lock:
                self._t += seconds

    def sleep_until(self, t: float) -> None:
        with self._lock:
            if t > self._t:
                self._t = float(t)

    def advance(self, seconds: float) -> None:
        """Alias of :meth:`sleep`, for tests that move time by hand."""
        self.sleep(seconds)

    def __repr__(self) -> str:
        return f"VirtualClock(t={self.now():.3f})"
