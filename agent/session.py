"""The session folder: `session.json` (typed) and its atomic writes.

Everything a coach replays lives here. session.json is rewritten whole, through a temp file and
a rename, after every turn, so a crash leaves either the old or the new file, never half of one.
"""
from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from agent.locks import save_lock

SESSION_FILE = "session.json"
CHECKPOINTS_FILE = "checkpoints.sqlite"
AUDIO_DIR = "audio"


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class Word(Model):
    start: float
    end: float
    word: str
    probability: float = 1.0


class Segment(Model):
    start: float
    end: float
    text: str
    words: list[Word] = Field(default_factory=list)


class EndOfTurnDecision(Model):
    """One pause in an answer, judged: was the candidate done? (see audio/endpointing.py)"""

    at_s: float  # answer-audio time of the judgement
    silence_s: float  # silence so far when judged
    probability: float | None = None  # smart-turn's probability that the turn is over (None: not run)
    cues: list[str] = Field(default_factory=list)  # what the words said: "hangs on: and", "thinking: ..."
    verdict: Literal["complete", "incomplete", "thinking"]
    wait_s: float  # the silence this pause was allowed
    decision: Literal["wait", "end", "resumed"]  # the turn ended in this pause, or the candidate went on


class Turn(Model):
    index: int
    kind: Literal["question", "follow_up", "reprompt"]
    question_id: str
    area: str | None = None  # the area a follow-up aimed at
    prompt_text: str
    prompt_audio: str | None = None  # relative to the session folder
    prompt_duration_s: float = 0.0
    answer_audio: str | None = None
    transcript: str = ""
    segments: list[Segment] = Field(default_factory=list)
    started_at: str = Field(default_factory=now_iso)
    duration_s: float = 0.0
    via: Literal["audio", "text", "typed"] = "text"
    ended_by: str = "answer"  # answer | silence | cap | skip | end
    latency: dict[str, float] = Field(default_factory=dict)  # per-stage timings (s)
    end_of_turn: list[EndOfTurnDecision] = Field(default_factory=list)  # each judged pause of the answer


class Evidence(Model):
    turn: int
    quote: str
    start_s: float | None = None


class SignalGrade(Model):
    id: str
    name: str
    weight: int  # percent of the overall at the grade's level
    score: int
    evidence: list[Evidence] = Field(default_factory=list)
    gaps: list[str] = Field(default_factory=list)
    # False when no question in the session probed this signal: shown, but left out of `overall`.
    assessed: bool = True
    indicators: list[str] = Field(default_factory=list)  # rubric indicator ids the evidence showed
    source: str = "offline"  # "offline" or "llm"; "offline" on an LLM grade means it fell back


class Point(Model):
    """A strength or an improvement, tied to the candidate's words or to what they left out."""

    signal: str
    text: str
    turn: int | None = None
    quote: str | None = None
    start_s: float | None = None
    area: str | None = None  # the question area left out (improvements)
    indicator: str | None = None
    gap: str | None = None  # what was missing, in plain words (next steps)


class Flag(Model):
    """An answer the grader refused to credit: addressed to the grader, buzzwords, off topic."""

    kind: Literal["injection", "keyword_salad", "off_topic"]
    turn: int
    detail: str


class QuestionVerdict(Model):
    """How one main question went, in the candidate's terms: its follow-ups count with it."""

    question_id: str
    turn: int  # the turn the question was asked in
    question: str
    verdict: str  # strong | solid | thin | not credited | skipped
    score: int | None = None  # 0-100; None when skipped (a skip is not a zero)
    note: str = ""  # one plain sentence: why this verdict


class Moment(Model):
    """The weakest moment of the session: where the answer lost the most."""

    turn: int
    question_id: str
    text: str  # what went wrong there, in plain words
    quote: str | None = None
    start_s: float | None = None


