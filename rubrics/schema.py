"""Typed schema of a grading rubric: signals, weights per level, level bars."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Level = Literal["associate", "mid", "senior", "staff"]
LEVELS: tuple[str, ...] = ("associate", "mid", "senior", "staff")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Indicator(Strict):
    """One thing to listen for, and the phrases by which an answer shows it."""

    id: str
    description: str
    cues: list[str] = Field(default_factory=list)
    # Sentences that show it, in natural words and in settings of their own (no question's): a
    # candidate's sentence backs this indicator when it is close in meaning to one of them.
    examples: list[str] = Field(default_factory=list)


class Signal(Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    description: str
    probe_where: str = ""
    # Percent of the overall score, per level; each level sums to 100 across signals.
    weights: dict[Level, int]
    # Question categories (question_flows) whose answers count as evidence for this signal.
    categories: list[str] = Field(min_length=1)
    indicators: list[Indicator] = Field(default_factory=list)


class LevelBar(Strict):
    level: Level
    title: str
    bar: str = Field(description="What the level must show.")
    cut_when: str = Field(description="Where candidates at this level get cut.")
    min_overall: int = Field(ge=0, le=100, description="Overall score the evidence must reach to support this level.")


class Rubric(Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    description: str
    source: str = ""
    weights_note: str = ""
    signals: list[Signal] = Field(min_length=1)
    level_bars: list[LevelBar] = Field(min_length=1)

    @model_validator(mode="after")
    def _weights_sum_to_100(self) -> "Rubric":
        for level in LEVELS:
            total = sum(s.weights.get(level, 0) for s in self.signals)
            if total != 100:
                raise ValueError(f"weights for level {level!r} sum to {total}, not 100")
        return self

    def signal(self, signal_id: str) -> Signal:
        for s in self.signals:
            if s.id == signal_id:
                return s
        raise KeyError(signal_id)

    def weight(self, signal_id: str, level: str) -> int:
        return self.signal(signal_id).weights[level]  # type: ignore[index]
