"""The interview clock: a flow's time split into per-question budgets.

Time is the sum of what was spoken (prompts and answers), not wall time, so a scripted run is
time-boxed exactly like a live one and the same script always hits its limits at the same turn.
"""
from __future__ import annotations

from question_flows import Flow

# Minutes kept aside for the opening and the close.
OPEN_CLOSE_S = 120.0


def session_budget_s(flow: Flow) -> float:
    return flow.duration_min * 60.0


def question_budget_s(flow: Flow, planned_questions: int) -> float:
    usable = max(session_budget_s(flow) - OPEN_CLOSE_S, 60.0)
    return usable / max(planned_questions, 1)


def room_for_another_question(flow: Flow, planned_questions: int, elapsed_s: float) -> bool:
    """A new main question needs at least half its budget left, or it gets cut off mid-thought."""
    left = session_budget_s(flow) - OPEN_CLOSE_S / 2 - elapsed_s
    return left >= 0.5 * question_budget_s(flow, planned_questions)
