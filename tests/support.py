"""Helpers shared by the test packages (importable as `support`: pytest puts tests/ on sys.path)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_interview_cli(*args: str, cwd: Path, stdin: str | None = None, env: dict | None = None, timeout: float = 180):
    """The real console entry point in a child process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "agent.cli", *args], cwd=cwd, input=stdin, capture_output=True, text=True,
        timeout=timeout, env={**os.environ, **(env or {})},
    )
