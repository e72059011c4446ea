"""report.html: one self-contained page a coach can zip and send.

Safety: every string that came from a session (answers above all, but also prompts, notes and
grader text) goes through `e()` before it touches markup, and the page carries a CSP that only
allows its own inline script (by hash), so even a missed escape could not run anything.
Audio is referenced relatively (audio/NNN-answer.wav) or, on request, embedded as data URIs.
"""
from __future__ import annotations

import base64
import hashlib
from html import escape
from pathlib import Path
from urllib.parse import quote

from agent.report.assets import CSS, JS
from agent.report.chart import scorecard_svg
from agent.report.timefmt import fmt_date, fmt_moment, fmt_ts
from agent.report.view import (
    EvidenceView, GradeSummary, Point, QuestionGroup, ReportView, SegmentView, TurnView, turn_label,
)
from agent.session import Note, now_iso


def e(text: object) -> str:
    return escape(str(text), quote=True)


def _slug(text: str) -> str:
    return "-".join(text.lower().split())


def csp(script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            f"media-src 'self' data: blob: file:; script-src 'sha256-{digest}'")


def page(title: str, body: str) -> str:
    """The shell shared by report.html and the history index."""
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{e(csp(JS))}\">"
        f"<title>{e(title)}</title><style>{CSS}</style></head>\n<body><main>\n{body}\n</main>"
        f"<script>{JS}</script></body></html>\n"
    )


class _Audio:
    """Where an audio file is, as the page should reference it (None when it is not on disk:
    a player pointing at a missing file would only log an error). Each file is looked at, and
    when embedding read and encoded, once per page, however many links point into it."""

    def __init__(self, folder: Path, embed: bool):
        self.folder, self.embed = folder, embed
        self._src: dict[str, str | None] = {}

    def src(self, rel: str | None) -> str | None:
        if not rel:
            return None
        if rel not in self._src:
            path = self.folder / rel
            if not path.is_file():
                self._src[rel] = None
            elif self.embed:  # compressed: a 4-minute session's WAVs would make a page of megabytes
                from audio.errors import AudioFileError
                from audio.mp3 import mp3_bytes

                try:
                    self._src[rel] = "data:audio/mpeg;base64," + base64.b64encode(mp3_bytes(path)).decode("ascii")
                except AudioFileError:  # a damaged recording gets no player, like a missing one
                    self._src[rel] = None
            else:
                self._src[rel] = quote(Path(rel).as_posix(), safe="/")
        return self._src[rel]


def _seg_id(turn: int, i: int) -> str:
    return f"t{turn}-s{i}"


def _segment_at(turn: TurnView, at: float | None) -> int | None:
    if at is None or not turn.segments:
        return None
    for i, s in enumerate(turn.segments):
        if at < s.end:
            return i
    return len(turn.segments) - 1


def _turn_of(view: ReportView, index: int) -> TurnView | None:
    for g in view.groups:
        for t in g.turns:
            if t.index == index:
                return t
    return None


def _seek_link(view: ReportView, audio: _Audio, turn: int, at: float | None, inner: str, cls: str) -> str:
    """A link to the moment in the transcript, which also seeks the answer's player there."""
    t = _turn_of(view, turn)
    seg = _segment_at(t, at) if t else None
    href = f"#{_seg_id(turn, seg)}" if seg is not None else f"#turn-{turn}"
    seek = ""
    if t and at is not None and audio.src(t.answer_audio):
        seek = f' data-audio="a{turn}" data-seek="{at:.2f}"'
    return f'<a class="{cls}" href="{href}"{seek}>{inner}</a>'


def _evidence(view: ReportView, audio: _Audio, ev: EvidenceView) -> str:
    # Curly quotes as text, not <q>: in Chromium a click landing on a <q> inside a link did not
    # follow the link (seen in the browser tests), and the jump to the moment is the point here.
    q = f"“{e(ev.quote)}”"
    return (f"<li>{_seek_link(view, audio, ev.turn, ev.start_s, q, 'quote')} "
            f"<span class=\"muted\">({e(fmt_moment(ev.turn, ev.start_s))})</span></li>")


