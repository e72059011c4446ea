"""Reports of a session folder: report.html (self-contained, shareable) and report.md."""
from __future__ import annotations

from pathlib import Path

from agent.report.html import render_html
from agent.report.markdown import render_markdown
from agent.report.view import build_view
from agent.session import Session, atomic_write_text, load_session

HTML_FILE = "report.html"
MD_FILE = "report.md"


def write_reports(folder: Path, html: bool = True, md: bool = True, embed_audio: bool = False,
                  session: Session | None = None) -> list[Path]:
    """Render the session in `folder` and write the requested reports next to session.json.

    `session`: the folder's session when the caller has it already, so it is not read again."""
    folder = Path(folder)
    view = build_view(session or load_session(folder))
    written: list[Path] = []
    if html:
        atomic_write_text(folder / HTML_FILE, render_html(view, folder, embed_audio))
        written.append(folder / HTML_FILE)
    if md:
        atomic_write_text(folder / MD_FILE, render_markdown(view))
        written.append(folder / MD_FILE)
    return written


def refresh_reports(folder: Path, session: Session | None = None) -> list[Path]:
    """Rewrite the reports the folder has (both when it has none), so they show a new grade or note."""
    folder = Path(folder)
    html, md = (folder / HTML_FILE).exists(), (folder / MD_FILE).exists()
    both = not (html or md)
    return write_reports(folder, html=html or both, md=md or both, session=session)


__all__ = ["HTML_FILE", "MD_FILE", "build_view", "refresh_reports", "render_html", "render_markdown", "write_reports"]
