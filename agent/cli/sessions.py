"""`interview sessions` (the list) and `interview history` (each signal's trend, plus index.html)."""
from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from agent.history import DEFAULT_ROOT


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("sessions", help="list recorded sessions: date, flow, level, overall, recommendation")
    s.add_argument("--root", type=Path, default=DEFAULT_ROOT, metavar="DIR", help="sessions folder (default: sessions)")
    s.set_defaults(func=cmd_sessions)
    h = sub.add_parser("history", help="each signal's trend across sessions; writes an index page linking every report")
    h.add_argument("--root", type=Path, default=DEFAULT_ROOT, metavar="DIR", help="sessions folder (default: sessions)")
    h.add_argument("--rubric", metavar="ID", help="trend of this rubric's signals (default: the most used)")
    h.add_argument("--no-index", action="store_true", help="do not write index.html")
    h.set_defaults(func=cmd_history)


def _problems(console: Console, problems: list[str]) -> None:
    for p in problems:
        console.print(f"[yellow]skipped: {p}[/yellow]")


def cmd_sessions(args: argparse.Namespace) -> int:
    from agent.history import scan

    found = scan(args.root)
    console = Console()
    _problems(console, found.problems)
    if not found.sessions:
        console.print(f"no sessions in {args.root}")
        return 0
    table = Table(title=f"Sessions in {args.root}")
    # Ids, dates and verdicts never wrap (they are what people copy and scan); the flow may.
    table.add_column("id", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("flow", overflow="fold")
    table.add_column("level", no_wrap=True)
    table.add_column("turns", justify="right")
    table.add_column("overall", justify="right")
    table.add_column("recommendation", no_wrap=True)
    for s in found.sessions:
        status = "" if s.session.status == "completed" else f" ({s.session.status})"
        table.add_row(s.id, s.date, s.session.flow, s.session.level, str(len(s.session.turns)) + status,
                      "" if s.overall is None else str(s.overall), s.recommendation or "not graded")
    console.print(table)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from agent.history import Trend, scan, signed, sparkline, trends, write_index

    found = scan(args.root)
    console = Console()
    _problems(console, found.problems)
    graded, tr = trends(found.sessions, args.rubric)
    if not graded:
        console.print(f"no graded sessions in {args.root}" + (f" for rubric {args.rubric}" if args.rubric else ""))
    else:
        table = Table("signal", "trend", "first", "latest", "change",
                      title=f"{len(graded)} graded sessions, {graded[0].rubric}, oldest to newest")
        overall = Trend("overall", "Overall", [s.overall for s in graded])
        for t in [overall, *tr]:
            k, c = t.known, t.change
            change = Text(signed(c), style="green" if c and c > 0 else ("red" if c and c < 0 else ""))
            table.add_row(Text(t.name, style="bold" if t is overall else ""), sparkline(t.scores),
                          str(k[0]) if k else "", str(k[-1]) if k else "", change)
        console.print(table)
    if not args.no_index:
        path = write_index(args.root, found.sessions)
        console.print(f"wrote {path}")
    return 0
