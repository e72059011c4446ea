"""A transcript file to grade (DESIGN.md), read into a Session so one grader serves both.

    level: mid                 # optional (else --level, else mid)
    rubric: tpm_scorecard      # optional
    turns:
      - question: "..."
        answer: "..."
        question_id: api_breaking_change   # optional: a bank id
        kind: follow_up                    # optional: belongs to the question before it

Questions need not come from the bank: each is matched to the bank by id or wording, otherwise
its category and signals are inferred from its text.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from agent.errors import UserError
from agent.session import Session, Turn
from question_flows import DataFileError, Question, load_model
from rubrics import Rubric

from .questions import QuestionInfo, resolve


class TranscriptTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str = Field(min_length=1)
    answer: str = ""
    question_id: str | None = None
    kind: str = "question"


class TranscriptFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    level: str | None = None
    rubric: str | None = None
    flow: str | None = None
    turns: list[TranscriptTurn] = Field(min_length=1)


def read_transcript(path: Path) -> TranscriptFile:
    try:
        return load_model(Path(path), TranscriptFile)
    except DataFileError as e:
        raise UserError(str(e)) from None


def transcript_session(
    tf: TranscriptFile, rubric: Rubric, bank: dict[str, Question], level: str, name: str = "transcript"
) -> tuple[Session, dict[str, QuestionInfo]]:
    """A Session whose turns carry resolved question ids, and the QuestionInfo for each id."""
    turns: list[Turn] = []
    infos: dict[str, QuestionInfo] = {}
    current: QuestionInfo | None = None
    for i, t in enumerate(tf.turns):
        if t.kind == "follow_up" and current is not None:
            info = current
            kind = "follow_up"
        else:
            info = resolve(t.question, rubric, bank, t.question_id, i + 1)
            if info.id in infos and infos[info.id].text != t.question:
                info = resolve(t.question, rubric, {}, f"{info.id}_{i + 1}", i + 1)  # same bank id asked twice
            current, kind = info, "question"
        infos[info.id] = info
        turns.append(Turn(index=i + 1, kind=kind, question_id=info.id, prompt_text=t.question,
                          transcript=t.answer.strip(), started_at="", via="typed"))
    digest = hashlib.sha256(tf.model_dump_json().encode()).hexdigest()[:12]
    session = Session(id=f"{name}-{digest}", flow=tf.flow or "transcript", level=level, rubric=rubric.id,
                      channel="text", status="completed", started_at="", turns=turns)
    return session, infos
