"""Does this text address that target (a question, an area, an indicator)? A score and a verdict.

The score is the best cosine between any sentence of the text and any
phrasing of the target, plus a boost when one of the target's cue phrases is in the text. Cues
can only raise the score: a sentence that says the thing in other words still counts.

Thresholds (cosine, all-MiniLM-L6-v2), calibrated on candidate sentences written in
natural words for the bank's behavioral and platform questions (tests/meaning):
- ADDRESSES 0.32: a sentence against a target phrased the way a candidate would say it (a
  follow-up question, an exemplar sentence). On-target sentences score 0.33-0.75, sentences on the
  same story but about another part of it 0.05-0.30.
- Abstract descriptions ("The result with numbers.") sit lower for everything (0.10-0.30) and
  barely separate; give concrete phrasings or exemplars as well when you have them.
- CUE_BOOST 0.20: a cue phrase found by agent.coverage's speech-tolerant matching lifts a
  borderline sentence over the line, but a cue alone (score 0 + 0.20) never makes a hit.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from agent.coverage import NormalisedText, matched_cue
from agent.meaning.vectors import embed, embed_said
from agent.sentences import split as sentences

ADDRESSES = 0.32
CUE_BOOST = 0.20


@dataclass(frozen=True)
class Match:
    score: float  # best cosine (plus the cue boost), rounded so verdicts are stable across BLAS builds
    hit: bool  # score >= the threshold asked for
    sentence: str = ""  # the sentence of the text that matched best
    cue: str | None = None  # the cue phrase that boosted the score, if any


def _phrasings(target: str | Sequence[str]) -> list[str]:
    return [target] if isinstance(target, str) else [t for t in target if t.strip()]


def best_sentence(text: str, target: str | Sequence[str]) -> tuple[float, str]:
    """The highest cosine between a sentence of `text` and a phrasing of `target`."""
    parts = sentences(text)
    phrasings = _phrasings(target)
    if not parts or not phrasings:
        return 0.0, ""
    sims = embed_said(parts) @ embed(phrasings).T
    i = int(np.argmax(sims.max(axis=1)))
    return float(sims[i].max()), parts[i]


def addresses(text: str, target: str | Sequence[str], *, cues: Sequence[str] = (),
              threshold: float = ADDRESSES) -> Match:
    """Whether `text` addresses `target` (one phrasing or several), by meaning; cues are a boost."""
    score, sentence = best_sentence(text, target)
    cue = matched_cue(cues, NormalisedText.of(text)) if cues else None
    if cue is not None:
        score += CUE_BOOST
    score = round(min(score, 1.0), 4)
    return Match(score=score, hit=score >= threshold, sentence=sentence, cue=cue)
