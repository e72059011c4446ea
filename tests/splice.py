"""Think-pauses spliced into real speech: a clip cut between two words, silence, then the rest.

Used by the end-of-turn tests and bench to ask: does a pause after an unfinished thought end the
turn too early? The cut lands between words (from the transcript's word times), snapped to the
quietest 10 ms nearby so no word is clipped.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from audio.stt import Word
from audio.wav import SAMPLE_RATE


@dataclass(frozen=True)
class Splice:
    audio: np.ndarray  # before + silence + after
    cut_s: float  # where the clip was cut
    pause_s: float
    before: str  # words before the cut
    after: str  # words after it
    speech_end_s: float  # where the speech ends in the spliced audio


def quietest_point(audio: np.ndarray, around_s: float, radius_s: float = 0.08) -> int:
    """The sample at the centre of the quietest 10 ms within ``radius_s`` of ``around_s``."""
    step = SAMPLE_RATE // 100
    lo = max(0, int((around_s - radius_s) * SAMPLE_RATE))
    hi = min(len(audio) - step, int((around_s + radius_s) * SAMPLE_RATE))
    if hi <= lo:
        return int(around_s * SAMPLE_RATE)
    starts = range(lo, hi, step // 2)
    best = min(starts, key=lambda i: float(np.mean(audio[i : i + step] ** 2)))
    return best + step // 2


def cut_near(words: list[Word], fraction: float) -> int:
    """Index of the word after which to cut: the gap between words nearest ``fraction`` of the
    way through the speech (never before the first word or after the second-to-last)."""
    start, end = words[0].start, words[-1].end
    target = start + fraction * (end - start)
    gaps = [(abs((words[i].end + words[i + 1].start) / 2 - target), i) for i in range(len(words) - 1)]
    return min(gaps)[1]


def splice(audio: np.ndarray, words: list[Word], after_word: int, pause_s: float,
           trailing_s: float = 0.0) -> Splice:
    """``audio`` cut after word ``after_word``, with ``pause_s`` of silence inserted there."""
    mid = (words[after_word].end + words[after_word + 1].start) / 2
    cut = quietest_point(audio, mid)
    out = np.concatenate([audio[:cut], np.zeros(int(pause_s * SAMPLE_RATE), np.float32), audio[cut:],
                          np.zeros(int(trailing_s * SAMPLE_RATE), np.float32)])
    return Splice(out, cut / SAMPLE_RATE, pause_s,
                  " ".join(w.word.strip() for w in words[: after_word + 1]),
                  " ".join(w.word.strip() for w in words[after_word + 1 :]),
                  words[-1].end + pause_s)
