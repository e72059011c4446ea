"""Delivery figures (pace, fillers, pauses, talk time) beside the targets they were judged against.

`session.delivery` is the dict agent.grading.delivery writes: session figures, an `answers` list
(shown as a table) and `bands`, the grader's verdict per figure ("good", "fast", "distracting").
Known figures get a label, a unit and the grader's own target band; any other scalar is shown as
it is, so a figure the grader adds later still reaches the report.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agent.grading.delivery import ANSWER_S_BAND, FILLERS_PER_MIN_OK, TALK_SHARE_BAND, WPM_BAND
from agent.report.timefmt import fmt_ts


@dataclass(frozen=True)
class DeliveryFigure:
    label: str
    value: str
    band: str | None = None  # the target, e.g. "130–160 wpm"
    status: str | None = None  # the grader's verdict shown beside it, e.g. "good", "fast", "distracting"
    tone: str | None = None  # ok | warn: how the verdict is coloured


@dataclass(frozen=True)
class DeliveryTable:
    title: str
    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Delivery:
    figures: list[DeliveryFigure]
    tables: list[DeliveryTable]

    def __bool__(self) -> bool:
        return bool(self.figures or self.tables)


@dataclass(frozen=True)
class Known:
    label: str
    unit: str = ""
    band: str | None = None  # the target, from the grader's own constants
    verdict: str | None = None  # the key of the grader's verdict in `bands`


def _n(x: float) -> str:
    return f"{x:g}"


_KNOWN: dict[str, Known] = {
    "wpm": Known("Pace", "wpm", f"{_n(WPM_BAND[0])}–{_n(WPM_BAND[1])} wpm", "wpm"),
    "fillers_per_min": Known("Fillers per minute", "/min", f"at most {_n(FILLERS_PER_MIN_OK)} a minute", "fillers"),
    "fillers": Known("Fillers heard"),  # the total; the grader's verdict is on the rate
    "long_pauses": Known("Long pauses (over 2 s)"),
    "longest_pause_s": Known("Longest pause", "s"),
    "candidate_talk_s": Known("Candidate talk time", "s"),
    "interviewer_talk_s": Known("Interviewer talk time", "s"),
    "talk_share": Known("Candidate's share of talk time", "%",
                        f"{_n(TALK_SHARE_BAND[0] * 100)}–{_n(TALK_SHARE_BAND[1] * 100)} %", "talk_share"),
    "words": Known("Words spoken"),
    "speaking_s": Known("Speaking time", "s"),
}
# A verdict with no figure of its own in the session dict.
_ANSWER_LENGTH = Known("Length of main answers", band=f"{_n(ANSWER_S_BAND[0])} s – {_n(ANSWER_S_BAND[1] / 60)} min",
                       verdict="answer_length")
_COLUMNS = {"turn": "Turn", "kind": "Kind", "words": "Words", "speaking_s": "Speaking", "duration_s": "Length",
            "wpm": "wpm", "fillers": "Fillers", "fillers_per_min": "Fillers/min", "long_pauses": "Pauses"}
# The per-answer table keeps what a candidate acts on, few and narrow enough for a phone (390 px);
# the fillers heard and each pause's moment are in the session figures and the transcript.
_ANSWER_COLUMNS = ("turn", "duration_s", "wpm", "fillers_per_min", "long_pauses")
# Figures that repeat another under a second name: speaking time is the candidate's talk time.
_SAME_AS = {"speaking_s": "candidate_talk_s"}


def _human(key: str) -> str:
    key = key.removesuffix("_s") if key.endswith("_s") and len(key) > 2 else key
    return key.replace("_", " ").strip().capitalize()


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def fmt_value(v: Any, unit: str = "", key: str = "") -> str:
    if v is None:
        return "—"
    if isinstance(v, bool):
        return "yes" if v else "no"
    n = _num(v)
    if n is None:
        if isinstance(v, (list, tuple)):
            if not v:
                return "none"
            if all(isinstance(x, dict) and "at_s" in x for x in v):  # pauses: where and how long
                return ", ".join(f"{fmt_ts(x['at_s'])} ({fmt_value(x.get('duration_s'), 's')})" for x in v[:8])
            if all(isinstance(x, dict) for x in v):
                return str(len(v))
            return ", ".join(fmt_value(x) for x in v[:12]) + (" …" if len(v) > 12 else "")
        if isinstance(v, dict):
            return ", ".join(f"{k} {fmt_value(x)}" for k, x in list(v.items())[:12]) or "none"
        return str(v)
    if unit == "%":
        return f"{n * 100:.0f} %"  # a share, 0-1
    if unit == "s" or key.endswith("_s"):
        if n >= 90:
            m, s = divmod(int(round(n)), 60)
            return f"{m}:{s:02d} min"
        return f"{n:.1f} s"
    text = f"{n:.0f}" if (n == int(n) or abs(n) >= 100) else f"{n:.1f}"
    return f"{text} {unit}".strip()


def _tone(verdict: str) -> str | None:
    v = verdict.lower()
    if v.startswith("n/a"):
        return None
    return "ok" if v.startswith(("good", "ok")) else "warn"


def _figure(key: str, v: Any, bands: dict[str, Any]) -> DeliveryFigure:
    k = _KNOWN.get(key) or Known(_human(key))
    verdict = bands.get(k.verdict) if k.verdict else None
    if not isinstance(verdict, str):
        return DeliveryFigure(k.label, fmt_value(v, k.unit, key), k.band)
    verdict = verdict.split(" (")[0]  # "good (130-160 wpm)": the target is shown separately
    return DeliveryFigure(k.label, fmt_value(v, k.unit, key), k.band, verdict, _tone(verdict))


def _table(key: str, rows: list[dict[str, Any]]) -> DeliveryTable:
    columns: list[str] = []
    for r in rows:
        columns += [c for c in r if c not in columns]
    if key == "answers":
        columns = [c for c in _ANSWER_COLUMNS if c in columns]

    def cell(v: Any, c: str) -> str:
        if c == "long_pauses" and isinstance(v, list):
            return str(len(v))
        return v.replace("_", "-") if isinstance(v, str) else fmt_value(v, "s" if c.endswith("_s") else "", c)

    body = [[cell(r[c], c) if c in r else "" for c in columns] for r in rows]
    title = "Per answer" if key == "answers" else _human(key)
    return DeliveryTable(title, [_COLUMNS.get(c, _human(c)) for c in columns], body)


def delivery_figures(delivery: dict[str, Any] | None) -> Delivery:
    if not delivery:
        return Delivery([], [])
    bands = delivery.get("bands") or {}
    figures: list[DeliveryFigure] = []
    tables: list[DeliveryTable] = []
    for key, v in delivery.items():
        if key in ("bands", "filler_counts") or _SAME_AS.get(key) in delivery:
            continue
        if isinstance(v, list) and v and all(isinstance(r, dict) for r in v):
            tables.append(_table(key, v))
        else:
            figures.append(_figure(key, v, bands))
    length = bands.get(_ANSWER_LENGTH.verdict)
    if isinstance(length, str):
        verdict = length.split(" (")[0]
        figures.append(DeliveryFigure(_ANSWER_LENGTH.label, verdict, _ANSWER_LENGTH.band, None, _tone(verdict)))
    counts = delivery.get("filler_counts")
    if counts:  # {filler: count}, the most frequent first
        top = sorted(counts.items(), key=lambda kv: (-(_num(kv[1]) or 0), kv[0]))[:8]
        figures.append(DeliveryFigure("Most frequent fillers", ", ".join(f"“{k}” × {fmt_value(n)}" for k, n in top)))
    # The figures with a target first: those are the ones a candidate can act on.
    figures.sort(key=lambda f: f.band is None)
    return Delivery(figures, tables)
