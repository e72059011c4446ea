"""The small interface every brain implements (offline default, LLM through the openai client)."""
from __future__ import annotations

from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

from agent.state import Exchange
from question_flows import Flow, Question


class FollowUpContext(BaseModel):
    model_config = ConfigDict(frozen=True)
    question: Question
    flow: Flow
    level: str
    turns: list[Exchange]  # the main question and every follow-up so far, in order
    follow_ups_asked: int
    reprompted: bool
    question_time_left_s: float
    session_time_left_s: float


class Decision(BaseModel):
    model_config = ConfigDict(frozen=True)
    action: Literal["follow_up", "reprompt", "move_on"]
    text: str = ""  # for move_on: a line said before the next question (or the closing), if any
    area: str | None = None
    probe: str | None = None
    reason: str = ""  # why, for the session log and tests


class Brain(Protocol):
    name: str

    def next_step(self, ctx: FollowUpContext) -> Decision:
        """After an answer: follow up on a gap, re-prompt an empty answer, or move on."""
        ...
