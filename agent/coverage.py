"""Which areas to cover an answer touched, tolerant of speech-recognition noise.

Transcripts come from Whisper, so "cache" may arrive as "cash", "microservices" as
"micro services", "p99" as "p ninety nine", "B99" or "the 99% tile", "staleness" where the cue
says "stale". Matching therefore works on normalised, lightly stemmed tokens, also compares cues
with spaces removed, and accepts near-miss spellings of long words.

The same rules serve the interviewer (which area to follow up on) and the grader (thousands of
sentences against hundreds of cues in a 45-minute session), so matching is built to be fast:
stems, cue tokens and the fuzzy word comparison are memoised, each `NormalisedText` indexes its
words by position, and a cue is tried only where its first word can match.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Iterable, Sequence

from question_flows import Area

# Whole-phrase rewrites of common mis-hearings and spoken forms (applied to normalised text).
_SPOKEN_FORMS: tuple[tuple[str, str], ...] = (
    (r"\bcash(e|ed|es|ing)?\b", r"cache\1"),
    (r"\bsequel\b", "sql"),
    (r"\ba p i(s)?\b", r"api\1"),
    (r"\b(p ?|b)(ninety nine|ninety ninth|99)(th)?\b(?!%)", "p99"),
    (r"\b(ninety nine|ninety ninth|99 ?(th)?)( ?%| percent)? ?(percentile|percent ?tile|tile)s?\b", "p99"),
    (r"\b(ninety fifth|95 ?(th)?)( ?%| percent)? ?(percentile|percent ?tile|tile)s?\b", "p95"),
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
_SPOKEN_RES = tuple((re.compile(p), r) for p, r in _SPOKEN_FORMS)
_SUFFIXES = ("ations", "ation", "ings", "nesses", "ness", "ing", "ies", "ied", "es", "ed", "ly", "s")
# "-ness" only off a word of its own ("freshness", "staleness"), not off "business" or "harness".
_MIN_STEM = {"nesses": 5, "ness": 5}
_NON_WORD = re.compile(r"[^a-z0-9%' ]+")
_POSSESSIVE = re.compile(r"'s\b")
_SPACES = re.compile(r"\s+")
FUZZY_MIN_LEN = 6  # shorter words only match exactly: they collide too easily ("api" vs "app")


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    text = text.lower().replace("’", "'").replace("-", " ")
    text = _NON_WORD.sub(" ", text)
    text = _POSSESSIVE.sub("", text).replace("'", "")
    text = _SPACES.sub(" ", text).strip()
    for pattern, repl in _SPOKEN_RES:
        text = pattern.sub(repl, text)
    return text


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM.get(suffix, 3):
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in normalise(text).split())


def tokens(text: str) -> list[str]:
    return list(_tokens(text))


@lru_cache(maxsize=262144)
def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < FUZZY_MIN_LEN or abs(len(a) - len(b)) > 2:
        return False
    # difflib's cheap upper bounds rule most pairs out before the full ratio.
    sm = SequenceMatcher(None, a, b)
    return sm.real_quick_ratio() >= 0.84 and sm.quick_ratio() >= 0.84 and sm.ratio() >= 0.84


class NormalisedText:
    """A text's stems, indexed once: word -> positions, the words long enough for fuzzy matching,
    and where each word begins in the stems run together (for "micro services" ~ "microservices")."""

    __slots__ = ("words", "joined", "at", "long", "bounds")

    def __init__(self, words: tuple[str, ...]):
        self.words = words
        self.joined = "".join(words)
        at: dict[str, list[int]] = {}
        bounds, pos = {0}, 0
        for i, w in enumerate(words):
            at.setdefault(w, []).append(i)
            pos += len(w)
            bounds.add(pos)
        self.at = {w: tuple(p) for w, p in at.items()}
        self.long = tuple(w for w in at if len(w) >= FUZZY_MIN_LEN)
        self.bounds = frozenset(bounds)

    @classmethod
    @lru_cache(maxsize=16384)
    def of(cls, text: str) -> "NormalisedText":
        return cls(_tokens(text))

    def glued_in(self, glued: str) -> bool:
        """`glued` spelled by whole consecutive words run together, never inside a word
        ("version" is not in "conversion")."""
        i = self.joined.find(glued)
        while i >= 0:
            if i in self.bounds and i + len(glued) in self.bounds:
                return True
            i = self.joined.find(glued, i + 1)
        return False

    def starts(self, first: str) -> list[int]:
        """Positions where a cue whose first word is `first` could start, in order."""
        if len(first) < FUZZY_MIN_LEN:
            return list(self.at.get(first, ()))
        return sorted(i for w in self.long if _similar(first, w) for i in self.at[w])


def cue_in(cue: str, text: NormalisedText) -> bool:
    cue_words = _tokens(cue)
    if not cue_words:
        return False
    n = len(cue_words)
    words = text.words
    for i in text.starts(cue_words[0]):
        if i + n <= len(words) and all(_similar(c, w) for c, w in zip(cue_words[1:], words[i + 1 : i + n])):
            return True
    glued = "".join(cue_words)
    return len(glued) >= 7 and text.glued_in(glued)


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
