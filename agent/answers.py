"""Telling a real answer from silence, filler or a request to skip."""
from __future__ import annotations

import re

from agent.coverage import normalise

FILLERS = frozenset("um uh er ah hmm mm erm uhm like so well okay ok yeah".split())
_SKIP = re.compile(r"\b(?:" + "|".join((
    "skip", "pass", "next question", "move on", "i dont know", "i do not know", "no idea",
    "not sure", "rather not", "no comment", "nothing to add", "i have nothing",
)) + r")\b")


def content_words(text: str) -> list[str]:
    return [w for w in normalise(text).split() if w not in FILLERS]


def is_empty(text: str) -> bool:
    """No words beyond fillers: silence, a cough, "um"."""
    return not content_words(text)


def is_skip(text: str) -> bool:
    """A short answer whose point is to pass on the question."""
    return len(content_words(text)) <= 10 and bool(_SKIP.search(normalise(text)))