def _point(view: ReportView, audio: _Audio, p: Point) -> str:
    out = (f"<span class=\"chip\">{e(p.signal)}</span> " if p.signal else "") + e(p.text)
    quoted = bool(p.quote and p.quote != p.text)
    if quoted:
        q = f"“{e(p.quote)}”"
        out += " — " + (_seek_link(view, audio, p.turn, p.start_s, q, "quote") if p.turn is not None else q)
    if p.turn is not None:
        moment = e(fmt_moment(p.turn, p.start_s))
        # With no quote to click, the moment itself links to the turn.
        moment = moment if quoted else _seek_link(view, audio, p.turn, p.start_s, moment, "quote")
        out += f' <span class="muted">({moment})</span>'
    return f"<li>{out}</li>"


def _header(view: ReportView) -> str:
    s = view.session
    items = [("Date", fmt_date(s.started_at)), ("Flow", view.flow_name), ("Level", s.level),
             ("Channel", s.channel), ("Brain", s.brain), ("Length", fmt_ts(view.duration_s)),
             ("Turns", str(len(s.turns))), ("Status", s.status), ("Session", s.id)]
    meta = "".join(f"<li>{e(k)}: <b>{e(v)}</b></li>" for k, v in items)
    return f"<header><h1>Mock interview report</h1><p class=\"sub\">{e(view.title)}</p><ul class=\"meta\">{meta}</ul></header>"


_VERDICT_DOT = {"strong": "ok", "solid": "ok", "thin": "near", "weak": "low", "not credited": "low"}


def _verdict(view: ReportView, audio: _Audio, g: GradeSummary) -> str:
    """What the candidate reads first: the summary, each question's verdict, the weakest moment, next steps."""
    rows = "".join(
        f"<tr><td><a class=\"quote\" href=\"#turn-{q.turn}\">{e(q.question)}</a></td>"
        f"<td><span class=\"dot {_VERDICT_DOT.get(q.verdict, 'none')}\"></span>{e(q.verdict)}</td>"
        f"<td class=\"n\">{e(q.score_text)}</td><td>{e(q.note)}</td></tr>" for q in g.questions)
    table = (f"<div class=\"scroll\"><table class=\"verdicts\"><thead><tr><th>Question</th><th>Verdict</th>"
             f"<th class=\"n\">Score</th><th>Why</th></tr></thead><tbody>{rows}</tbody></table></div>" if rows else "")
    weakest = ""
    w = g.weakest
    if w is not None:
        where = _seek_link(view, audio, w.turn, w.start_s, e(fmt_moment(w.turn, w.start_s)), "quote")
        quote = f" — “{e(w.quote)}”" if w.quote else ""
        weakest = f"<h3>Weakest moment</h3><p id=\"weakest\">{e(w.text)}{quote} ({where})</p>"
    steps = "".join(_point(view, audio, p) for p in g.next_steps)
    steps = f"<h3>Next steps</h3><ol class=\"plain\" id=\"next-steps\">{steps}</ol>" if steps else ""
    return (f"<section class=\"card\" id=\"verdict\"><h2 style=\"margin-top:0\">Verdict</h2>"
            f"<p class=\"verdict-summary\">{e(g.summary)}</p>{table}{weakest}{steps}</section>")


