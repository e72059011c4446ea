"""`interview report SESSION [--html] [--md] [--pdf] [--open]`: write report.html, report.md, report.pdf."""
from __future__ import annotations

import argparse
import webbrowser

from agent.cli.console import console as make_console
from agent.cli.session_args import add_session_arguments, session_folder


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="write a session's report (HTML and Markdown by default)")
    add_session_arguments(p)
    p.add_argument("--html", action="store_true", help="write report.html")
    p.add_argument("--md", action="store_true", help="write report.md")
    p.add_argument("--pdf", action="store_true", help="also print report.html to report.pdf (needs Chromium)")
    p.add_argument("--open", action="store_true", help="open the report in the browser afterwards")
    p.add_argument("--embed-audio", action="store_true",
                   help="embed the audio in report.html, as MP3 (one file to share, no audio/ folder needed)")
    p.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    from agent.progress import waiting
    from agent.report import write_reports

    folder = session_folder(args)
    both = not (args.html or args.md or args.pdf)

    with waiting("compressing the audio into the page…" if args.embed_audio else "writing the report…"):
        written = write_reports(folder, html=args.html or args.pdf or both, md=args.md or both,
                                embed_audio=args.embed_audio)
    if args.pdf:
        from agent.report import HTML_FILE
        from agent.report.pdf import PDF_FILE, print_pdf

        written.append(print_pdf(folder / HTML_FILE, folder / PDF_FILE))
    console = make_console(soft_wrap=True)  # a path is copied whole: never wrapped
    for path in written:
        console.print(f"wrote {path}")
    if args.open:
        target = next((p for p in written if p.suffix == ".html"), written[0])
        if not webbrowser.open(target.resolve().as_uri()):
            console.print(f"could not open a browser here; open {target} yourself")
    return 0
