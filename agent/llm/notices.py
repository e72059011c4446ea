"""What the terminal says about the LLM: which brain and model at the start, and, once, a fallback.

One place for these lines so every command (run, resume, grade) and the live view word them alike.
They go to stderr, so `--json` output stays clean.
"""
from __future__ import annotations

import sys
from typing import TextIO

from .config import MODEL_ENV, LLMConfig, redact_url


def brain_announcement(config: LLMConfig | None) -> str:
    """The first line of a run: the brain, and for the LLM the model and where it is served."""
    if config is None:
        return f"brain: offline (no LLM configured; set --llm-model or {MODEL_ENV} for generated follow-ups)"
    where = redact_url(config.base_url) or "the OpenAI API"
    return f"brain: llm, model {config.model} at {where} (the offline brain steps in if it cannot be reached)"


def fallback_notice(reason: str) -> str:
    """Said once, when the LLM stops answering: why, and what happens from now on."""
    return f"LLM fell back: {reason}; the offline brain takes over for the rest of this run"


def tell(line: str, stream: TextIO | None = None) -> None:
    print(line, file=stream or sys.stderr, flush=True)
