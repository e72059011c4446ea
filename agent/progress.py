"""A spinner on stderr while the candidate waits (speech recognition, an LLM, grading).

Shown only when stderr is a terminal: piped or redirected output stays exactly what the command
prints, so `--json` and scripts that read stdout or stderr are never polluted.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Iterator


def on_terminal() -> bool:
    return sys.stderr.isatty()


@contextmanager
def waiting(message: str) -> Iterator[None]:
    """`with waiting("transcribing…"):` shows a transient spinner and the message on stderr."""
    if not on_terminal():
        yield
        return
    from rich.console import Console

    with Console(stderr=True).status(message, spinner="dots"):
        yield


def tell(message: str) -> None:
    """One line for the person at the terminal (stderr), e.g. that the LLM fell back."""
    print(message, file=sys.stderr, flush=True)