def _grade(view: ReportView, audio: _Audio, g: GradeSummary) -> str:
    bar = g.session_bar
    supported = (f"<div>Level the evidence supports: <b>{e(g.supported_level)}</b></div>"
                 if g.supported_level else "")
    by_level = ""
    if g.overall_by_level:
        by_level = ("<div class=\"muted\">Overall with each level's weights: "
                    + " · ".join(f"{e(k)} {v}" for k, v in g.overall_by_level.items()) + "</div>")
    levelbar = ""
    if bar:
        levelbar = (f"<div class=\"levelbar\"><p><b>The {e(bar.level)} bar</b> ({e(bar.title)}; overall "
                    f"{bar.min_overall} or more): {e(bar.bar)}</p><p class=\"muted\">Cut when: {e(bar.cut_when)}</p></div>")
    summary = (
        f"<section class=\"card\" id=\"grade\"><h2 style=\"margin-top:0\">Grade</h2><div class=\"summary\">"
        f"<div class=\"overall\">{g.overall}<small>/100</small></div>"
        f"<div><span class=\"rec {e(_slug(g.recommendation))}\">{e(g.recommendation)}</span>"
        f"<div class=\"muted\" style=\"margin-top:6px\">{e(g.rubric_name)} · graded for {e(g.level)} · {e(g.brain)} brain</div>"
        f"{supported}{by_level}</div></div>{levelbar}"
        f"<h3 style=\"margin-top:16px\">Scorecard</h3>{scorecard_svg(g)}"
    )
    rows = "".join(
        f"<tr><td><span class=\"dot {r.status}\"></span>{e(r.name)}</td>"
        f"<td class=\"n\">{r.score_text}</td><td class=\"n\">{r.weight}%</td>"
        f"<td class=\"n\">{r.bar if r.bar is not None else '—'}</td></tr>" for r in g.signals)
    table = (f"<div class=\"scroll\"><table class=\"signals\"><thead><tr><th>Signal</th><th class=\"n\">Score</th>"
             f"<th class=\"n\">Weight</th><th class=\"n\">Bar</th></tr></thead><tbody>{rows}</tbody></table></div>")
    details = []
    for r in g.signals:
        evs = "".join(_evidence(view, audio, ev) for ev in r.evidence)
        evs = f"<ul class=\"ev\">{evs}</ul>" if evs else "<p class=\"muted\">No evidence in the answers.</p>"
        gaps = "".join(f"<li>{e(x)}</li>" for x in r.gaps)
        gaps = f"<div class=\"gap\">Missing:</div><ul class=\"plain gap\">{gaps}</ul>" if gaps else ""
        score = r.score_text + ("/100" if r.score is not None and r.assessed else "")
        details.append(
            f"<div class=\"sig\" id=\"sig-{e(r.id)}\" data-signal=\"{e(r.id)}\" data-score=\"{'' if r.score is None else r.score}\">"
            f"<h3><span><span class=\"dot {r.status}\"></span>{e(r.name)}</span>"
            f"<span class=\"n\">{score} · weight {r.weight}%</span></h3>{evs}{gaps}</div>")
    points = ""
    for title, items in (("Strengths", g.strengths), ("What to improve", g.improvements), ("Flags", g.flags)):
        if items:
            points += f"<h3>{title}</h3><ul class=\"plain\">{''.join(_point(view, audio, p) for p in items)}</ul>"
    extra = "".join(f"<li>{e(k.replace('_', ' '))}: {e(v)}</li>" for k, v in g.extra.items())
    extra = f"<ul class=\"plain muted\">{extra}</ul>" if extra else ""
    return summary + table + "".join(details) + points + extra + "</section>"


def _delivery(view: ReportView) -> str:
    d = view.delivery
    if not d:
        return ""
    figs = "".join(
        f"<div class=\"fig {e(f.tone or '')}\"><div class=\"l\">{e(f.label)}</div>"
        f"<div class=\"v{' t' if len(f.value) > 14 else ''}\">{e(f.value)}</div>"
        + (f"<div class=\"b\">{'target ' + e(f.band) if f.band else ''}"
           + (f"<span class=\"chip {e(f.tone or '')}\">{e(f.status)}</span>" if f.status else "") + "</div>"
           if f.band or f.status else "")
        + "</div>" for f in d.figures)
    tables = ""
    for t in d.tables:
        head = "".join(f"<th>{e(c)}</th>" for c in t.columns)
        body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in t.rows)
        tables += f"<h3>{e(t.title)}</h3><div class=\"scroll\"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    return f"<section class=\"card\" id=\"delivery\"><h2 style=\"margin-top:0\">Delivery</h2><div class=\"figs\">{figs}</div>{tables}</section>"


