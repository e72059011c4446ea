"""Fault injection for the crash-recovery tests: SIGKILL ourselves at a named stage of a run.

INTERVIEW_FAULT_KILL_AFTER_TURN=N kills right after turn N is saved; INTERVIEW_FAULT_KILL_AT=grading
kills while grading (before the grade is saved), =report after the grade is saved but before the
reports are written.
"""
from __future__ import annotations

import os
import signal

KILL_AFTER_TURN_ENV = "INTERVIEW_FAULT_KILL_AFTER_TURN"
KILL_AT_ENV = "INTERVIEW_FAULT_KILL_AT"


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def after_turn(index: int) -> None:
    if os.environ.get(KILL_AFTER_TURN_ENV) == str(index):
        _die()


def at_stage(stage: str) -> None:
    if os.environ.get(KILL_AT_ENV) == stage:
        _die()
