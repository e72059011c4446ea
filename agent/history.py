"""Sessions on disk and progress across them: listing, per-signal trends, sparklines, an index page.

A session is any folder under the root that holds a session.json; unreadable ones are reported and
skipped, never fatal, because one broken folder must not hide a candidate's whole history.

History compares like with like: sessions are grouped by flow and level, sessions with no answer
are left out, and a signal the session gave nothing on (not probed, or every answer skipped) is a
gap in its trend, not a zero.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import quote

from agent.answers import is_answer
from agent.config import sessions_root
from agent.errors import UserError
from agent.session import SESSION_FILE, Session, SessionError, atomic_write_text, load_session

INDEX_FILE = "index.html"
SPARKS = "▁▂▃▄▅▆▇█"


def resolve_session(arg: str, root: Path | None = None) -> Path:
    """A session given as a folder path, or as an id under the sessions root."""
    root = sessions_root(root)
    for candidate in (Path(arg), Path(root) / arg):
        if (candidate / SESSION_FILE).is_file():
            return candidate
    if Path(arg).is_dir():
        raise UserError(f"{arg}: not a session folder (no {SESSION_FILE})")
    raise UserError(f"{arg}: no such session (looked for the folder and for {Path(root) / arg})")


@dataclass(frozen=True)
class SessionSummary:
    folder: Path
    session: Session

    @property
    def id(self) -> str:
        return self.session.id

    @property
    def date(self) -> str:
        from agent.report.timefmt import fmt_date  # lazily: importing agent.report is slow

        return fmt_date(self.session.started_at)

    @property
    def overall(self) -> int | None:
        return self.session.grade.overall if self.session.grade else None

    @property
    def recommendation(self) -> str:
        return self.session.grade.recommendation if self.session.grade else ""

    @property
    def rubric(self) -> str | None:
        return self.session.grade.rubric if self.session.grade else None

    @property
    def group(self) -> tuple[str, str]:
        """What it is comparable with: the same flow at the same level."""
        return self.session.flow, self.session.level

    @property
    def answered(self) -> bool:
        """Whether the candidate answered anything (not only skipped, ended or stayed silent)."""
        return any(is_answer(t.transcript, t.ended_by) for t in self.session.turns)

    def score(self, signal_id: str) -> int | None:
        """The signal's score; None when the session says nothing about it (a gap, not a zero)."""
        g = self.session.grade
        if g is None:
            return None
        for s in g.signals:
            if s.id == signal_id:
                if not s.assessed or (s.score == 0 and not s.evidence):
                    return None  # not probed, or nothing answered for it: skipped
                return s.score
        return None


@dataclass
class Scan:
    sessions: list[SessionSummary] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one line per unreadable folder


def scan(root: Path | None = None) -> Scan:
    root = sessions_root(root)
    if not root.is_dir():
        raise UserError(f"{root}: no sessions folder here (run an interview first, pass --root DIR, "
                        f"or set INTERVIEW_HOME)")
    out = Scan()
    for path in sorted(root.glob(f"*/{SESSION_FILE}")):
        try:
            session = load_session(path.parent)
        except SessionError as e:
            out.problems.append(str(e))
            continue
        found = SessionSummary(path.parent, session)
        if found.answered:  # an empty session is no practice: listed nowhere
            out.sessions.append(found)
    out.sessions.sort(key=lambda s: (s.session.started_at, s.id))
    return out


@dataclass(frozen=True)
class Trend:
    signal_id: str
    name: str
    scores: list[int | None]  # one per graded session, oldest first; None: not assessed there

    @property
    def known(self) -> list[int]:
        return [s for s in self.scores if s is not None]

    @property
    def change(self) -> int | None:
        k = self.known
        return k[-1] - k[0] if len(k) > 1 else None


def comparable(sessions: list[SessionSummary], flow: str | None = None,
               level: str | None = None) -> list[list[SessionSummary]]:
    """One group per flow and level (filtered to `flow`/`level` when given), the group practised most
    recently first; each group oldest first. (`scan` has already left out sessions without answers.)"""
    groups: dict[tuple[str, str], list[SessionSummary]] = {}
    for s in sessions:
        if (flow is None or s.session.flow == flow) and (level is None or s.session.level == level):
            groups.setdefault(s.group, []).append(s)
    return sorted(groups.values(), key=lambda g: g[-1].session.started_at, reverse=True)


