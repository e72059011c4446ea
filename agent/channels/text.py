"""Typed answers in the terminal: practise without a microphone.

An answer may run over several lines (a pasted answer keeps its paragraphs together): it ends at an
empty line or at `/done`. A line that is a single `/word` is a command, never part of the answer.
A typed answer counts on the interview clock for the time it would take to say it, so the flow's
time box applies as it does to a spoken interview; the typing time is kept in the turn's latency.
"""
from __future__ import annotations

import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from agent.channels.base import spoken_duration_s
from agent.channels.turns import text_turn
from agent.session import Turn, now_iso
from agent.state import Prompt

HELP = ("Type your answer; it can run over several lines. An empty line or /done sends it.\n"
        "/repeat shows the question again, /skip passes on it, /end ends the interview (Ctrl-D too), "
        "/help shows this.")
COMMANDS = ("/done", "/repeat", "/skip", "/end", "/help")
_COMMAND = re.compile(r"/[A-Za-z]+")
LABELS = {"question": "Question", "follow_up": "Follow-up", "reprompt": "Again"}


@dataclass(frozen=True)
class TypedAnswer:
    text: str
    ended_by: str  # answer | skip | end


class TextChannel:
    name = "text"

    def __init__(self, stdin: TextIO | None = None, console: Console | None = None, time_box_min: int | None = None):
        self.stdin = stdin or sys.stdin
        self.console = console or Console(highlight=False)
        self.time_box_min = time_box_min
        self._shown_help = False

    def _where(self, prompt: Prompt) -> str:
        """'question 2 of 4 · 3:10 of 30:00', from the interview clock."""
        from agent.report.timefmt import fmt_ts  # lazily: importing agent.report is slow

        parts = [f"question {prompt.number} of {prompt.of}"] if prompt.of else []
        clock = fmt_ts(prompt.elapsed_s) + (f" of {self.time_box_min}:00" if self.time_box_min else " elapsed")
        return " · ".join([*parts, clock])

    def _show(self, prompt: Prompt) -> None:
        self.console.print(f"\n[dim]{self._where(prompt)}[/dim]")
        self.console.print(f"[bold cyan]{LABELS[prompt.kind]}:[/bold cyan] {escape(prompt.text)}")

    def _read(self, prompt: Prompt) -> TypedAnswer:
        lines: list[str] = []
        self.console.print("[bold]>[/bold] ", end="")
        while True:
            line = self.stdin.readline()
            if not line:  # end of input (Ctrl-D): send what was typed, else end the interview
                return TypedAnswer("\n".join(lines), "answer") if lines else TypedAnswer("", "end")
            text = line.strip()
            if not text:
                if lines:
                    return TypedAnswer("\n".join(lines), "answer")
                continue  # an empty line before any words sends nothing
            if not _COMMAND.fullmatch(text):
                lines.append(line.rstrip("\r\n"))
                continue
            word = text.lower()
            if word == "/done":
                if lines:
                    return TypedAnswer("\n".join(lines), "answer")
                self.console.print("[yellow]nothing typed yet: type your answer, or /skip to pass[/yellow]")
            elif word == "/skip":
                return TypedAnswer("skip", "skip")
            elif word == "/end":
                return TypedAnswer("\n".join(lines), "end")
            elif word == "/repeat":
                self._show(prompt)
                self.console.print("[bold]>[/bold] ", end="")
            elif word == "/help":
                self.console.print(f"[dim]{HELP}[/dim]")
            else:
                self.console.print(f"[yellow]{escape(text)}: not a command (not recorded); "
                                   f"try {', '.join(COMMANDS)}[/yellow]")

    def take_turn(self, prompt: Prompt, folder: Path) -> Turn:
        if not self._shown_help:
            self.console.print(f"[dim]{HELP}[/dim]")
            self._shown_help = True
        self._show(prompt)
        started_at, t0 = now_iso(), time.monotonic()
        answer = self._read(prompt)
        turn = text_turn(prompt, answer.text, prompt_audio=None, prompt_duration_s=spoken_duration_s(prompt.text),
                         duration_s=spoken_duration_s(answer.text) if answer.ended_by != "skip" else 0.0,
                         via="typed", ended_by=answer.ended_by, started_at=started_at)
        turn.latency["typing_s"] = round(time.monotonic() - t0, 2)
        return turn

    def say(self, text: str, folder: Path, stem: str) -> tuple[str | None, float]:
        self.console.print(f"\n[bold cyan]Interviewer:[/bold cyan] {escape(text)}")
        return None, spoken_duration_s(text)

    def close(self) -> None:
        pass
