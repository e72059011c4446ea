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


def run_interview_cli_on_terminal(*args: str, cwd: Path, stdin: str | None = None, env: dict | None = None,
                                  timeout: float = 300) -> tuple[int, str, str]:
    """As run_interview_cli, but stderr is a terminal (a pty), as when a person runs the command.

    Returns (exit code, stdout, what the terminal showed on stderr)."""
    import pty
    import threading

    master, slave = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "agent.cli", *args], cwd=cwd, text=True,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=slave,
                            env={**os.environ, **(env or {})})
    os.close(slave)
    shown: list[bytes] = []

    def read() -> None:
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:  # the child closed its end
                return
            if not data:
                return
            shown.append(data)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    out, _ = proc.communicate(stdin or "", timeout=timeout)
    reader.join(timeout=5)
    os.close(master)
    return proc.returncode, out, b"".join(shown).decode("utf-8", "replace")


def ctrl_c_reaches_it() -> None:
    """Popen preexec_fn: a runner started in the background (a shell's `cmd &`) ignores SIGINT, and
    children inherit that; a Ctrl-C test needs the terminal's default back."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_DFL)