class Grade(Model):
    rubric: str
    level: str
    overall: int
    recommendation: str  # strong no hire | no hire | hire | strong hire
    signals: list[SignalGrade]
    brain: str = "offline"
    created_at: str = Field(default_factory=now_iso)
    supported_level: str | None = None  # the highest level whose bar the evidence clears
    overall_by_level: dict[str, int] = Field(default_factory=dict)
    strengths: list[Point] = Field(default_factory=list)
    improvements: list[Point] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    dropped_quotes: int = 0  # LLM quotes not found in the transcript, dropped
    events: list["Event"] = Field(default_factory=list)  # fallbacks during grading
    settings: dict[str, Any] = Field(default_factory=dict)  # how it was graded; never holds secrets
    # The candidate-facing verdict (added in grader offline-2; absent from older grades).
    summary: str = ""  # two or three sentences
    questions: list[QuestionVerdict] = Field(default_factory=list)
    weakest: Moment | None = None
    next_steps: list[Point] = Field(default_factory=list)  # three, each tied to a quote or a gap


class Note(Model):
    id: int
    turn: int | None = None  # the turn's number; None: a note on the whole session
    at_s: float | None = None  # into that turn's answer
    text: str
    created_at: str = Field(default_factory=now_iso)


class Event(Model):
    """Something worth telling a coach: a fallback, a stop, a resume."""

    at: str = Field(default_factory=now_iso)
    kind: str
    message: str


Grade.model_rebuild()


class Session(Model):
    id: str
    flow: str
    level: str
    rubric: str = "tpm_scorecard"
    brain: str = "offline"
    channel: Literal["script", "text", "voice"] = "text"
    status: Literal["running", "stopped", "completed"] = "running"
    seed: int = 0
    script: str | None = None  # absolute path of the script driving a scripted run
    pinned_questions: list[str] = Field(default_factory=list)
    preferred_questions: list[str] = Field(default_factory=list)  # drawn first (--signal, --job-description)
    started_at: str = Field(default_factory=now_iso)
    ended_at: str | None = None
    closing_text: str | None = None
    closing_audio: str | None = None
    turns: list[Turn] = Field(default_factory=list)
    grade: Grade | None = None
    grades: list[Grade] = Field(default_factory=list)  # every grade, oldest first; `grade` is the latest
    delivery: dict[str, Any] | None = None
    notes: list[Note] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    settings: dict[str, Any] = Field(default_factory=dict)  # never holds secrets


def atomic_write_text(path: Path, text: str) -> None:
    """Write through a temp file and a rename. A failure (read-only mount, full disk) names `path`,
    and the old file, if any, is left whole."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise OSError(e.errno, f"cannot write ({e.strerror})", str(path)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise OSError(e.errno, f"cannot write ({e.strerror})", str(path)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class SessionError(Exception):
    """A session folder is missing or its session.json is unreadable."""


def _write(folder: Path, session: Session) -> None:
    atomic_write_text(folder / SESSION_FILE, session.model_dump_json(indent=2) + "\n")


def _notes_on_disk(folder: Path) -> list[Note] | None:
    """The notes in the folder's session.json, or None when there is no readable one."""
    try:
        raw = json.loads((folder / SESSION_FILE).read_text(encoding="utf-8"))
        return TypeAdapter(list[Note]).validate_python(raw.get("notes", []))
    except (OSError, ValueError, ValidationError, AttributeError):
        return None


def save_session(folder: Path, session: Session) -> None:
    """Write session.json whole. Coach notes already on disk win over the caller's copy: a coach
    may add one with `interview note` while a run holds the session in memory."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with save_lock(folder):
        notes = _notes_on_disk(folder)
        if notes is not None:
            session.notes = notes
        _write(folder, session)


@contextmanager
def editing_session(folder: Path) -> Iterator[Session]:
    """Load session.json, let the caller change it, save it: all under the folder's save lock, so
    an edit (a note) and a live run's saves never overwrite each other."""
    folder = Path(folder)
    session_file(folder)
    with save_lock(folder):
        session = load_session(folder)
        yield session
        _write(folder, session)


def session_file(folder: Path) -> Path:
    """The folder's session.json; a SessionError when there is none (checked before a command locks
    or writes anything in a folder that is not a session)."""
    path = Path(folder) / SESSION_FILE
    if not path.is_file():
        raise SessionError(f"{folder}: not a session folder (no {SESSION_FILE})")
    return path


def load_session(folder: Path) -> Session:
    path = session_file(folder)
    try:
        return Session.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, OSError) as e:
        raise SessionError(f"{path}: unreadable session file ({str(e).splitlines()[0]})") from None


def new_session_id() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")
