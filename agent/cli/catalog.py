"""`interview flows` and `interview rubrics`: what can be practised and how it is graded."""
from __future__ import annotations

import argparse

from agent.cli.console import console as make_console


def register(sub: argparse._SubParsersAction) -> None:
    f = sub.add_parser("flows", help="list interview flows, or show one")
    fs = f.add_subparsers(dest="flows_cmd", metavar="show")
    show = fs.add_parser("show", help="show a flow: persona, timing, question mix")
    show.add_argument("id")
    f.set_defaults(func=cmd_flows)
    r = sub.add_parser("rubrics", help="list rubrics, or show one")
    rs = r.add_subparsers(dest="rubrics_cmd", metavar="show")
    rshow = rs.add_parser("show", help="show a rubric: signals, weights per level, level bars")
    rshow.add_argument("id")
    r.set_defaults(func=cmd_rubrics)


def cmd_flows(args: argparse.Namespace) -> int:
    from rich.table import Table
    from rich.text import Text

    from agent.cli.tables import id_column, id_table
    from question_flows import get_flow, load_bank, load_flows

    console = make_console()
    if getattr(args, "flows_cmd", None) == "show":
        flow = get_flow(args.id)  # an unknown id is a DataFileError: one line from main()
        console.print(Text.assemble((flow.name, "bold"), f" ({flow.id}), {flow.duration_min} min"))
        console.print(flow.description)
        console.print(f"Interviewer: {flow.persona.name}, {flow.persona.role}. {flow.persona.style}")
        console.print(f"Opening: \"{flow.persona.opening}\"")
        t = Table("category", "main questions")
        for cat, n in flow.categories.items():
            t.add_row(cat, str(n))
        console.print(t)
        console.print(f"Follow-ups per question: up to {flow.follow_up_budget}; answer cap {flow.answer_cap_s} s; rubric {flow.rubric}")
        return 0
    bank = load_bank()
    flows = list(load_flows().values())
    t = id_table(f"Flows ({len(bank)} questions in the bank)")
    id_column(t, "id", [f.id for f in flows])  # typed back into --flow: never cut
    t.add_column("name", ratio=1)
    t.add_column("min", justify="right", no_wrap=True)
    t.add_column("Qs", justify="right", no_wrap=True)
    id_column(t, "rubric", [f.rubric for f in flows])
    for flow in flows:
        t.add_row(flow.id, flow.name, str(flow.duration_min), str(flow.question_count), flow.rubric)
    console.print(t)
    return 0


def cmd_rubrics(args: argparse.Namespace) -> int:
    from rich.table import Table
    from rich.text import Text

    from agent.cli.tables import id_column, id_table
    from rubrics import LEVELS, get_rubric, load_rubrics

    console = make_console()
    if getattr(args, "rubrics_cmd", None) == "show":
        rubric = get_rubric(args.id)
        console.print(Text.assemble((rubric.name, "bold"), f" ({rubric.id})\n{rubric.description}"))
        t = Table("signal", *LEVELS, title="Weights (%) per level")
        for s in rubric.signals:
            t.add_row(s.name, *(str(s.weights[lv]) for lv in LEVELS))
        console.print(t)
        if rubric.weights_note:
            console.print(rubric.weights_note, style="dim")
        bars = Table("level", "must show", "cut when", "min overall", title="Level bars")
        for b in rubric.level_bars:
            bars.add_row(b.title, b.bar, b.cut_when, str(b.min_overall))
        console.print(bars)
        return 0
    rubrics = list(load_rubrics().values())
    t = id_table()
    id_column(t, "id", [r.id for r in rubrics])  # typed back into --rubric: never cut
    id_column(t, "signals", [s.id for r in rubrics for s in r.signals])  # typed into --signal
    t.add_column("name", ratio=1)
    for rubric in rubrics:
        t.add_row(rubric.id, "\n".join(s.id for s in rubric.signals), rubric.name)
    console.print(t)
    return 0