def _segment(turn: TurnView, i: int, s: SegmentView, has_audio: bool, notes: list[Note]) -> str:
    if s.words:
        words = " ".join(f"<span data-s=\"{w.start:.2f}\" data-e=\"{w.end:.2f}\">{e(w.text)}</span>" for w in s.words)
    else:
        words = f"<span data-s=\"{s.start:.2f}\" data-e=\"{s.end:.2f}\">{e(s.text)}</span>"
    ts = fmt_ts(s.start)
    stamp = (f"<button class=\"ts\" type=\"button\" data-audio=\"a{turn.index}\" data-seek=\"{s.start:.2f}\" "
             f"title=\"Play from {ts}\">{ts}</button>" if has_audio else f"<span class=\"ts muted\">{ts}</span> ")
    marks = "".join(f" <a class=\"notemark\" href=\"#note-{n.id}\" title=\"Coach note\">note {fmt_ts(n.at_s)}</a>"
                    for n in notes if _segment_at(turn, n.at_s) == i)
    return f"<p id=\"{_seg_id(turn.index, i)}\">{stamp}{words}{marks}</p>"


def _note_item(n: Note, has_audio: bool) -> str:
    ts = fmt_ts(n.at_s)
    stamp = (f"<button class=\"ts\" type=\"button\" data-audio=\"a{n.turn}\" data-seek=\"{n.at_s:.2f}\">{ts}</button>"
             if has_audio else f"<b>{ts}</b> ")
    return f"<li id=\"note-{n.id}\">{stamp}{e(n.text)}</li>"


def _turn(turn: TurnView, audio: _Audio, number: int) -> str:
    label = turn_label(turn.kind, number)
    aimed = f"<div class=\"aim\">Aimed at: {e(turn.area)}</div>" if turn.area else ""
    psrc = audio.src(turn.prompt_audio)
    pplayer = f"<audio class=\"prompt-audio\" controls preload=\"metadata\" src=\"{e(psrc)}\"></audio>" if psrc else ""
    asrc = audio.src(turn.answer_audio)
    aplayer = (f"<audio id=\"a{turn.index}\" controls preload=\"metadata\" src=\"{e(asrc)}\" "
               f"data-transcript=\"tr{turn.index}\"></audio>" if asrc else "")
    if turn.segments:
        body = "".join(_segment(turn, i, s, bool(asrc), turn.notes) for i, s in enumerate(turn.segments))
    elif turn.transcript.strip():
        body = f"<p id=\"{_seg_id(turn.index, 0)}\">{e(turn.transcript)}</p>"
    else:
        body = "<p class=\"muted\">(no answer)</p>"
    notes = "".join(_note_item(n, bool(asrc)) for n in turn.notes)
    notes = f"<ul class=\"notes\">{notes}</ul>" if notes else ""
    info = [fmt_ts(turn.duration_s) if turn.duration_s else "", f"via {turn.via}",
            f"ended by {turn.ended_by}" if turn.ended_by not in ("answer", "") else ""]
    return (
        f"<article class=\"turn\" id=\"turn-{turn.index}\" data-turn=\"{turn.index}\">"
        f"<div class=\"prompt\"><span class=\"who\">Interviewer · turn {turn.index} · {e(label)}</span>"
        f"<p>{e(turn.prompt_text)}</p>{aimed}{pplayer}</div>"
        f"<div class=\"answer\"><span class=\"who\">Candidate</span> <span class=\"muted\">{e(' · '.join(i for i in info if i))}</span>"
        f"{aplayer}<div class=\"transcript\" id=\"tr{turn.index}\">{body}</div>{notes}</div></article>"
    )


