"""`interview run` and `interview resume`."""
from __future__ import annotations

import argparse
from pathlib import Path

from agent.brain.offline import OfflineBrain
from agent.channels.scripted import ScriptedChannel
from agent.channels.text import TextChannel
from agent.errors import UserError
from agent.runner import run_interview
from agent.script import load_script
from agent.start import create_session, reopen_session


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("run", help="run an interview (voice by default; --script or --text without a microphone)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--script", type=Path, metavar="FILE", help="drive the interview from a YAML script of answers")
    mode.add_argument("--text", action="store_true", help="type your answers in the terminal")
    p.add_argument("--flow", help="interview flow id (see `interview flows`); default: quick_practice, or the script's")
    p.add_argument("--level", help="associate | mid | senior | staff; default: mid, or the script's")
    p.add_argument("--seed", type=int, default=None, help="seed for reproducible question choice (default 0)")
    p.add_argument("--session-dir", type=Path, metavar="DIR", help="session folder to create (default: sessions/<id>)")
    p.set_defaults(func=cmd_run)

    r = sub.add_parser("resume", help="continue an interrupted session where it stopped")
    r.add_argument("session", type=Path, metavar="SESSION", help="the session folder")
    r.set_defaults(func=cmd_resume)


def cmd_run(args: argparse.Namespace) -> int:
    if args.script:
        script = load_script(args.script)
        flow, level = args.flow or script.flow, args.level or script.level
        seed = args.seed if args.seed is not None else (script.seed or 0)
        folder, session = create_session(
            args.session_dir, flow=flow, level=level, channel="script", seed=seed,
            pinned=list(script.questions), script=args.script,
        )
        channel = ScriptedChannel(script)
    elif args.text:
        folder, session = create_session(
            args.session_dir, flow=args.flow or "quick_practice", level=args.level or "mid",
            channel="text", seed=args.seed or 0,
        )
        channel = TextChannel()
    else:
        raise UserError("no microphone found (try --script FILE or --text)")
    print(f"session: {folder}")
    result = run_interview(folder, session, channel, OfflineBrain())
    print(f"session folder: {result.folder}")
    return 0


def cmd_resume(args: argparse.Namespace) -> int:
    folder = args.session
    session = reopen_session(folder)
    if session.channel == "script":
        if not session.script:
            raise UserError(f"{folder}: session.json names no script to resume from")
        channel = ScriptedChannel(load_script(Path(session.script)))
    elif session.channel == "text":
        channel = TextChannel()
    else:
        raise UserError("no microphone found (try --script FILE or --text)")
    print(f"resuming session: {folder} ({len(session.turns)} turns recorded)")
    result = run_interview(folder, session, channel, OfflineBrain())
    print(f"session folder: {result.folder}")
    return 0
