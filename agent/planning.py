"""Which main questions an interview asks, in order: pinned first, then the flow's category counts.

Pinned questions take the flow's places: a ten-minute warm-up with two questions pinned asks those
two, not four (the later categories give up their places first).

`prefer` (from --signal or a job description) ranks the candidates within a category: preferred
questions are drawn first, in the order given; the seeded shuffle decides among the rest.
"""
from __future__ import annotations

import random
from typing import Mapping, Sequence

from agent.errors import UserError, check_known
from question_flows import Flow, Question


def plan_questions(
    flow: Flow, bank: Mapping[str, Question], level: str, seed: int, pinned: Sequence[str] = (),
    prefer: Sequence[str] = (),
) -> list[str]:
    for qid in pinned:
        check_question_id(qid, bank, "questions")
    if len(set(pinned)) != len(pinned):
        raise UserError("questions: a question id is pinned twice")
    plan = list(pinned)
    pinned_per_category: dict[str, int] = {}
    for qid in pinned:
        cat = bank[qid].category
        pinned_per_category[cat] = pinned_per_category.get(cat, 0) + 1
    length = max(flow.question_count, len(plan))
    for category, count in flow.categories.items():
        need = min(count - pinned_per_category.get(category, 0), length - len(plan))
        if need <= 0:
            continue
        candidates = sorted(
            qid for qid, q in bank.items()
            if q.category == category and level in q.levels and qid not in plan
        )
        # A seed per category, so adding a category to a flow leaves the others' picks unchanged.
        random.Random(f"{seed}:{flow.id}:{level}:{category}").shuffle(candidates)
        rank = {qid: i for i, qid in enumerate(prefer)}
        candidates.sort(key=lambda qid: rank.get(qid, len(rank)))  # stable: the shuffle orders the rest
        plan.extend(candidates[:need])
    return plan


def check_question_id(qid: str, bank: Mapping[str, Question], where: str) -> None:
    """An unknown id is a one-line error that suggests the nearest known one (`interview questions`
    lists them all: the bank is too big to list here)."""
    check_known(qid, list(bank), "question id", where, list_known=False)
