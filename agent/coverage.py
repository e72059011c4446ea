"""Which areas to cover an answer touched, tolerant of speech-recognition noise.

Transcripts come from Whisper, so "cache" may arrive as "cash", "microservices" as
"micro services", "p99" as "p ninety nine". Matching therefore works on normalised, lightly
stemmed tokens, also compares cues with spaces removed, and accepts near-miss spellings of long
words.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Iterable, Sequence

from question_flows import Area

# Whole-phrase rewrites of common mis-hearings and spoken forms (applied to normalised text).
_SPOKEN_FORMS: tuple[tuple[str, str], ...] = (
    (r"\bcash(e|ed|es|ing)?\b", r"cache\1"),
    (r"\bsequel\b", "sql"),
    (r"\ba p i(s)?\b", r"api\1"),
    (r"\bp (ninety nine|99)(th)?\b", "p99"),
    (r"\bninety ninth percentile\b", "p99"),
    (r"\bp (fifty|50)\b", "p50"),
    (r"\bp (ninety five|95)\b", "p95"),
    (r"\bmilli ?seconds?\b", "ms"),
    (r"\bl l m(s)?\b", r"llm\1"),
    (r"\bk p i(s)?\b", r"kpi\1"),
    (r"\bs l (a|o)(s)?\b", r"sl\1\2"),
    (r"\brag\b", "rag"),
    (r"\bfine tun", "finetun"),
    (r"\bfine-tun", "finetun"),
    (r"\broll back", "rollback"),
    (r"\bfeature flag", "featureflag"),
)
_SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "ly", "s")


def normalise(text: str) -> str:
    text = text.lower().replace("’", "'").replace("-", " ")
    text = re.sub(r"[^a-z0-9%' ]+", " ", text)
    text = re.sub(r"'s\b", "", text).replace("'", "")
    text = re.sub(r"\s+", " ", text).strip()
    for pattern, repl in _SPOKEN_FORMS:
        text = re.sub(pattern, repl, text)
    return text


def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def tokens(text: str) -> list[str]:
    return [stem(w) for w in normalise(text).split()]


@lru_cache(maxsize=4096)
def _cue_tokens(cue: str) -> tuple[str, ...]:
    return tuple(tokens(cue))


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    # Only long words get fuzzy matching: short ones collide too easily ("api" vs "app").
    if min(len(a), len(b)) < 6 or abs(len(a) - len(b)) > 2:
        return False
    return SequenceMatcher(None, a, b).ratio() >= 0.84


@dataclass(frozen=True)
class NormalisedText:
    words: tuple[str, ...]
    joined: str  # stems with no spaces, for "micro services" ~ "microservices"

    @classmethod
    def of(cls, text: str) -> "NormalisedText":
        words = tuple(tokens(text))
        return cls(words, "".join(words))


def cue_in(cue: str, text: NormalisedText) -> bool:
    cue_words = _cue_tokens(cue)
    if not cue_words:
        return False
    n = len(cue_words)
    for i in range(len(text.words) - n + 1):
        if all(_similar(c, w) for c, w in zip(cue_words, text.words[i : i + n])):
            return True
    glued = "".join(cue_words)
    return len(glued) >= 7 and glued in text.joined


def matched_cue(cues: Iterable[str], text: NormalisedText) -> str | None:
    for cue in cues:
        if cue_in(cue, text):
            return cue
    return None


def covered_areas(text: str, areas: Sequence[Area]) -> dict[str, str]:
    """Map each covered area id to the cue that showed it."""
    norm = NormalisedText.of(text)
    found: dict[str, str] = {}
    for area in areas:
        cue = matched_cue(area.cues, norm)
        if cue is not None:
            found[area.id] = cue
    return found
