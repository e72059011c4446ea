"""report.md: the same content as the HTML page, for pasting into a document or a chat.

Candidate text is backslash-escaped (CommonMark escapes any ASCII punctuation), so `<script>` in
an answer renders as the text `<script>` and a stray `*` or `|` cannot break the layout.
"""
from __future__ import annotations

import re
from pathlib import Path

from agent.report.timefmt import fmt_date, fmt_moment, fmt_ts
from agent.report.view import GradeSummary, Point, ReportView, TurnView, turn_label
from agent.session import now_iso

# Only what could start markup inside a line: emphasis, code, links, raw HTML, tables, entities.
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~]|&(?=#?\w+;))")


def md(text: object) -> str:
    """Escape text for Markdown, one line (newlines inside a table cell or list item break it)."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _bar(score: int | None, width: int = 20) -> str:
    if score is None:
        return "·" * width
    full = round(score / 100 * width)
    return "█" * full + "░" * (width - full)


def _point(p: Point) -> str:
    out = (f"_{md(p.signal)}:_ " if p.signal else "") + md(p.text)
    if p.quote and p.quote != p.text:
        out += f" — “{md(p.quote)}”"
    if p.turn is not None:
        out += f" ({fmt_moment(p.turn, p.start_s)})"
    return f"- {out}"


def _question_heading(number: int, category: str | None) -> str:
    return f"Question {number}" + (f" ({category.replace('_', ' ')})" if category else "")


def _slug(heading: str) -> str:
    """The anchor Markdown renderers (GitHub, GitLab, VS Code) give a heading."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def _verdict(view: ReportView, g: GradeSummary) -> list[str]:
    """What the candidate reads first: the summary, each question's verdict, the weakest moment, next steps.

    Links go to the question's heading in the transcript below (plain Markdown has no other anchors)."""
    anchors = {t.index: f"#{_slug(_question_heading(i, grp.category))}"
             for i, grp in enumerate(view.groups, 1) for t in grp.turns}

    def _turn_link(turn: int | None, start_s: float | None = None) -> str:
        if turn is None:
            return ""
        moment = fmt_moment(turn, start_s)
        return f"[{moment}]({anchors[turn]})" if turn in anchors else moment

    out = ["## Verdict", "", md(g.summary)]
    if g.questions:
        out += ["", "| Question | Verdict | Score | Why |", "|---|---|---:|---|"]
        out += [f"| {_turn_link(q.turn)}: {md(q.question)} | {md(q.verdict)} | {q.score_text} | {md(q.note)} |"
                for q in g.questions]
    w = g.weakest
    if w is not None:
        quote = f" — “{md(w.quote)}”" if w.quote else ""
        out += ["", f"**Weakest moment** ({_turn_link(w.turn, w.start_s)}): {md(w.text)}{quote}"]
    if g.next_steps:
        out += ["", "**Next steps**", ""]
        for i, p in enumerate(g.next_steps, 1):
            tie = f" — “{md(p.quote)}”" if p.quote else ""
            where = f" ({_turn_link(p.turn, p.start_s)})" if p.turn is not None else ""
            out.append(f"{i}. {md(p.text)}{tie}{where}")
    return out + [""]


def _grade(g: GradeSummary) -> list[str]:
    out = ["## Grade", "",
           f"**Overall {g.overall}/100 · {md(g.recommendation)}**  ",
           f"{md(g.rubric_name)} · graded for {md(g.level)} · {md(g.brain)} brain"]
    if g.supported_level:
        out.append(f"  \nLevel the evidence supports: **{md(g.supported_level)}**")
    if g.overall_by_level:
        out.append("  \nOverall with each level's weights: " + " · ".join(f"{md(k)} {v}" for k, v in g.overall_by_level.items()))
    bar = g.session_bar
    if bar:
        out += ["", f"> **The {md(bar.level)} bar** ({md(bar.title)}; overall {bar.min_overall} or more): {md(bar.bar)}  ",
                f"> Cut when: {md(bar.cut_when)}"]
    out += ["", "### Scorecard", "", "| Signal | Score | Weight | Bar | |", "|---|---:|---:|---:|---|"]
    for r in g.signals:
        out.append(f"| {md(r.name)} | {r.score_text} | {r.weight}% | {r.bar if r.bar is not None else '—'} | `{_bar(r.score if r.assessed else None)}` |")
    if g.level_marks:
        out += ["", "Level bars (overall): " + " · ".join(f"{md(m.level)} {m.min_overall}" for m in g.level_marks)]
    for r in g.signals:
        score = r.score_text + ("/100" if r.score is not None and r.assessed else "")
        out += ["", f"#### {md(r.name)} — {score}, weight {r.weight}%"]
        if r.evidence:
            out += [f"- “{md(ev.quote)}” ({fmt_moment(ev.turn, ev.start_s)})" for ev in r.evidence]
        else:
            out.append("- No evidence in the answers.")
        if r.gaps:
            out.append("- Missing: " + "; ".join(md(x) for x in r.gaps))
    for title, items in (("Strengths", g.strengths), ("What to improve", g.improvements), ("Flags", g.flags)):
        if items:
            out += ["", f"### {title}", ""] + [_point(p) for p in items]
    if g.extra:
        out += [""] + [f"- {md(k.replace('_', ' '))}: {md(v)}" for k, v in g.extra.items()]
    return out


def _turn(t: TurnView, number: int) -> list[str]:
    label = turn_label(t.kind, number)
    aimed = f" (on: {md(t.area)})" if t.area else ""
    out = ["", f"**Interviewer · turn {t.index} · {label}{aimed}:** _{md(t.prompt_text)}_", ""]
    info = [fmt_ts(t.duration_s) if t.duration_s else "", f"via {t.via}"]
    if t.answer_audio:
        info.append(f"[answer audio]({Path(t.answer_audio).as_posix()})")
    out.append(f"**Candidate** ({', '.join(i for i in info if i)}):")
    out.append("")
    if t.segments:
        out += [f"- `{fmt_ts(s.start)}` {md(s.text)}" for s in t.segments]
    elif t.transcript.strip():
        out.append(md(t.transcript))
    else:
        out.append("_(no answer)_")
    if t.notes:
        out += [""] + [f"> 📝 **Note at {fmt_ts(n.at_s)}:** {md(n.text)}  " for n in t.notes]
    return out


def render_markdown(view: ReportView) -> str:
    s = view.session
    out = [f"# Mock interview report — {md(view.title)}", "",
           f"Date {md(fmt_date(s.started_at))} · flow {md(view.flow_name)} · level {md(s.level)} · "
           f"channel {md(s.channel)} · brain {md(s.brain)} · length {fmt_ts(view.duration_s)} · "
           f"{len(s.turns)} turns · status {md(s.status)} · session `{s.id}`", ""]
    if view.grade and view.grade.summary:
        out += _verdict(view, view.grade)
    out += _grade(view.grade) if view.grade else ["## Grade", "", "Not graded yet (`interview grade SESSION`)."]
    d = view.delivery
    if d:
        out += ["", "## Delivery", "", "| Figure | Value | Target | |", "|---|---|---|---|"]
        out += [f"| {md(f.label)} | {md(f.value)} | {md(f.band or '')} | {md(f.status or '')} |" for f in d.figures]
        for t in d.tables:
            out += ["", f"**{md(t.title)}**", "", "| " + " | ".join(md(c) or " " for c in t.columns) + " |",
                    "|" + "---|" * len(t.columns)]
            out += ["| " + " | ".join(md(c) for c in row) + " |" for row in t.rows]
    out += ["", "## The interview"]
    for i, g in enumerate(view.groups, 1):
        out += ["", f"### {md(_question_heading(i, g.category))}"]
        for t in g.turns:
            out += _turn(t, i)
        if g.follow_ups:
            out += ["", "Follow-ups asked:"] + [f"- {md(t.prompt_text)}" + (f" (aimed at: {md(t.area)})" if t.area else "")
                                               for t in g.follow_ups]
        if g.uncovered:
            out += ["", "Areas left uncovered:"] + [f"- {md(a)}" for a in g.uncovered]
    if s.closing_text:
        out += ["", f"**Interviewer · closing:** _{md(s.closing_text)}_"]
    if view.notes:
        out += ["", "## Coach notes", ""] + [
            f"- {fmt_moment(n.turn, n.at_s).capitalize() if n.turn is not None else 'Session'} (#{n.id}): {md(n.text)}"
            for n in view.notes]
    if view.events:
        out += ["", "## Session log", ""] + [f"- {md(fmt_date(at, seconds=True))} · {md(k)}: {md(m)}" for at, k, m in view.events]
    if view.earlier_grades:
        out += ["", "## Earlier grades", "", "| When | Rubric | Level | Brain | Overall | Recommendation |",
                "|---|---|---|---|---:|---|"]
        out += [f"| {md(fmt_date(g.created_at))} | {md(g.rubric)} | {md(g.level)} | {md(g.brain)} | "
                f"{g.overall} | {md(g.recommendation)} |" for g in view.earlier_grades]
    out += ["", f"_Generated {md(now_iso())}. Audio files are in the audio/ folder next to this report._", ""]
    return "\n".join(out)