def _group(g: QuestionGroup, audio: _Audio, number: int) -> str:
    turns = "".join(_turn(t, audio, number) for t in g.turns)
    cov = ""
    if g.follow_ups or g.uncovered or g.covered:
        fu = "".join(f"<li>{e(t.prompt_text)}" + (f" <span class=\"muted\">(aimed at: {e(t.area)})</span>" if t.area else "")
                     + "</li>" for t in g.follow_ups)
        cov += f"<h4>Follow-ups asked</h4><ul class=\"plain\">{fu}</ul>" if fu else "<h4>Follow-ups asked</h4><p class=\"muted\">None.</p>"
        if g.uncovered:
            cov += "<h4>Areas left uncovered</h4><ul class=\"plain\">" + "".join(f"<li>{e(a)}</li>" for a in g.uncovered) + "</ul>"
        elif g.covered:
            cov += "<h4>Areas left uncovered</h4><p class=\"muted\">None: every area was touched.</p>"
        cov = f"<div class=\"coverage\">{cov}</div>"
    cat = f" <span class=\"chip\">{e(g.category.replace('_', ' '))}</span>" if g.category else ""
    return (f"<section class=\"card question\" id=\"q-{number}\" data-question=\"{e(g.question_id)}\">"
            f"<h3>Question {number}{cat}</h3>{turns}{cov}</section>")


def render_html(view: ReportView, folder: Path, embed_audio: bool = False) -> str:
    audio = _Audio(Path(folder), embed_audio)
    parts = [_header(view)]
    if view.grade:
        if view.grade.summary:
            parts.append(_verdict(view, audio, view.grade))
        parts.append(_grade(view, audio, view.grade))
    else:
        parts.append("<section class=\"card\" id=\"grade\"><h2 style=\"margin-top:0\">Grade</h2>"
                     "<p class=\"muted\">This session has not been graded yet (<code>interview grade SESSION</code>).</p></section>")
    parts.append(_delivery(view))
    parts.append("<h2 id=\"turns\">The interview</h2>")
    parts += [_group(g, audio, i) for i, g in enumerate(view.groups, 1)]
    if view.session.closing_text:
        csrc = audio.src(view.session.closing_audio)
        cplayer = f"<audio class=\"prompt-audio\" controls preload=\"metadata\" src=\"{e(csrc)}\"></audio>" if csrc else ""
        parts.append(f"<section class=\"card\"><span class=\"who\">Interviewer · closing</span>"
                     f"<p><i>{e(view.session.closing_text)}</i></p>{cplayer}</section>")
    if view.notes:
        # Each note links to its line of the transcript, and seeks the answer there when it has audio;
        # a note on the whole session links nowhere.
        items = "".join(
            (f"<li>{_seek_link(view, audio, n.turn, n.at_s, e(fmt_moment(n.turn, n.at_s).capitalize()), 'quote')}"
             if n.turn is not None else "<li><b>Session</b>") + f" — {e(n.text)}</li>"
            for n in view.notes)
        parts.append(f"<section class=\"card\" id=\"notes\"><h2 style=\"margin-top:0\">Coach notes</h2><ul class=\"plain\">{items}</ul></section>")
    if view.events:
        items = "".join(f"<tr><td class=\"n\">{e(fmt_date(at, seconds=True))}</td><td>{e(k)}</td><td>{e(m)}</td></tr>"
                        for at, k, m in view.events)
        parts.append(f"<section class=\"card\" id=\"events\"><h2 style=\"margin-top:0\">Session log</h2>"
                     f"<div class=\"scroll\"><table><tbody>{items}</tbody></table></div></section>")
    if view.earlier_grades:
        rows = "".join(f"<tr><td>{e(fmt_date(g.created_at))}</td><td>{e(g.rubric)}</td><td>{e(g.level)}</td>"
                       f"<td>{e(g.brain)}</td><td class=\"n\">{g.overall}</td><td>{e(g.recommendation)}</td></tr>"
                       for g in view.earlier_grades)
        parts.append("<section class=\"card\" id=\"earlier\"><h2 style=\"margin-top:0\">Earlier grades</h2><div class=\"scroll\"><table>"
                     "<thead><tr><th>When</th><th>Rubric</th><th>Level</th><th>Brain</th><th class=\"n\">Overall</th>"
                     f"<th>Recommendation</th></tr></thead><tbody>{rows}</tbody></table></div></section>")
    where = "embedded in this page" if embed_audio else "in the audio/ folder next to this page: keep the folder together"
    parts.append(f"<footer>Generated {e(now_iso())} · audio {where}.</footer>")
    return page(f"Interview report · {view.title}", "\n".join(p for p in parts if p))
