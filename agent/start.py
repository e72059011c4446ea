"""Creating a session folder for a new interview, and reopening one to resume it."""
from __future__ import annotations

from pathlib import Path

from agent.config import sessions_root
from agent.errors import UserError
from agent.session import SESSION_FILE, Session, load_session, new_session_id, save_session
from question_flows import DataFileError, LEVELS, get_flow

def new_session_folder(session_dir: Path | None, root: Path | None = None) -> tuple[Path, str]:
    """``session_dir`` itself, or a new dated folder under ``root`` (default: the sessions root)."""
    root = sessions_root(root)
    if session_dir is not None:
        folder = Path(session_dir)
        if (folder / SESSION_FILE).exists():
            raise UserError(f"{folder}: already holds a session (use `interview resume {folder}`)")
        return folder, folder.resolve().name
    session_id = new_session_id()
    folder = root / session_id
    n = 1
    while folder.exists():
        n += 1
        folder = root / f"{session_id}-{n}"
    return folder, folder.name


def checked_flow(flow: str, level: str):
    """The flow ``flow``, if it exists and ``level`` is a level; else a UserError naming the option."""
    try:
        flow_obj = get_flow(flow)
    except DataFileError as e:
        raise UserError(f"--flow: {e}") from None
    if level not in LEVELS:
        raise UserError(f"--level: unknown level {level!r} (one of {', '.join(LEVELS)})")
    return flow_obj


def create_session(
    session_dir: Path | None, *, flow: str, level: str, channel: str, seed: int,
    pinned: list[str] | None = None, script: Path | None = None, brain: str = "offline",
    settings: dict | None = None, prefer: list[str] | None = None,
) -> tuple[Path, Session]:
    flow_obj = checked_flow(flow, level)
    folder, session_id = new_session_folder(session_dir)
    (folder / "audio").mkdir(parents=True, exist_ok=True)
    session = Session(
        id=session_id, flow=flow, level=level, rubric=flow_obj.rubric, brain=brain, channel=channel,
        seed=seed, script=str(script.resolve()) if script else None, pinned_questions=pinned or [],
        preferred_questions=prefer or [],
        settings=settings or {},
    )
    save_session(folder, session)
    return folder, session


def reopen_session(folder: Path) -> Session:
    session = load_session(folder)
    if session.status == "completed":
        raise UserError(f"{folder}: this session is already complete")
    return session
