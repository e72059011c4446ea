"""Does an answer say something, or only sound like one? "It went fine in the end. I think we all
learned something about communication." answers every question and none.

Such lines sit close in meaning to a handful of stock phrases, whatever words they use (0.6-0.95),
while sentences that tell something (a person's words, a change, a reaction) stay under 0.35
against them, even when they name nothing a grader would count as specific ("She said the rebuild
was waking her team up at night"). Calibrated on the replies in tests/engine/test_listening.py.
"""
from __future__ import annotations

from typing import Sequence

from agent.meaning.match import sentences
from agent.meaning.vectors import embed, embed_said

# Stock lines, none of them a test's wording: what an answer says when it says nothing.
STOCK_LINES = (
    "In the end everything worked out okay.",
    "We all learned a lot from the experience.",
    "Things got better over time.",
    "It was a really good learning experience for me.",
    "Communication is so important in these situations.",
    "Everyone was happy with the result.",
    "We worked through it together as a team.",
    "I took the feedback on board and tried to improve.",
    "Our relationship was stronger afterwards.",
    "We discussed the tradeoffs and aligned on a decision.",
    "I made sure everyone was on the same page.",
    "It was challenging, but we got through it.",
)
STOCK = 0.5  # a sentence this close to a stock line says nothing of its own


def stock_scores(parts: Sequence[str]) -> list[float]:
    """Each sentence's closeness to the nearest stock line."""
    if not parts:
        return []
    return [float(x) for x in (embed_said(list(parts)) @ embed(list(STOCK_LINES)).T).max(axis=1)]


def sounds_general(text: str) -> bool:
    """Most of the answer (by words) is stock lines: it could be told of any situation."""
    parts = sentences(text)
    words = [len(p.split()) for p in parts]
    stock = sum(n for n, s in zip(words, stock_scores(parts)) if s >= STOCK)
    return bool(parts) and stock * 2 >= sum(words)
