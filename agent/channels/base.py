"""The channel interface the runner drives; the graph never sees a device."""
from __future__ import annotations

from pathlib import Path
from typing import Protocol

from agent.session import Turn
from agent.state import Answer, Prompt

SPEAKING_WPM = 150.0  # used to time text that was never spoken aloud


def spoken_duration_s(text: str) -> float:
    return round(len(text.split()) * 60.0 / SPEAKING_WPM, 2)


class Channel(Protocol):
    name: str

    def take_turn(self, prompt: Prompt, folder: Path) -> Turn:
        """Say the prompt, capture the answer, and return the turn (audio already written in folder)."""
        ...

    def say(self, text: str, folder: Path, stem: str) -> tuple[str | None, float]:
        """Say a line that needs no answer (the closing); return its audio path and duration."""
        ...

    def close(self) -> None: ...


def answer_from_turn(turn: Turn) -> Answer:
    return Answer(
        transcript=turn.transcript, duration_s=turn.duration_s, prompt_duration_s=turn.prompt_duration_s,
        ended_by=turn.ended_by, end_interview=turn.ended_by == "end",
    )
