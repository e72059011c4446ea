"""Inline SVG charts: the scorecard (score, weight and level bar per signal) and trend lines.

Plain strings, no library: the report must stay one self-contained file. Every text that reaches
the SVG goes through html.escape, rubric names included, because a coach may load a custom rubric.
"""
from __future__ import annotations

from html import escape

from agent.report.view import GradeSummary, SignalRow, score_status

COLORS = {"ok": "#2f7d4f", "near": "#b7791f", "low": "#c0392b", "none": "#9aa0a6"}
# viewBox width, small enough that 12px text stays legible when a phone scales the chart down.
W = 360
BW = W - 72  # bar width; the numbers sit to its right, so long signal names never collide with them
ROW = 40


def _short(name: str, limit: int = 50) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _bar_row(y: float, label: str, right: str, score: int | None, bar: int | None, bar_label: str,
             status: str, height: int = 12, bold: bool = False) -> list[str]:
    width = (score or 0) / 100 * BW if status != "none" else 0
    weight = ' font-weight="700"' if bold else ""
    by = y + 19
    out = [
        f'<text x="0" y="{y + 13}" class="lbl"{weight}>{escape(_short(label))}</text>',
        f'<rect x="0" y="{by}" width="{BW}" height="{height}" rx="3" class="track"/>',
        f'<rect x="0" y="{by}" width="{width:.1f}" height="{height}" rx="3" fill="{COLORS[status]}"/>',
        f'<text x="{W}" y="{by + height - 2}" text-anchor="end" class="num"{weight}>{escape(right)}</text>',
    ]
    if bar is not None:
        bx = bar / 100 * BW
        out.append(f'<line x1="{bx:.1f}" y1="{by - 4}" x2="{bx:.1f}" y2="{by + height + 4}" class="bar">'
                   f'<title>{escape(bar_label)}</title></line>')
    return out


def _score_text(row: SignalRow) -> str:
    if row.score is None:
        return "n/g"
    return str(row.score) if row.assessed else "n/a"


def scorecard_svg(grade: GradeSummary) -> str:
    """Overall score against every level's bar, then one bar per signal against the session's bar."""
    parts: list[str] = []
    session_bar = grade.session_bar.min_overall if grade.session_bar else None
    parts += _bar_row(0, "Overall", f"{grade.overall}/100", grade.overall, session_bar,
                      f"{grade.level} bar", score_status(grade.overall, session_bar), height=16, bold=True)
    # Ticks under the overall bar for each level's bar, so the distance to the next level is visible.
    ty = 19 + 16
    prev_x, row = -999.0, 0
    for m in sorted(grade.level_marks, key=lambda m: m.min_overall):
        x = m.min_overall / 100 * BW
        row = (1 - row) if x - prev_x < 62 else 0  # alternate rows when neighbours would collide
        prev_x = x
        anchor = "end" if x > BW - 25 else ("start" if x < 25 else "middle")
        cls = "tick cur" if m.level == grade.level else "tick"
        parts.append(f'<line x1="{x:.1f}" y1="{ty}" x2="{x:.1f}" y2="{ty + 4 + 12 * row}" class="bar"/>')
        parts.append(f'<text x="{x:.1f}" y="{ty + 14 + 12 * row}" text-anchor="{anchor}" class="{cls}">'
                     f'{escape(m.level)} {m.min_overall}</text>')
    y = ty + (38 if grade.level_marks else 10)
    for r in grade.signals:
        parts += _bar_row(y, r.name, f"{_score_text(r)} · {r.weight}%", r.score, r.bar,
                          f"{grade.level} bar {r.bar}" if r.bar is not None else "", r.status)
        y += ROW
    legend = "right: score · weight"
    if grade.session_bar:
        legend += f"; dashed line: the {grade.level} bar ({grade.session_bar.min_overall})"
    parts.append(f'<text x="0" y="{y + 8}" class="tick">{escape(legend)}</text>')
    y += 14
    label = escape(f"Scorecard: overall {grade.overall} of 100; "
                   + "; ".join(f"{r.name} {_score_text(r)}, weight {r.weight}%" for r in grade.signals))
    return (f'<svg class="chart" viewBox="-2 -2 {W + 4} {y + 6:.0f}" role="img" aria-label="{label}" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>')


def trend_svg(series: dict[str, list[int | None]], labels: list[str], height: int = 220) -> str:
    """Line chart of scores (0-100) per series across sessions, for the history page."""
    n = len(labels)
    left, right, top, bottom = 30, 14, 10, 36
    w, h = 640, height
    pw, ph = w - left - right, h - top - bottom
    palette = ["#1f5fbf", "#2f7d4f", "#b7791f", "#8e44ad", "#c0392b", "#16808a", "#555"]

    def xy(i: int, v: int) -> tuple[float, float]:
        x = left + (pw * i / (n - 1) if n > 1 else pw / 2)
        return x, top + ph * (1 - v / 100)

    out = []
    for g in (0, 25, 50, 75, 100):
        _, gy = xy(0, g)
        out.append(f'<line x1="{left}" y1="{gy:.1f}" x2="{w - right}" y2="{gy:.1f}" class="grid"/>'
                   f'<text x="{left - 4}" y="{gy + 4:.1f}" text-anchor="end" class="tick">{g}</text>')
    every = max(1, -(-n // 6))  # at most about six labels, so they never overlap
    for i, lab in enumerate(labels):
        if i % every and i != n - 1:
            continue
        x, _ = xy(i, 0)
        anchor = "middle" if n == 1 or 0 < i < n - 1 else ("start" if i == 0 else "end")
        date, _, time = lab.partition(" ")  # "2026-05-01 10:00": the date over the time
        out.append(f'<text x="{x:.1f}" y="{h - 18}" text-anchor="{anchor}" class="tick">{escape(date)}'
                   f'<tspan x="{x:.1f}" dy="12">{escape(time)}</tspan></text>')
    for k, (name, values) in enumerate(series.items()):
        color = palette[k % len(palette)]
        width = 4 if k == 0 else 2.5  # the first series (the overall score) stands out
        run: list[tuple[float, float]] = []
        for i, v in enumerate([*values, None]):  # a gap (None) ends a line: none is drawn across it
            if v is not None:
                run.append(xy(i, v))
                continue
            if len(run) > 1:
                d = " ".join(f"{x:.1f},{y:.1f}" for x, y in run)
                out.append(f'<polyline points="{d}" fill="none" stroke="{color}" stroke-width="{width}"/>')
            run = []
        for i, v in enumerate(values):
            if v is not None:
                x, y = xy(i, v)
                out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{color}">'
                           f'<title>{escape(name)}, {escape(labels[i])}: {v}</title></circle>')
    legend = "".join(
        f'<span class="key"><i style="background:{palette[k % len(palette)]}"></i>{escape(name)}</span>'
        for k, name in enumerate(series))
    return (f'<svg class="chart trend" viewBox="0 0 {w} {h}" role="img" aria-label="Scores across sessions" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(out)}</svg><div class="legend">{legend}</div>')
