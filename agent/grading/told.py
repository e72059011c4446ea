"""Which areas of a bank question the grader will count as told in a set of answers.

One judgement for both sides of the table: the offline interviewer asks it before aiming a
follow-up at an area of a design question, so it never asks for a part of the answer that the
scorecard later says was covered.
"""
from __future__ import annotations

from typing import Sequence

from agent.meaning import sentences
from question_flows import Question

from .analysis import areas_in
from .questions import QuestionInfo, area_prompts
from .semantics import SentenceMeaning


def info_of(q: Question) -> QuestionInfo:
    """A bank question as the grader sees it (its follow-ups are phrasings of their areas)."""
    return QuestionInfo(q.id, q.text, q.category, tuple(q.signals), tuple(q.areas_to_cover), "bank", frozenset(),
                        area_prompts(q))


def areas_told(answers: Sequence[str], q: Question) -> set[str]:
    """Every area the grader would credit these answers to `q` with."""
    info = info_of(q)
    parts = [s for answer in answers for s in sentences(answer)]
    meaning = SentenceMeaning.of(parts, [info])
    return {a for s in parts for a in areas_in(s, info, meaning)}
