"""What the terminal says about the LLM: which brain and model at the start, and its fallbacks.

One place for these lines so every command (run, resume, grade) words them alike. `agent.progress.tell`
prints them on stderr, so `--json` output stays clean.
"""
from __future__ import annotations

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


def step_fallback_notice(message: str) -> str:
    """One step fell back (the server answered badly); the next step tries the LLM again."""
    return f"note: LLM {message}"
