"""Take the agent's own voice out of the microphone signal while it speaks.

When the speaker can say what it played (:meth:`Speaker.reference`), each microphone frame is
matched against that reference over a range of delays; the best-matching delayed, scaled copy
is subtracted (a one-tap echo canceller). What is left is the candidate's voice, if any; VAD on
it decides barge-in. A loudspeaker in a real room adds reverberation that one tap cannot remove:
headphones remain the reliable setup, and live sound-card speakers return no reference.
"""

from __future__ import annotations

import numpy as np

from audio.devices import Speaker
from audio.wav import SAMPLE_RATE


class EchoCanceller:
    def __init__(self, max_delay_s: float = 0.4, window_s: float = 0.128, min_match: float = 0.3) -> None:
        self.max_lag = int(max_delay_s * SAMPLE_RATE)
        self.window = int(window_s * SAMPLE_RATE)
        self.min_match = min_match  # normalised correlation below this: no echo found
        self._history = np.zeros(0, dtype=np.float32)
        self.last_delay_s: float | None = None
        self.last_match = 0.0

    def reset(self) -> None:
        self._history = np.zeros(0, dtype=np.float32)

    def process(self, samples: np.ndarray, t: float, speaker: Speaker) -> np.ndarray:
        """The frame (16 kHz, first sample at clock time ``t``) minus the speaker's echo."""
        x = np.asarray(samples, dtype=np.float32)
        n = len(x)
        self._history = np.concatenate([self._history, x])[-max(self.window, n):]
        win = self._history
        w = len(win)
        win_t = t + n / SAMPLE_RATE - w / SAMPLE_RATE
        ref = speaker.reference(win_t - self.max_lag / SAMPLE_RATE, w + self.max_lag)
        if ref is None or not np.any(ref):
            self.last_match = 0.0
            return x
        # correlation of the window with each delayed reference segment, via FFT
        size = 1 << int(np.ceil(np.log2(len(ref) + w)))
        corr = np.fft.irfft(np.fft.rfft(ref, size) * np.conj(np.fft.rfft(win, size)), size)[: self.max_lag + 1]
        csum = np.concatenate([[0.0], np.cumsum(ref.astype(np.float64) ** 2)])
        energy = csum[w : w + self.max_lag + 1] - csum[: self.max_lag + 1]  # of ref[k:k+w]
        ex = float(np.dot(win, win)) + 1e-9
        ncc = corr / np.sqrt(energy * ex + 1e-12)
        k = int(np.argmax(np.abs(ncc)))
        self.last_match = float(abs(ncc[k]))
        self.last_delay_s = (self.max_lag - k) / SAMPLE_RATE
        if self.last_match < self.min_match or energy[k] <= 1e-9:
            return x
        gain = corr[k] / energy[k]
        echo = ref[k + w - n : k + w]  # the part aligned with the current frame
        return (x - gain * echo).astype(np.float32)
