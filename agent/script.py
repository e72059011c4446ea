"""A script of answers for a scripted run (format in DESIGN.md), validated before anything starts."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from agent.argtypes import SEED_MAX
from agent.errors import UserError
from agent.planning import check_question_id
from audio.errors import AudioFileError
from audio.wav import duration_s
from question_flows import DataFileError, get_flow, load_bank, load_model

# A spoken answer longer than this (about eight minutes of speech) is a mistake in the script, and
# would tie the speech engine up for minutes before failing.
MAX_SPOKEN_CHARS = 6000

Level = Literal["associate", "mid", "senior", "staff"]


class ScriptAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str | None = None
    audio: Path | None = None
    via: Literal["audio", "text"] = "audio"

    @model_validator(mode="after")
    def _one_source(self) -> "ScriptAnswer":
        if (self.text is None) == (self.audio is None):
            raise ValueError("give exactly one of 'text' or 'audio'")
        if self.audio is not None and self.via == "text":
            raise ValueError("'via: text' needs a 'text' answer, not 'audio'")
        return self


class Script(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    flow: str
    level: Level
    questions: list[str] = Field(default_factory=list)
    answers: list[ScriptAnswer] = Field(min_length=1)
    seed: int | None = Field(default=None, ge=0, le=SEED_MAX)


def _check_audio(path: Path, where: str) -> None:
    try:
        seconds = duration_s(path)
    except AudioFileError as e:
        raise UserError(f"{where}: {e.reason}: {path}") from None
    if seconds == 0:
        raise UserError(f"{where}: empty audio file: {path}")


def load_script(path: Path) -> Script:
    """Read and check a script; audio paths come back absolute (relative ones are to the script)."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"{path}: script not found")
    script = load_model(path, Script)
    try:
        get_flow(script.flow)
    except DataFileError as e:
        raise UserError(f"{path}: flow: {e}") from None
    bank = load_bank()
    for i, qid in enumerate(script.questions):
        check_question_id(qid, bank, f"{path}: questions[{i}]")
    answers = []
    for i, a in enumerate(script.answers):
        if a.text is not None and a.via == "audio" and len(a.text) > MAX_SPOKEN_CHARS:
            raise UserError(f"{path}: answers[{i}].text: {len(a.text)} characters is too long to speak "
                            f"(at most {MAX_SPOKEN_CHARS}); shorten it or add `via: text`")
        if a.audio is not None:
            audio = a.audio if a.audio.is_absolute() else (path.parent / a.audio).resolve()
            _check_audio(audio, f"{path}: answers[{i}].audio")
            a = a.model_copy(update={"audio": audio})
        answers.append(a)
    return script.model_copy(update={"answers": answers})
