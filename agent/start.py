"""Creating a session folder for a new interview, and reopening one to resume it.

Both hold the folder's writer lock for as long as the caller drives the session, so two runs (or a
run and a resume) never write one folder at once. Everything that can be checked is checked before
the folder is made: a refused start leaves nothing behind.
"""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from agent.config import sessions_root
from agent.errors import UserError, check_known
from agent.locks import writer_lock
from agent.session import (
    AUDIO_DIR, CHECKPOINTS_FILE, SESSION_FILE, Session, load_session, new_session_id, save_session, session_file)
from question_flows import DataFileError, LEVELS, get_flow


def checked_flow(flow: str, level: str):
    """The flow ``flow``, if it exists and ``level`` is a level; else a UserError naming the option."""
    try:
        flow_obj = get_flow(flow)
    except DataFileError as e:
        raise UserError(f"--flow: {e}") from None
    check_known(level, list(LEVELS), "level", "--level")
    return flow_obj


def _claim_new_folder(root: Path | None) -> Path:
    """<root>/<timestamp>[-n], made atomically: two runs started in the same second get two."""
    root = sessions_root(root)
    root.mkdir(parents=True, exist_ok=True)
    session_id, n = new_session_id(), 1
    while True:
        folder = root / (session_id if n == 1 else f"{session_id}-{n}")
        try:
            folder.mkdir()
            return folder
        except FileExistsError:
            n += 1


def _claim(session_dir: Path | None, root: Path | None) -> tuple[Path, bool]:
    """The folder for a new session, and whether this call made it."""
    if session_dir is None:
        return _claim_new_folder(root), True
    folder = Path(session_dir)
    try:  # one atomic step: two runs started together on one folder both used to see it missing
        folder.mkdir(parents=True)
        return folder, True
    except FileExistsError:
        if folder.is_dir():
            return folder, False
        raise UserError(f"--session-dir {folder}: is a file, not a folder") from None


def _refuse_leftovers(folder: Path) -> None:
    """Checked under the writer lock, so two runs on one --session-dir cannot both pass."""
    if (folder / SESSION_FILE).exists():
        raise UserError(f"{folder}: already holds a session (use `interview resume {folder}`)")
    if (folder / CHECKPOINTS_FILE).exists():
        raise UserError(f"{folder}: holds a {CHECKPOINTS_FILE} but no {SESSION_FILE} (left over from another "
                        "interview); remove it or choose another --session-dir")


@contextmanager
def new_session(
    session_dir: Path | None, *, flow: str, level: str, channel: str, seed: int,
    pinned: list[str] | None = None, script: Path | None = None, brain: str = "offline",
    settings: dict | None = None, prefer: list[str] | None = None, root: Path | None = None,
) -> Iterator[tuple[Path, Session]]:
    """Make the folder (``session_dir``, else a new dated one under ``root``, default the sessions
    root) and its session.json, and hold the folder's writer lock while in use."""
    flow_obj = checked_flow(flow, level)
    folder, made = _claim(session_dir, root)
    with writer_lock(folder):
        _refuse_leftovers(folder)
        session = Session(
            id=folder.resolve().name, flow=flow, level=level, rubric=flow_obj.rubric, brain=brain,
            channel=channel, seed=seed, script=str(script.resolve()) if script else None,
            pinned_questions=pinned or [], preferred_questions=prefer or [], settings=settings or {},
        )
        try:
            (folder / AUDIO_DIR).mkdir(exist_ok=True)
            save_session(folder, session)
        except OSError:
            if made:  # a full disk or a read-only mount: leave nothing half made behind
                shutil.rmtree(folder, ignore_errors=True)
            raise
        yield folder, session


def unfinished_reports(folder: Path) -> bool:
    from agent.report import HTML_FILE, MD_FILE  # lazily: importing agent.report is slow

    return not all((folder / name).exists() for name in (HTML_FILE, MD_FILE))


@contextmanager
def reopened_session(folder: Path) -> Iterator[Session]:
    """The session to resume, read under its writer lock (held while in use).

    A completed session is refused unless it was stopped between the interview's end and its
    grade and reports being written: then resuming finishes those.
    """
    folder = Path(folder)
    session_file(folder)
    with writer_lock(folder):
        session = load_session(folder)
        if session.status == "completed" and session.grade is not None and not unfinished_reports(folder):
            raise UserError(f"{folder}: this session is already complete")
        yield session
