"""`interview note SESSION [--at TURN:MM:SS] "text"`, `--list`, `--delete ID`: coach notes.

A note without `--at` is about the whole session. Adding or deleting a note re-renders the reports,
so they always show every note.
"""
from __future__ import annotations

import argparse

from agent.cli.console import console as make_console
from agent.cli.session_args import add_session_arguments, session_folder
from agent.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("note", help="add a coach note to a session or to a moment of an answer (or --list, --delete ID)")
    add_session_arguments(p)
    p.add_argument("text", nargs="?", help="the note (without --at: a note on the whole session)")
    # nargs="+": the text usually follows the moment (`--at 2:01:15 "text"`), and argparse cannot
    # give an optional positional the words that come after an option.
    p.add_argument("--at", nargs="+", metavar=("TURN:MM:SS", "TEXT"),
                   help="the moment: turn number (as in the report), then minutes and seconds into its answer")
    p.add_argument("--list", action="store_true", help="list the session's notes (the default without text)")
    p.add_argument("--delete", type=int, metavar="ID", help="delete note ID")
    p.set_defaults(func=cmd_note)


def _where(turn: int | None, at_s: float | None) -> str:
    from agent.report.timefmt import fmt_moment

    return "the whole session" if turn is None else fmt_moment(turn, at_s)


def cmd_note(args: argparse.Namespace) -> int:
    from agent.notes import add_note, delete_note, list_notes, parse_at
    from agent.report import refresh_reports
    from agent.report.timefmt import fmt_date, fmt_ts

    folder = session_folder(args)
    console = make_console(soft_wrap=True)  # paths are copied whole: never wrapped
    if args.delete is not None:
        if args.at or args.text:
            raise UserError("--delete takes only a note id")
        note = delete_note(folder, args.delete)
        console.print(f"deleted note {note.id} ({_where(note.turn, note.at_s)})")
    elif args.at or args.text:
        turn, at_s = None, None
        if args.at:
            moment, rest = args.at[0], args.at[1:]
            if rest and args.text:
                raise UserError("give the note's text once")
            args.text = " ".join(rest) or args.text
            if not args.text:
                raise UserError("--at needs the note's text, e.g. interview note SESSION --at 2:01:15 \"good metric\"")
            turn, at_s = parse_at(moment)
        note = add_note(folder, turn, at_s, args.text)
        console.print(f"added note {note.id} on {_where(note.turn, note.at_s)}")
    else:
        notes = list_notes(folder)
        if not notes:
            console.print("no notes yet")
            return 0
        from rich.table import Table

        table = Table("id", "turn", "at", "note", "added")
        for n in notes:
            table.add_row(str(n.id), "session" if n.turn is None else str(n.turn),
                          fmt_ts(n.at_s), n.text, fmt_date(n.created_at))
        console.print(table)
        return 0
    for path in refresh_reports(folder):
        console.print(f"updated {path}")
    return 0
