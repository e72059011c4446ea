"""Cue matching for grading, fast enough for a 45-minute session.

Same rules as agent.coverage (normalised, stemmed, ASR-tolerant, near-miss spellings of long
words, glued compounds) but the word-to-word similarity is memoised and each cue is tried only at
positions where its first word can match, so grading thousands of sentences against hundreds of
cues stays well under a second.
"""
from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

from agent.coverage import NormalisedText, tokens

__all__ = ["Text", "cue_in", "norm"]


@lru_cache(maxsize=8192)
def _cue_tokens(cue: str) -> tuple[str, ...]:
    return tuple(tokens(cue))


@lru_cache(maxsize=262144)
def similar(a: str, b: str) -> bool:
    if a == b:
        return True
    # Only long words get fuzzy matching: short ones collide too easily ("api" vs "app").
    if min(len(a), len(b)) < 6 or abs(len(a) - len(b)) > 2:
        return False
    sm = SequenceMatcher(None, a, b)  # the quick upper bounds rule most pairs out cheaply
    return sm.real_quick_ratio() >= 0.84 and sm.quick_ratio() >= 0.84 and sm.ratio() >= 0.84


class Text:
    """A normalised sentence with an index from word to positions, for quick cue lookups."""

    __slots__ = ("words", "joined", "at", "long")

    def __init__(self, text: str) -> None:
        nt = NormalisedText.of(text)
        self.words, self.joined = nt.words, nt.joined
        self.at: dict[str, list[int]] = {}
        for i, w in enumerate(self.words):
            self.at.setdefault(w, []).append(i)
        self.long = tuple(w for w in self.at if len(w) >= 6)

    def starts(self, first: str) -> list[int]:
        """Positions where a cue beginning with `first` could start."""
        if len(first) < 6:
            return self.at.get(first, [])
        out = [i for w in self.long if similar(first, w) for i in self.at[w]]
        return sorted(out)


def norm(text: str) -> Text:
    return Text(text)


def cue_in(cue: str, text: Text) -> bool:
    cue_words = _cue_tokens(cue)
    if not cue_words:
        return False
    n = len(cue_words)
    words = text.words
    for i in text.starts(cue_words[0]):
        if i + n <= len(words) and all(similar(c, w) for c, w in zip(cue_words[1:], words[i + 1 : i + n])):
            return True
    glued = "".join(cue_words)
    return len(glued) >= 7 and glued in text.joined
