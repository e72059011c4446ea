"""`interview questions [--flow F] [--category C] [--level L]`: the question bank, to pick what to practise."""
from __future__ import annotations

import argparse

from agent.cli.console import console as make_console


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("questions", help="list the question bank (ids for `run --question`)")
    p.add_argument("--flow", metavar="ID", help="only the categories this flow draws from")
    p.add_argument("--category", metavar="ID", help="only this category")
    p.add_argument("--level", metavar="LEVEL", help="only questions asked at this level")
    p.set_defaults(func=cmd_questions)


def cmd_questions(args: argparse.Namespace) -> int:
    from rich import box
    from rich.table import Table

    from agent.errors import check_known
    from question_flows import CATEGORIES, LEVELS, get_flow, load_bank, load_flows

    categories = list(CATEGORIES)
    if args.flow:
        check_known(args.flow, list(load_flows()), "flow", "--flow")
        categories = list(get_flow(args.flow).categories)
    if args.category:
        check_known(args.category, list(CATEGORIES), "category", "--category")
        categories = [c for c in categories if c == args.category]
    if args.level:
        check_known(args.level, list(LEVELS), "level", "--level")
    console = make_console()
    bank = load_bank()
    shown = 0
    for category in categories:
        questions = [q for q in bank.values()
                     if q.category == category and (not args.level or args.level in q.levels)]
        if not questions:
            continue
        # The id is what gets typed back into `run --question`: it never wraps; the text does.
        table = Table(box=box.SIMPLE_HEAD, title=f"{category} ({len(questions)})", title_justify="left",
                      show_header=False, pad_edge=False)
        table.add_column("id", no_wrap=True, style="bold")
        table.add_column("question", overflow="fold", ratio=1)
        for q in sorted(questions, key=lambda q: q.id):
            table.add_row(q.id, q.text)
        console.print(table)
        shown += len(questions)
    console.print(f"{shown} questions · practise one with `interview run --question ID`")
    return 0
