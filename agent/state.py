"""Typed interview state held by the LangGraph graph, and the payloads crossing interrupt()."""
from __future__ import annotations

import operator
from typing import Annotated, Literal, TypedDict

from pydantic import BaseModel, ConfigDict


class Prompt(BaseModel):
    """What the interviewer says next; the payload of interrupt()."""

    turn: int  # numbered from 1, as people count them: session.json, reports, notes, replay
    kind: Literal["question", "follow_up", "reprompt"]
    question_id: str
    text: str
    area: str | None = None
    probe: str | None = None
    answer_cap_s: float = 240.0
    number: int = 0  # which main question this is about, 1-based ("question 2 of 4")
    of: int = 0  # main questions planned
    elapsed_s: float = 0.0  # the interview clock when the prompt is asked


class Answer(BaseModel):
    """What a channel resumes the graph with."""

    transcript: str = ""
    duration_s: float = 0.0
    prompt_duration_s: float = 0.0
    ended_by: str = "answer"  # answer | silence | cap | skip | end
    end_interview: bool = False  # the candidate (or the script) ended the interview


class Exchange(Prompt):
    """A prompt and the answer it got: what the state keeps, and what a brain reads."""

    model_config = ConfigDict(frozen=True)
    transcript: str = ""
    duration_s: float = 0.0
    ended_by: str = "answer"


class InterviewState(TypedDict, total=False):
    flow_id: str
    level: str
    seed: int
    pinned: list[str]
    prefer: list[str]  # question ids to draw first within their category, most wanted first
    plan: list[str]
    next_index: int  # position in plan of the next main question
    current_question: str | None
    question_started_s: float  # interview clock when the current main question was asked
    follow_ups_asked: int
    reprompted: bool
    pending: dict  # a Prompt, as a dict, to be asked by the `ask` node
    exchanges: Annotated[list[dict], operator.add]  # Exchange dumps, in order
    elapsed_s: float  # interview clock: prompts spoken plus answers given
    last_ended_by: str  # how the last answer ended: answer | silence | cap | skip | end
    candidate_ended: bool
    finished: bool
    ended_reason: str
    closing: str
    said_on_moving_on: str  # the brain's line after an unanswered question, said before what comes next
    decisions: Annotated[list[dict], operator.add]  # why each follow-up or move-on happened
