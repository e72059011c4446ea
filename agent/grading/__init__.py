"""Grading a session: evidence-based scores per rubric signal, feedback, and delivery analytics.

The runner ends a run with `finish_session(session, brain)`; `interview grade` calls the same
functions. A brain that can grade (the LLM brain) has a `grade(...)` method; any other brain,
or none, means the offline grader.
"""
from __future__ import annotations

from typing import Any

from agent.session import Grade, Session
from question_flows import Question
from rubrics import Rubric, get_rubric

from .analysis import has_answers
from .delivery import Delivery, compute_delivery
from .offline import grade_offline
from .questions import QuestionInfo

__all__ = [
    "Delivery", "QuestionInfo", "compute_delivery", "finish_session", "grade_offline", "grade_session",
    "has_answers", "record_grade",
]


def grade_session(
    session: Session,
    rubric: Rubric | str | None = None,
    level: str | None = None,
    brain: Any = None,
    *,
    bank: dict[str, Question] | None = None,
    questions: dict[str, QuestionInfo] | None = None,
    created_at: str | None = None,
) -> Grade:
    """Grade a session's answers. Pure: the session is not modified (see `record_grade`).

    rubric: a Rubric, a rubric id, or None for the session's own rubric.
    level: None for the session's level.
    brain: an object with `grade(session, rubric, level, bank=..., questions=..., created_at=...)`
        (the LLM brain), or anything else / None for the offline grader.
    created_at: stamp the grade with this instead of now (for byte-identical reruns).
    """
    rub = rubric if isinstance(rubric, Rubric) else get_rubric(rubric or session.rubric)
    lv = level or session.level
    grader = brain.grade if callable(getattr(brain, "grade", None)) else grade_offline
    return grader(session, rub, lv, bank=bank, questions=questions, created_at=created_at)


def _same(a: Grade, b: Grade) -> bool:
    """The same verdict on the same evidence, whenever it was made."""
    return a.model_dump(exclude={"created_at"}) == b.model_dump(exclude={"created_at"})


def record_grade(session: Session, grade: Grade) -> bool:
    """Add the grade to the session (earlier grades kept), refresh delivery, log grading events.

    A grade equal to one already recorded replaces it rather than adding a duplicate row (it moves
    to the end, as the latest); returns whether the grade was new."""
    new = not any(_same(g, grade) for g in session.grades)
    session.grades = [g for g in session.grades if not _same(g, grade)] + [grade]
    session.grade = grade
    session.delivery = compute_delivery(session).to_dict()
    session.events.extend(grade.events)
    return new


def finish_session(
    session: Session, brain: Any = None, rubric: Rubric | str | None = None, level: str | None = None,
    *, bank: dict[str, Question] | None = None,
) -> Grade | None:
    """What a run does at its end: grade, then record the grade and delivery on the session.

    None, and nothing recorded, when no turn holds an answer: an empty session gets no verdict."""
    if not has_answers(session):
        return None
    grade = grade_session(session, rubric, level, brain, bank=bank)
    record_grade(session, grade)
    return grade
