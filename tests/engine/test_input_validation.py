"""Numbers out of range and markup in text: refused in one line before anything is made, or shown
literally, never cutting answers short or crashing a session for good."""
from __future__ import annotations

import io

import pytest
from rich.console import Console

from agent.channels.text import TextChannel
from agent.state import Prompt
from .conftest import REPO, run_interview_cli

BAD_NUMBERS = [
    ("run", "--patience", "-1"),
    ("run", "--patience", "nan"),
    ("run", "--beam-size", "0"),
    ("run", "--rate", "0"),
    ("run", "--seed", "123456789012345678901234567890"),
    ("run", "--seed", "-3"),
    ("run", "--llm-timeout", "-5"),
    ("resume", "--patience", "0"),
    ("transcribe", "--beam-size", "0"),
]


@pytest.mark.parametrize("command,option,value", BAD_NUMBERS)
def test_out_of_range_numbers_are_refused_before_a_folder_is_made(tmp_path, command, option, value):
    folder = tmp_path / "s"
    target = {"run": ["--text", "--session-dir", str(folder)], "resume": [str(folder)],
              "transcribe": [str(tmp_path / "a.wav")]}[command]
    r = run_interview_cli(command, *target, f"{option}={value}", cwd=REPO, stdin="an answer\n")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert f"argument {option}: " in r.stderr and ("out of range" in r.stderr or "not a" in r.stderr), r.stderr
    assert not folder.exists()


def _prompt(text: str, kind: str = "follow_up") -> Prompt:
    return Prompt(turn=1, kind=kind, question_id="q", text=text)


def test_markup_in_a_prompt_is_shown_literally_in_text_mode(tmp_path):
    out = io.StringIO()
    channel = TextChannel(stdin=io.StringIO("my answer\n\n"), console=Console(file=out, width=200))
    hostile = "Why [/bold] and [red]not[/red] [link=x]this[/link]?"
    turn = channel.take_turn(_prompt(hostile), tmp_path)
    channel.say("Thanks [/] that is all.", tmp_path, "closing")
    assert turn.transcript == "my answer"
    assert hostile in out.getvalue() and "Thanks [/] that is all." in out.getvalue()
