"""Telling a real transcript from text Whisper invented on speech it could not make out.

On unintelligible but speech-like audio (reversed speech, speech played too fast, mumbling)
Whisper does not fall silent: it writes fluent, plausible sentences, or loops on one phrase ("See
you in the next video. See you in the next video..."). Saving that as the candidate's answer would
put words in their mouth, so such a stretch is stored as ``(unclear)``.

Two tells, measured on tiny.en (figures in bench/RESULTS.md, section h11):
- **a loop**: one phrase repeated back to back (or the whole text one phrase said twice), or a
  high gzip compression ratio of the text;
- **low confidence**: a low average log-probability per token together with low word
  probabilities. Clear speech (LibriVox readers, espeak answers) scores avg_logprob >= -0.5 and
  mean word probability >= 0.79; reversed and 3x-speed speech score <= -0.66 and <= 0.75.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol, Sequence

UNCLEAR = "(unclear)"
_WORD = re.compile(r"[a-z0-9']+")


class _Scored(Protocol):
    start: float
    end: float
    text: str
    avg_logprob: float
    compression_ratio: float
    words: Sequence


@dataclass(frozen=True)
class UnclearRules:
    """A stretch is unclear when its text loops, or when both confidence figures are low."""

    max_compression_ratio: float = 2.0
    # A loop counts only below this confidence: Whisper loops unsure; a person who repeats a
    # sentence word for word is heard clearly (avg_logprob >= -0.5).
    loop_max_avg_logprob: float = -0.55
    min_repeats: int = 3  # a phrase of 2+ words said this many times in a row is a loop
    min_word_repeats: int = 4  # one word said this many times in a row is a loop
    max_avg_logprob: float = -0.7  # unclear below this (duration-weighted over the segments) ...
    max_word_probability: float = 0.65  # ... and mean word probability below this

    def unclear(self, segments: Sequence[_Scored]) -> bool:
        if not segments:
            return False
        text = " ".join(s.text for s in segments)
        spans = [max(s.end - s.start, 0.01) for s in segments]
        logprob = sum(s.avg_logprob * d for s, d in zip(segments, spans)) / sum(spans)
        looping = self.loops(text) or any(s.compression_ratio > self.max_compression_ratio for s in segments)
        if looping and logprob < self.loop_max_avg_logprob:
            return True
        probs = [float(w.probability) for s in segments for w in s.words]
        word_prob = sum(probs) / len(probs) if probs else 1.0
        return logprob < self.max_avg_logprob and word_prob < self.max_word_probability

    def loops(self, text: str) -> bool:
        words = _WORD.findall(text.lower())
        for n in range(2, len(words) // 2 + 1):  # the whole text is one phrase said over and over
            if len(words) % n == 0 and words == words[:n] * (len(words) // n):
                return True
        for n in range(1, 8):
            need = self.min_word_repeats if n == 1 else self.min_repeats
            for i in range(len(words) - n * need + 1):
                phrase = words[i:i + n]
                if all(words[i + k * n:i + (k + 1) * n] == phrase for k in range(1, need)):
                    return True
        return False
