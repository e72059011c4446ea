"""`interview sessions` (the list) and `interview history` (each signal's trend, plus index.html)."""
from __future__ import annotations

import argparse

from agent.cli.console import console as make_console
from agent.cli.session_args import add_root_argument


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("sessions", help="list recorded sessions: date, flow, level, overall, recommendation")
    add_root_argument(s)
    s.set_defaults(func=cmd_sessions)
    h = sub.add_parser("history", help="each signal's trend across sessions; writes an index page linking every report")
    add_root_argument(h)
    h.add_argument("--flow", metavar="ID", help="only sessions of this flow (default: each flow and level apart)")
    h.add_argument("--level", metavar="LEVEL", help="only sessions at this level")
    h.add_argument("--rubric", metavar="ID", help="trend of this rubric's signals (default: the most used)")
    h.add_argument("--no-index", action="store_true", help="do not write index.html")
    h.set_defaults(func=cmd_history)


def _problems(console, problems: list[str]) -> None:
    for p in problems:
        console.print(f"skipped: {p}", style="yellow")


def cmd_sessions(args: argparse.Namespace) -> int:
    from agent.cli.tables import id_column, id_table
    from agent.config import sessions_root
    from agent.history import scan

    root = sessions_root(args.root)
    found = scan(root)
    console = make_console()
    _problems(console, found.problems)
    if not found.sessions:
        console.print(f"no sessions in {root}")
        return 0
    table = id_table(f"Sessions in {root}")
    # Ids and flows are typed back into commands: whole, never wrapped; dates and verdicts may wrap.
    id_column(table, "id", [s.id for s in found.sessions])
    table.add_column("date", min_width=10)  # wraps to date over time
    id_column(table, "flow", [s.session.flow for s in found.sessions])
    id_column(table, "level", [s.session.level for s in found.sessions])
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("verdict", min_width=9)
    for s in found.sessions:
        status = "" if s.session.status == "completed" else f"{s.session.status}, "
        table.add_row(s.id, s.date, s.session.flow, s.session.level,
                      "" if s.overall is None else str(s.overall), status + (s.recommendation or "not graded"))
    console.print(table)
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    from rich.text import Text

    from agent.cli.tables import id_table
    from agent.config import sessions_root
    from agent.history import Trend, comparable, scan, signed, sparkline, trends, write_index

    root = sessions_root(args.root)
    found = scan(root)
    console = make_console(soft_wrap=False)
    _problems(console, found.problems)
    shown = 0
    for group in comparable(found.sessions, args.flow, args.level):
        graded, tr = trends(group, args.rubric)
        if not graded:
            continue
        shown += 1
        flow, level = group[0].group
        span = graded[0].date + (f" to {graded[-1].date}" if len(graded) > 1 else "")
        console.print(Text.assemble("\n", (f"{flow} at {level}", "bold"), f": {len(graded)} graded, {span}"))
        table = id_table()
        table.add_column("signal", ratio=1)
        table.add_column("trend", no_wrap=True)
        for column in ("first", "latest", "change"):
            table.add_column(column, justify="right", no_wrap=True)
        overall = Trend("overall", "Overall", [s.overall for s in graded])
        for t in [overall, *tr]:
            k, c = t.known, t.change
            change = Text(signed(c), style="green" if c and c > 0 else ("red" if c and c < 0 else ""))
            table.add_row(Text(t.name, style="bold" if t is overall else ""), sparkline(t.scores),
                          str(k[0]) if k else "", str(k[-1]) if k else "", change)
        console.print(table)
    if not shown:
        which = " ".join(f"--{k} {v}" for k, v in (("flow", args.flow), ("level", args.level), ("rubric", args.rubric)) if v)
        console.print(f"no graded sessions with answers in {root}" + (f" for {which}" if which else ""))
    else:
        console.print("· is a gap: the session did not probe that signal, or it went unanswered", style="dim")
    if not args.no_index:
        path = write_index(root, found.sessions)
        console.print(f"wrote {path}", soft_wrap=True)
    return 0
