"""Evidence on point: a sentence backs an indicator only when it says that thing, by meaning.

Cue words and patterns find the candidates, but a word turns up in sentences about something
else: "one customer's batch job" is no reasoning in numbers, "the on-call engineer can stop it"
says nothing of on-call load. So a sentence backs an indicator (may be quoted for it) when it is
close in meaning to the sentences that show it (the rubric's `examples`, written in other settings
and other words), and closer to it than to most of the rubric's other indicators. A sentence that
is very close to an indicator shows it even with none of its cue words ("First I'd find out who is
hurting today" is scoping before solving).

Thresholds (cosine, all-MiniLM-L6-v2), set on the sentences of tests/grading/test_evidence_on_point.py
and the typed sessions of issue 8: sentences that show an indicator come 0.40-0.60 from its
examples; a sentence of the same answer about something else 0.20-0.40, and single sentences of an
answer land within 0.40 of several indicators at once, hence the rank.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Mapping

from rubrics import Rubric

from .indicators import MAX_INDICATORS_PER_SENTENCE, PATTERN_ONLY, SYSTEM_FIGURE, IndicatorHit

BACKS = 0.33  # with a cue or a pattern of the indicator, this close in meaning
SHOWS = 0.48  # with no cue at all, this close, and the indicator the sentence is closest to
RANK = 3  # the indicator is among the sentence's RANK closest of the rubric
MARGIN = 0.1  # with no cue, the indicator stands out: this much closer than the next one
# Read by their pattern (a figure with a unit of time, load, size or cost): a sentence embedding
# does not see numbers, so meaning cannot judge these.
COUNTED = frozenset({"numbers_with_units", "reasons_in_numbers"})
FIGURE_STEP = 0.25  # a COUNTED indicator's closeness per figure the sentence gives


def figures(text: str, spoken: str = "") -> int:
    """How many different figures of time, load, size or cost a sentence gives: "under five
    milliseconds at p99" reasons in numbers more than "for two weeks" does."""
    for t in (text, spoken):  # the spoken form only when the text has none ("p ninety nine")
        found = {m.group(0).lower() for m in SYSTEM_FIGURE.finditer(t)} if t else set()
        if found:
            return len(found)
    return 0


def on_point(hits: tuple[IndicatorHit, ...], closeness: Mapping[str, float], rubric: Rubric,
             text: str = "", spoken: str = "", general: bool = False) -> tuple[IndicatorHit, ...]:
    """The sentence's hits, each firm only when the sentence shows its indicator by meaning, plus
    the indicators it shows by meaning alone. `closeness`: SentenceMeaning.indicator_scores; an
    indicator without examples keeps the cue's verdict. `text`, `spoken`: the sentence as said and
    normalised, whose figures are the closeness of a COUNTED indicator. `general`: the sentence
    sounds like a stock line, which backs nothing."""
    if not closeness:
        return hits
    if general:
        return tuple(replace(h, firm=False) for h in hits)
    nearest = sorted(closeness, key=lambda i: (-closeness[i], i))[:RANK]
    out: list[IndicatorHit] = []
    for h in hits:
        near = closeness.get(h.indicator)
        if h.indicator in COUNTED:
            n = figures(text, spoken)
            out.append(replace(h, firm=h.firm and n > 0, closeness=min(1.0, FIGURE_STEP * n)))
        elif near is None or h.indicator in PATTERN_ONLY:
            # Read only by the shape of what is said ("she was right", "I was solving the wrong
            # problem"): an embedding reads the spec or the problem in it, not the admission.
            out.append(replace(h, closeness=near or 0.0))
        else:
            out.append(replace(h, firm=near >= BACKS and h.indicator in nearest, closeness=near))
    best, runner_up = nearest[0], (nearest[1:] or nearest)[0]
    # By meaning alone only what a sentence plainly is about, and only when no cue found it on point
    # already: a sentence that shows one thing firmly is not also the evidence of its neighbour.
    if (closeness[best] >= SHOWS and closeness[best] - closeness[runner_up] >= MARGIN and best not in COUNTED
            and not any(h.indicator == best or h.firm for h in out)):
        signal = next((s for s in rubric.signals if any(i.id == best for i in s.indicators)), None)
        if signal is not None and sum(h.signal == signal.id for h in out) < MAX_INDICATORS_PER_SENTENCE:
            out.append(IndicatorHit(signal.id, best, "", True, closeness[best]))
    return tuple(out)
