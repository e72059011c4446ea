"""`interview report SESSION [--html] [--md] [--pdf] [--open]`: write report.html, report.md, report.pdf."""
from __future__ import annotations

import argparse
import webbrowser
from pathlib import Path

from rich.console import Console

from agent.history import ROOT_HELP, resolve_session


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write a session's report (HTML and Markdown by default)")
    p.add_argument("session", metavar="SESSION", help="session folder, or its id under --root")
    p.add_argument("--html", action="store_true", help="write report.html")
    p.add_argument("--md", action="store_true", help="write report.md")
    p.add_argument("--pdf", action="store_true", help="also print report.html to report.pdf (needs Chromium)")
    p.add_argument("--open", action="store_true", help="open the report in the browser afterwards")
    p.add_argument("--embed-audio", action="store_true",
                   help="embed the audio in report.html, as MP3 (one file to share, no audio/ folder needed)")
    p.add_argument("--root", type=Path, metavar="DIR", help=ROOT_HELP)
    p.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from agent.report import write_reports

    folder = resolve_session(args.session, args.root)
    both = not (args.html or args.md or args.pdf)
    from agent.progress import waiting

    with waiting("compressing the audio into the page…" if args.embed_audio else "writing the report…"):
        written = write_reports(folder, html=args.html or args.pdf or both, md=args.md or both,
                                embed_audio=args.embed_audio)
    if args.pdf:
        from agent.report import HTML_FILE
        from agent.report.pdf import PDF_FILE, print_pdf

        written.append(print_pdf(folder / HTML_FILE, folder / PDF_FILE))
    console = Console(soft_wrap=True)  # a path is copied whole: never wrapped
    for path in written:
        console.print(f"wrote {path}")
    if args.open:
        target = next((p for p in written if p.suffix == ".html"), written[0])
        if not webbrowser.open(target.resolve().as_uri()):
            console.print(f"could not open a browser here; open {target} yourself")
    return 0
