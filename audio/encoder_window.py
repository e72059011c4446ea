"""Whisper's encoder on a window fitted to the speech instead of its fixed 30 s.

faster-whisper pads every clip's features to 3000 frames (30 s), so a 5 s stretch of an answer
costs the encoder as much as 30 s of speech: about 60 % of a tiny.en call on 2 cores. The
CTranslate2 encoder (4.x) takes shorter inputs: on twice the speech, at least 10 s, it runs 5-8x
faster, and the word error rate on our recordings is the same (bench/stt_window_bench.py, figures
in bench/RESULTS.md, engineer "lat"). Tighter windows, and short clips in any short window, make
tiny.en drop words or loop ("5, 5, 5, 5, ..."): so clips under 3 s of speech keep the full
window, and the Transcriber decodes again on the full window whatever looks like a loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

FULL_FRAMES = 3000  # Whisper's 30 s window, 100 feature frames a second
FRAMES_PER_S = 100


@dataclass(frozen=True)
class EncoderWindow:
    ratio: float = 2.0  # the window is this many times the speech in it...
    min_s: float = 10.0  # ...and at least this long
    min_speech_s: float = 3.0  # shorter clips get the full 30 s (tiny.en loops on them: "5, 5, 5, 5, ...")

    def frames(self, content_frames: int, full_frames: int = FULL_FRAMES) -> int:
        """Feature frames the encoder sees for ``content_frames`` of audio (even: the encoder
        halves them)."""
        if content_frames < self.min_speech_s * FRAMES_PER_S:
            return full_frames
        frames = max(int(np.ceil(content_frames * self.ratio)), int(self.min_s * FRAMES_PER_S))
        return min(full_frames, frames + frames % 2)


def content_frames(features: np.ndarray) -> int:
    """Frames of real audio in a padded feature window (faster-whisper pads with zero columns;
    no column of real audio is all zeros)."""
    filled = np.flatnonzero(np.any(features != 0, axis=-2).reshape(-1))
    return int(filled[-1]) + 1 if filled.size else 0


def fitted_whisper_model(path: str, **kwargs: Any):
    """A faster-whisper WhisperModel whose encoder sees the window set by ``use(EncoderWindow)``
    (None: the full 30 s)."""
    from faster_whisper import WhisperModel  # (heavy: imported when a model is loaded)

    class FittedWindowWhisper(WhisperModel):
        window: EncoderWindow | None = None
        last_frames: int | None = None  # the window the encoder saw last
        shortened = False  # some window since ``window`` was set was shorter than 30 s

        def use(self, window: EncoderWindow | None) -> None:
            self.window, self.shortened = window, False

        def encode(self, features: np.ndarray):
            full = features.shape[-1]
            if self.window is not None:
                features = features[..., : self.window.frames(content_frames(features), full)]
            self.last_frames = features.shape[-1]
            self.shortened = self.shortened or self.last_frames < full
            return super().encode(features)

    return FittedWindowWhisper(path, **kwargs)
