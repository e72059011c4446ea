"""Two locks on a session folder, so concurrent commands never lose what another one wrote.

- The **writer lock** (`.lock` in the folder, holding the owner's pid) is taken for the whole of
  `run`, `resume` and `grade` on a folder: one process drives a session at a time. A second one is
  refused at once with a one-line error naming the holder's pid.
- The **save lock** (flock on the folder itself) is held for the few milliseconds of each
  read-modify-write of session.json, so a coach's `interview note` can land while a run is live:
  the run merges the notes on disk into each save instead of overwriting them.

Both are `fcntl.flock` locks: the kernel drops them when the holder dies, so a SIGKILL never
leaves a folder locked.
"""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from agent.errors import UserError

LOCK_FILE = ".lock"


def _holder_pid(fd: int) -> str:
    try:
        return os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
    except OSError:
        return "unknown"


@contextmanager
def writer_lock(folder: Path) -> Iterator[None]:
    """Hold the folder's writer lock, or raise UserError naming the process that holds it."""
    folder = Path(folder)
    try:
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as e:
        raise UserError(f"{folder}: cannot lock the session folder ({e.strerror})") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UserError(f"{folder}: in use by another interview process (pid {_holder_pid(fd)}); "
                            "wait for it to finish") from None
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError:
            pass  # a full disk: the lock still holds, only the pid in the message is lost
        yield
    finally:
        os.close(fd)  # releases the lock; the file stays (unlinking it would race the next taker)


@contextmanager
def save_lock(folder: Path) -> Iterator[None]:
    """Serialise read-modify-write of the folder's files between processes (blocking, brief)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
