"""The arguments that name a recorded session or the sessions folder, shared by the commands that
read them (`report`, `replay`, `note`, `sessions`, `history`)."""
from __future__ import annotations

import argparse
from pathlib import Path

ROOT_HELP = "sessions folder (default: $INTERVIEW_HOME, else the config file's, else ./sessions)"


def add_root_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=Path, metavar="DIR", help=ROOT_HELP)


def add_session_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("session", metavar="SESSION", help="session folder, or its id under --root")
    add_root_argument(p)


def session_folder(args: argparse.Namespace) -> Path:
    """The folder `SESSION` names (a path, or an id under --root); a UserError when there is none."""
    from agent.history import resolve_session

    return resolve_session(args.session, args.root)
