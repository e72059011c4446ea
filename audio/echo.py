"""Keep the agent's own voice from counting as the candidate's while it speaks.

Used only during playback, and only when the speaker can say what it played
(:meth:`Speaker.reference`). Two steps per microphone frame:

1. **Subtract the direct echo.** The frame is matched against the reference over a range of
   delays (up to ``max_delay_s``); the best-matching delayed, scaled copy is subtracted (a one-tap
   echo canceller). This removes a direct-path echo completely, and keeps the agent's voice out of
   the audio captured when the candidate barges in.
2. **Gate what is left by level.** Room reverberation survives step 1, so the canceller bounds
   how loud the leftover echo can be: an envelope of the reference (the loudest recent frame,
   allowing ``latency_frames`` of device latency at full strength, then a decaying room tail)
   times ``coupling``, a high percentile (90th) of leftover/envelope energy over recent playback.
   A frame is ``echo_dominated`` unless it is ``margin_db`` above that bound. Until half a second
   of playback has been heard every frame counts as echo (learn before trusting); frames of a
   sustained loud stretch (possibly the candidate) are not learned from. What was learned is kept
   between prompts, one canceller per speaker.

Measured in simulated rooms (``tests/audio/test_audio_echo.py``, RT60 0.05-0.7 s, delays up to
0.3 s): no false barge-in in 192 prompts with echo from -20 dB to 0 dB; a candidate talking over
an echo at -20 or -10 dB interrupts (12/12 each, 0.6-0.8 s after their onset); with echo at -4 dB
or louder they mostly cannot. That is the intended failure: the agent keeps talking rather than
cutting itself off. Headphones avoid all of this.
"""

from __future__ import annotations

import weakref
from collections import deque

import numpy as np

from audio.devices import Speaker
from audio.wav import SAMPLE_RATE


class EchoCanceller:
    def __init__(self, max_delay_s: float = 0.4, window_s: float = 0.128, min_match: float = 0.3,
                 margin_db: float = 3.0, quantile: float = 90.0, history: int = 300, min_history: int = 16,
                 latency_frames: int = 13, tail_frames: int = 24, tail_decay: float = 0.5) -> None:
        self.max_lag = int(max_delay_s * SAMPLE_RATE)
        self.window = int(window_s * SAMPLE_RATE)
        self.min_match = min_match  # normalised correlation below this: no direct echo found
        self.margin = 10 ** (margin_db / 10)  # power ratio over the echo bound
        self.quantile = quantile
        self.min_history = min_history
        # the echo of a frame can arrive up to `latency_frames` later at full strength, then fades
        # by `tail_decay` per frame (reverberation) over `tail_frames`
        weights = np.ones(tail_frames)
        weights[latency_frames:] = tail_decay ** np.arange(1, tail_frames - latency_frames + 1)
        self._weights = weights
        self._ratios: deque[float] = deque(maxlen=history)  # microphone energy / reference envelope
        self.floor = 1e-7  # energy below this is silence whatever the model says
        self._mic = np.zeros(0, dtype=np.float32)
        self._loud_run = 0
        self.echo_dominated = False  # the last frame was mostly the agent's own voice

    @property
    def coupling(self) -> float | None:
        """How loud the echo gets relative to the reference envelope (None: not learned yet)."""
        if len(self._ratios) < self.min_history:
            return None
        return float(np.percentile(np.fromiter(self._ratios, float), self.quantile))

    def process(self, samples: np.ndarray, t: float, speaker: Speaker) -> np.ndarray:
        """The frame (16 kHz, first sample at clock time ``t``) minus the direct echo; sets
        ``echo_dominated``."""
        x = np.asarray(samples, dtype=np.float32)
        n = len(x)
        self.echo_dominated = False
        self._mic = np.concatenate([self._mic, x])[-max(self.window, n):]
        win = self._mic
        w = len(win)
        tail = len(self._weights)
        span = max(self.max_lag + w, tail * n)
        ref = speaker.reference(t + n / SAMPLE_RATE - span / SAMPLE_RATE, span)
        if ref is None:
            return x
        ref = np.asarray(ref, dtype=np.float32)
        # envelope: the loudest recent reference frame, allowing for latency and room decay
        frames = ref[len(ref) - tail * n :].reshape(tail, n)[::-1]  # newest first
        envelope = float(np.max((frames.astype(np.float64) ** 2).mean(axis=1) * self._weights))
        if envelope < 1e-8:  # the speaker has been silent: no echo possible
            return x

        residual = self._subtract_direct_echo(x, win, ref[len(ref) - (self.max_lag + w) :])
        energy = float(np.mean(residual.astype(np.float64) ** 2))
        coupling = self.coupling
        # the first frames of playback count as echo: learn before trusting
        loud = coupling is not None and energy > self.margin * (coupling * envelope) + self.floor
        self.echo_dominated = not loud
        self._loud_run = self._loud_run + 1 if loud else 0
        # learn from every frame except those of a sustained loud stretch: that may be the
        # candidate, whose voice must not become "echo"
        if self._loud_run < 3:
            self._ratios.append(energy / envelope)
        return residual

    def _subtract_direct_echo(self, x: np.ndarray, win: np.ndarray, ref: np.ndarray) -> np.ndarray:
        n, w = len(x), len(win)
        size = 1 << int(np.ceil(np.log2(len(ref) + w)))
        corr = np.fft.irfft(np.fft.rfft(ref, size) * np.conj(np.fft.rfft(win, size)), size)[: self.max_lag + 1]
        csum = np.concatenate([[0.0], np.cumsum(ref.astype(np.float64) ** 2)])
        energy = csum[w : w + self.max_lag + 1] - csum[: self.max_lag + 1]  # of ref[k:k+w]
        ex = float(np.dot(win, win)) + 1e-9
        ncc = corr / np.sqrt(energy * ex + 1e-12)
        k = int(np.argmax(np.abs(ncc)))  # delay (self.max_lag - k) samples
        if abs(ncc[k]) < self.min_match or energy[k] <= 1e-9:
            return x
        gain = corr[k] / energy[k]
        echo = ref[k + w - n : k + w]  # the part aligned with the current frame
        return (x - gain * echo).astype(np.float32)


_cancellers: "weakref.WeakKeyDictionary[object, EchoCanceller]" = weakref.WeakKeyDictionary()


def canceller_for(speaker: Speaker) -> EchoCanceller:
    """This speaker's canceller, kept between prompts so what it learned about the room stays."""
    try:
        return _cancellers.setdefault(speaker, EchoCanceller())
    except TypeError:  # not weak-referenceable
        return EchoCanceller()
