"""The interviewer's last line, fitted to how the interview went.

A persona's closing thanks the candidate for their answers; after an interview ended early, or one
where most questions were skipped, that thanks would ring false, so a plainer line is said instead.
"""
from __future__ import annotations

from typing import Mapping

from agent.answers import is_empty, is_skip
from question_flows import Flow

ENDED_EARLY = "Let's stop here, then. Thanks for your time; the scorecard covers what you answered."
ENDED_BEFORE_ANSWERING = "Let's stop here, then. There is nothing to score yet; come back when you're ready."
MOSTLY_SKIPPED = ("That's all my questions. We passed on some of them, so the scorecard covers only what you "
                  "answered; the ones we skipped are worth practising next time.")


def _skipped(exchange: Mapping) -> bool:
    """Passed on: /skip, or words whose point is to pass ("skip this one", "no idea")."""
    return exchange.get("ended_by") == "skip" or is_skip(exchange.get("transcript", ""))


def _answered(exchange: Mapping) -> bool:
    return not _skipped(exchange) and not is_empty(exchange.get("transcript", ""))


def closing_line(state: Mapping, flow: Flow) -> str:
    persona = flow.persona
    exchanges = state.get("exchanges", [])
    answered = sum(_answered(e) for e in exchanges)
    if state.get("candidate_ended"):
        return ENDED_EARLY if answered else ENDED_BEFORE_ANSWERING
    skipped = sum(_skipped(e) for e in exchanges)
    if skipped and skipped >= answered:
        return MOSTLY_SKIPPED
    if state.get("ended_reason") == "time is up":
        return f"{persona.wrap_up} {persona.closing}"
    return persona.closing