def trends(sessions: list[SessionSummary], rubric: str | None = None) -> tuple[list[SessionSummary], list[Trend]]:
    """Per-signal scores across the graded sessions of one rubric (the most used one by default)."""
    graded = [s for s in sessions if s.session.grade]
    if not graded:
        return [], []
    if rubric is None:
        counts: dict[str, int] = {}
        for s in graded:
            counts[s.rubric] = counts.get(s.rubric, 0) + 1  # type: ignore[index]
        rubric = max(counts, key=lambda r: (counts[r], r))
    graded = [s for s in graded if s.rubric == rubric]
    names: dict[str, str] = {}
    for s in graded:
        for sg in s.session.grade.signals:  # type: ignore[union-attr]
            names.setdefault(sg.id, sg.name)
    from rubrics import RubricError, get_rubric

    try:
        order = [sig.id for sig in get_rubric(rubric).signals]
    except RubricError:  # a rubric this install lacks: keep the graders' order
        order = []
    order += [sid for sid in names if sid not in order]
    return graded, [Trend(sid, names.get(sid, sid), [s.score(sid) for s in graded]) for sid in order if sid in names]


def sparkline(values: list[int | None], low: int = 0, high: int = 100) -> str:
    """Scores as block characters on a fixed 0-100 scale (so two sparklines compare), '·' for gaps."""
    out = []
    for v in values:
        if v is None:
            out.append("·")
        else:
            i = round((min(max(v, low), high) - low) / (high - low) * (len(SPARKS) - 1))
            out.append(SPARKS[i])
    return "".join(out)


def signed(change: int | None) -> str:
    """A trend's change as +12, -5, 0 ('' when there is nothing to compare)."""
    if change is None:
        return ""
    return f"{change:+d}" if change else "0"


def _report_link(root: Path, s: SessionSummary, html_file: str) -> str:
    folder, root = s.folder.resolve(), root.resolve()
    rel = folder.relative_to(root) if folder.is_relative_to(root) else folder
    return quote((rel / html_file).as_posix(), safe="/")


def write_index(root: Path, sessions: list[SessionSummary], make_reports: bool = True) -> Path:
    """index.html in the sessions root: a trend chart and a table linking every session's report."""
    from agent.report import HTML_FILE, write_reports
    from agent.report.chart import trend_svg
    from agent.report.html import page

    root = Path(root)
    if make_reports:
        for s in sessions:
            if not (s.folder / HTML_FILE).is_file():  # so every link in the index resolves
                write_reports(s.folder, html=True, md=False, session=s.session)
    from agent.report.timefmt import fmt_date

    e = escape
    graded_count = sum(1 for s in sessions if s.session.grade)
    body = ["<header><h1>Interview history</h1>"
            f"<p class=\"sub\">{len(sessions)} sessions · {graded_count} graded</p></header>"]
    for group in comparable(sessions):
        graded, tr = trends(group)
        if not graded:
            continue
        flow, level = group[0].group
        series = {"Overall": [s.overall for s in graded]} | {t.name: t.scores for t in tr}
        labels = [fmt_date(s.session.started_at) for s in graded]
        rows = "".join(
            f"<tr><td>{e(t.name)}</td><td class=\"n\">{t.known[0] if t.known else '—'}</td>"
            f"<td class=\"n\">{t.known[-1] if t.known else '—'}</td>"
            f"<td class=\"n\">{signed(t.change)}</td></tr>" for t in tr)
        body.append(f"<section class=\"card\" data-group=\"{e(flow)}:{e(level)}\"><h2 style=\"margin-top:0\">"
                    f"{e(flow.replace('_', ' '))} · {e(level)}</h2>"
                    f"<p class=\"muted\">{len(graded)} graded sessions, {e(labels[0])} to {e(labels[-1])}; "
                    f"a gap is a signal the session did not probe or that went unanswered.</p>"
                    f"{trend_svg(series, labels)}<div class=\"scroll\"><table><thead><tr><th>Signal</th>"
                    f"<th class=\"n\">First</th><th class=\"n\">Latest</th><th class=\"n\">Change</th></tr></thead>"
                    f"<tbody>{rows}</tbody></table></div></section>")
    items = "".join(
        f"<tr><td>{e(s.date)}</td><td><a href=\"{e(_report_link(root, s, HTML_FILE))}\">{e(s.id)}</a></td>"
        f"<td>{e(s.session.flow)}</td><td>{e(s.session.level)}</td>"
        f"<td class=\"n\">{'' if s.overall is None else s.overall}</td><td>{e(s.recommendation)}</td></tr>"
        for s in reversed(sessions))
    body.append("<section class=\"card\"><h2 style=\"margin-top:0\">Sessions</h2><div class=\"scroll\"><table>"
                "<thead><tr><th>Date</th><th>Report</th><th>Flow</th><th>Level</th><th class=\"n\">Overall</th>"
                f"<th>Recommendation</th></tr></thead><tbody>{items}</tbody></table></div></section>")
    path = root / INDEX_FILE
    atomic_write_text(path, page("Interview history", "\n".join(body)))
    return path
