"""Typed answers in the terminal: practise without a microphone."""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TextIO

from rich.console import Console

from agent.channels.base import spoken_duration_s
from agent.channels.turns import text_turn
from agent.session import Turn, now_iso
from agent.state import Prompt

HELP = "Type your answer and press Enter. /skip passes, /end ends the interview (Ctrl-D too)."


class TextChannel:
    name = "text"

    def __init__(self, stdin: TextIO | None = None, console: Console | None = None):
        self.stdin = stdin or sys.stdin
        self.console = console or Console(highlight=False)
        self._shown_help = False

    def take_turn(self, prompt: Prompt, folder: Path) -> Turn:
        if not self._shown_help:
            self.console.print(f"[dim]{HELP}[/dim]")
            self._shown_help = True
        label = {"question": "Question", "follow_up": "Follow-up", "reprompt": "Again"}[prompt.kind]
        self.console.print(f"\n[bold cyan]{label}:[/bold cyan] {prompt.text}")
        self.console.print("[bold]>[/bold] ", end="")
        started_at, t0 = now_iso(), time.monotonic()
        line = self.stdin.readline()
        typed_s = round(time.monotonic() - t0, 2)
        text, ended_by = line.strip(), "answer"
        if not line or text == "/end":
            text, ended_by = "", "end"
        elif text == "/skip":
            text, ended_by = "skip", "skip"
        return text_turn(prompt, text, prompt_audio=None, prompt_duration_s=spoken_duration_s(prompt.text),
                         duration_s=typed_s, via="typed", ended_by=ended_by, started_at=started_at)

    def say(self, text: str, folder: Path, stem: str) -> tuple[str | None, float]:
        self.console.print(f"\n[bold cyan]Interviewer:[/bold cyan] {text}")
        return None, spoken_duration_s(text)

    def close(self) -> None:
        pass
