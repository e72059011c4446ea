"""`interview replay SESSION [--turn N]`: hear the session again with its transcript in sync."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console

from agent.errors import UserError
from agent.history import ROOT_HELP, resolve_session


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("replay", help="replay a session's audio with its transcript (keys: space, r, s, n, b, 1-9, q)")
    p.add_argument("session", metavar="SESSION", help="session folder, or its id under --root")
    p.add_argument("--turn", type=int, metavar="N", help="start at turn N")
    p.add_argument("--transcript", action="store_true", help="print the timestamped transcript instead of playing")
    p.add_argument("--root", type=Path, metavar="DIR", help=ROOT_HELP)
    p.set_defaults(func=cmd_replay)


def cmd_replay(args: argparse.Namespace) -> int:
    from rich.live import Live

    from agent.replay import NoKeys, NoOutputDevice, Replayer, RichView, TerminalKeys, open_speaker, plan, print_transcript
    from agent.session import load_session

    folder = resolve_session(args.session, args.root)
    session = load_session(folder)
    if args.turn is not None and args.turn not in {t.index for t in session.turns}:
        raise UserError(f"--turn {args.turn}: no such turn (this session has turns "
                        f"{', '.join(str(t.index) for t in session.turns) or 'none'})")
    console = Console()
    if args.transcript:
        print_transcript(session, console, args.turn)
        return 0
    try:
        speaker = open_speaker()
    except NoOutputDevice as e:
        console.print(f"[bold]Cannot play audio: {e}.[/bold] Showing the timestamped transcript instead.")
        print_transcript(session, console, args.turn)
        return 0
    clips = plan(session, folder)
    try:
        with Live(console=console, auto_refresh=False, transient=True) as live:
            view = RichView(console, live)
            if sys.stdin.isatty():
                with TerminalKeys() as keys:
                    Replayer(speaker, view, keys).run(clips, args.turn)
            else:
                Replayer(speaker, view, NoKeys(speaker.clock)).run(clips, args.turn)
    finally:
        speaker.stop()  # Ctrl-C included: never leave the device playing
        speaker.close()
    return 0
