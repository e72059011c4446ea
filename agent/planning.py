"""Which main questions an interview asks, in order: pinned first, then the flow's category counts."""
from __future__ import annotations

import random
from typing import Mapping, Sequence

from agent.errors import UserError
from question_flows import Flow, Question


def plan_questions(
    flow: Flow, bank: Mapping[str, Question], level: str, seed: int, pinned: Sequence[str] = ()
) -> list[str]:
    for qid in pinned:
        if qid not in bank:
            raise UserError(f"questions: unknown question id {qid!r}")
    if len(set(pinned)) != len(pinned):
        raise UserError("questions: a question id is pinned twice")
    plan = list(pinned)
    pinned_per_category: dict[str, int] = {}
    for qid in pinned:
        cat = bank[qid].category
        pinned_per_category[cat] = pinned_per_category.get(cat, 0) + 1
    for category, count in flow.categories.items():
        need = count - pinned_per_category.get(category, 0)
        if need <= 0:
            continue
        candidates = sorted(
            qid for qid, q in bank.items()
            if q.category == category and level in q.levels and qid not in plan
        )
        # A seed per category, so adding a category to a flow leaves the others' picks unchanged.
        random.Random(f"{seed}:{flow.id}:{level}:{category}").shuffle(candidates)
        plan.extend(candidates[:need])
    return plan
