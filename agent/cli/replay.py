"""`interview replay SESSION [--turn N]`: hear the session again with its transcript in sync."""
from __future__ import annotations

import argparse
import sys

from agent.cli.console import console as make_console
from agent.cli.session_args import add_session_arguments, session_folder
from agent.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("replay", help="replay a session's audio with its transcript (keys: space, r, s, n, b, 1-9, q)")
    add_session_arguments(p)
    p.add_argument("--turn", type=int, metavar="N", help="start at turn N")
    p.add_argument("--transcript", action="store_true", help="print the timestamped transcript instead of playing")
    p.set_defaults(func=cmd_replay)


def cmd_replay(args: argparse.Namespace) -> int:
    from rich.live import Live

    from agent.replay import NoKeys, NoOutputDevice, Replayer, RichView, TerminalKeys, open_speaker, plan, print_transcript
    from agent.session import load_session

    folder = session_folder(args)
    session = load_session(folder)
    if args.turn is not None and args.turn not in {t.index for t in session.turns}:
        raise UserError(f"--turn {args.turn}: no such turn (this session has turns "
                        f"{', '.join(str(t.index) for t in session.turns) or 'none'})")
    console = make_console()
    if args.transcript:
        print_transcript(session, console, args.turn)
        return 0
    try:
        speaker = open_speaker()
    except NoOutputDevice as e:
        console.print(f"Cannot play audio: {e}. Showing the timestamped transcript instead.", style="bold")
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
