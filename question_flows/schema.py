"""Typed schema of the question bank and the interview flows (rounds).

Pure data: nothing here imports the rest of the project.
"""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Level = Literal["associate", "mid", "senior", "staff"]
LEVELS: tuple[str, ...] = ("associate", "mid", "senior", "staff")

# The question categories of a TPM loop (seeds 000-003).
Category = Literal[
    "system_architecture",
    "product_engineering_translation",
    "tradeoff_execution",
    "platform_api_data",
    "leadership_influence_ai",
    "ai_ml_fluency",
    "technical_fundamentals",
    "product_sense_diagnosis",
    "engineering_partnership_behavioral",
]
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]

# Generic probes any question can fall back on once its areas are covered.
Probe = Literal["metric", "tradeoff", "failure_path", "retrospective", "scope", "specifics"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Area(Strict):
    """Something a good answer covers, and the words by which an answer shows it."""

    id: str
    description: str
    cues: list[str] = Field(min_length=1)


class FollowUp(Strict):
    """A follow-up aimed either at one area of the question or at a generic probe."""

    text: str
    area: str | None = None
    probe: Probe | None = None

    @model_validator(mode="after")
    def _aimed(self) -> "FollowUp":
        if (self.area is None) == (self.probe is None):
            raise ValueError("a follow-up names exactly one of 'area' or 'probe'")
        return self


class Question(Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    text: str
    category: Category
    signals: list[str] = Field(min_length=1)
    levels: list[Level] = Field(min_length=1)
    areas_to_cover: list[Area] = Field(min_length=2)
    follow_ups: list[FollowUp] = Field(min_length=2)

    @model_validator(mode="after")
    def _follow_ups_aim_at_known_areas(self) -> "Question":
        area_ids = {a.id for a in self.areas_to_cover}
        for i, f in enumerate(self.follow_ups):
            if f.area is not None and f.area not in area_ids:
                raise ValueError(f"follow_ups[{i}].area: unknown area {f.area!r}")
        return self


class BankFile(Strict):
    """One YAML file of the bank: a list of questions."""

    questions: list[Question] = Field(min_length=1)


class Persona(Strict):
    name: str
    role: str
    style: str = ""
    opening: str
    closing: str
    wrap_up: str = Field(description="Said when time runs out before the planned questions are done.")
    reprompt: str = "Take your time. Would you like to try that one again?"
    transition: str = "Thanks. Let's move on."
    cut_in: str = Field(default="Let me stop you there so we have time for the rest.",
                        description="Said before the next line when an answer ran past the flow's cap.")
    pushback: str = Field(default="", description=(
        "A challenge to a choice the candidate made, with {choice} told back in their words "
        "(\"you'd put a Redis cache in front of the catalogue\"); empty: this persona does not push back."))


class Flow(Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    description: str
    duration_min: int = Field(gt=0, le=240)
    persona: Persona
    # How many main questions to draw from each category, in this order.
    categories: dict[Category, int]
    follow_up_budget: int = Field(ge=0, le=5, description="Most follow-ups per main question.")
    answer_cap_s: int = Field(gt=0, description="Longest a single answer may run before the interviewer steps in.")
    rubric: str = "tpm_scorecard"

    @field_validator("categories")
    @classmethod
    def _positive(cls, v: dict[str, int]) -> dict[str, int]:
        if not v or any(n <= 0 for n in v.values()):
            raise ValueError("each category count must be a positive integer")
        return v

    @property
    def question_count(self) -> int:
        return sum(self.categories.values())
