"""Delivery figures (pace, fillers, pauses, talk time) with the bands coaches usually quote.

`session.delivery` is a dict written by the grader (agent.grading.delivery: session figures, an
`answers` list, and `bands` holding its verdict per figure such as "good" or "distracting"). This
reads whatever keys are there: known ones get a label, a unit and the target band; the grader's
verdict, when given, is shown as the figure's status; unknown scalars are shown as they are; lists
of dicts (per-answer figures) become tables.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agent.report.timefmt import fmt_ts


@dataclass(frozen=True)
class Band:
    low: float | None
    high: float | None
    text: str


@dataclass(frozen=True)
class DeliveryFigure:
    key: str
    label: str
    value: str
    band: str | None = None  # the target, e.g. "130–160 wpm"
    status: str | None = None  # the verdict shown beside it, e.g. "good", "fast", "distracting"
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
    band: Band | None = None
    verdict: str | None = None  # the key of the grader's verdict in `bands` ("" for none)


# Bands match agent.grading.delivery (130-160 wpm, at most 3 fillers a minute, 60-80 % talk share,
# main answers of 30 s to 3 min), so the target printed is the one the verdict was made against.
_PACE = Known("Pace", "wpm", Band(130, 160, "130–160 wpm"), "wpm")
_FILLER_RATE = Known("Fillers per minute", "/min", Band(None, 3, "at most 3 a minute"), "fillers")
_SHARE = Known("Candidate's share of talk time", "%", Band(60, 80, "60–80 %"), "talk_share")
_KNOWN: dict[str, Known] = {
    "wpm": _PACE, "words_per_minute": _PACE,
    "fillers_per_min": _FILLER_RATE, "fillers_per_minute": _FILLER_RATE,
    "fillers": Known("Fillers heard"),
    "long_pauses": Known("Long pauses (over 2 s)"),
    "longest_pause_s": Known("Longest pause", "s"),
    "candidate_talk_s": Known("Candidate talk time", "s"), "talk_time_s": Known("Candidate talk time", "s"),
    "interviewer_talk_s": Known("Interviewer talk time", "s"),
    "talk_share": _SHARE,
    "words": Known("Words spoken"),
    "speaking_s": Known("Speaking time", "s"),
}
# Verdicts with no figure of their own in the session dict.
_VERDICT_ONLY: dict[str, Known] = {
    "answer_length": Known("Length of main answers", "", Band(30, 180, "30 s – 3 min"), "answer_length"),
}
_COLUMNS = {"turn": "Turn", "kind": "Kind", "words": "Words", "speaking_s": "Speaking", "duration_s": "Length",
            "wpm": "Pace (wpm)", "fillers": "Fillers", "fillers_per_min": "Fillers/min", "long_pauses": "Long pauses"}
_COUNTS = ("filler_counts", "filler_words")  # {filler: count}, shown as the most frequent ones


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
        return f"{n * 100 if n <= 1 else n:.0f} %"
    if unit == "s" or key.endswith("_s"):
        if n >= 90:
            m, s = divmod(int(round(n)), 60)
            return f"{m}:{s:02d} min"
        return f"{n:.1f} s"
    text = f"{n:.0f}" if (n == int(n) or abs(n) >= 100) else f"{n:.1f}"
    return f"{text} {unit}".strip()


def _range_band(raw: Any) -> Band | None:
    """A grader band given as a range ([lo, hi] or {low, high}) rather than a verdict."""
    if isinstance(raw, (list, tuple)) and len(raw) == 2:
        lo, hi = _num(raw[0]), _num(raw[1])
    elif isinstance(raw, dict):
        lo, hi = _num(raw.get("low", raw.get("min"))), _num(raw.get("high", raw.get("max")))
    else:
        return None
    return Band(lo, hi, f"{fmt_value(lo) if lo is not None else '…'}–{fmt_value(hi) if hi is not None else '…'}")


def _tone(verdict: str) -> str | None:
    v = verdict.lower()
    if v.startswith("n/a"):
        return None
    return "ok" if v.startswith(("good", "ok")) else "warn"


def _computed(v: Any, unit: str, band: Band | None) -> str | None:
    n = _num(v)
    if n is None or band is None:
        return None
    if unit == "%" and n <= 1:
        n *= 100
    if band.low is not None and n < band.low:
        return "low"
    if band.high is not None and n > band.high:
        return "high"
    return "ok"


def _figure(key: str, v: Any, known: Known | None, bands: dict[str, Any]) -> DeliveryFigure:
    k = known or Known(_human(key))
    band = k.band
    verdict_raw = bands.get(key if k.verdict is None else k.verdict) if k.verdict != "" else None
    if _range_band(verdict_raw):
        band, verdict_raw = _range_band(verdict_raw), None
    if isinstance(verdict_raw, str):
        verdict = verdict_raw.split(" (")[0]  # "good (130-160 wpm)": the target is shown separately
        return DeliveryFigure(key, k.label, fmt_value(v, k.unit, key), band.text if band else None, verdict, _tone(verdict))
    status = _computed(v, k.unit, band)
    return DeliveryFigure(key, k.label, fmt_value(v, k.unit, key), band.text if band else None, status,
                          None if status is None else ("ok" if status == "ok" else "warn"))


def _table(key: str, rows: list[dict[str, Any]]) -> DeliveryTable:
    columns: list[str] = []
    for r in rows:
        columns += [c for c in r if c not in columns]
    def cell(v: Any, c: str) -> str:
        return v.replace("_", "-") if isinstance(v, str) else fmt_value(v, "s" if c.endswith("_s") else "", c)

    body = [[cell(r[c], c) if c in r else "" for c in columns] for r in rows]
    title = "Per answer" if key == "answers" else _human(key)
    return DeliveryTable(title, [_COLUMNS.get(c, _human(c)) for c in columns], body)


def delivery_figures(delivery: dict[str, Any] | None) -> Delivery:
    if not delivery:
        return Delivery([], [])
    bands = delivery.get("bands") if isinstance(delivery.get("bands"), dict) else {}
    figures: list[DeliveryFigure] = []
    tables: list[DeliveryTable] = []
    used_verdicts: set[str] = set()
    for key, v in delivery.items():
        if key in ("bands", *_COUNTS):
            continue
        if isinstance(v, list) and v and all(isinstance(r, dict) for r in v):
            tables.append(_table(key, v))
        elif isinstance(v, dict) and v and all(isinstance(x, dict) for x in v.values()):
            tables.append(_table(key, [{"": k, **x} for k, x in v.items()]))
        elif isinstance(v, dict) and key in ("session", "overall", "total"):
            for k, x in v.items():
                figures.append(_figure(k, x, _KNOWN.get(k), bands))
                used_verdicts.add((_KNOWN.get(k) or Known("")).verdict or k)
        else:
            known = _KNOWN.get(key)
            if key == "fillers" and "fillers_per_min" in delivery and known:
                known = Known(known.label, verdict="")  # the total; the verdict belongs to the rate
            figures.append(_figure(key, v, known, bands))
            used_verdicts.add((known.verdict if known and known.verdict else key))
    for key, known in _VERDICT_ONLY.items():
        if isinstance(bands.get(key), str) and key not in used_verdicts:
            verdict = bands[key].split(" (")[0]
            figures.append(DeliveryFigure(key, known.label, verdict, known.band.text if known.band else None,
                                          None, _tone(verdict)))
    counts = next((delivery[k] for k in _COUNTS if isinstance(delivery.get(k), dict)), None)
    if counts:
        top = sorted(counts.items(), key=lambda kv: (-(_num(kv[1]) or 0), kv[0]))[:8]
        figures.append(DeliveryFigure("filler_counts", "Most frequent fillers",
                                      ", ".join(f"“{k}” × {fmt_value(n)}" for k, n in top)))
    # The figures with a target first: those are the ones a candidate can act on.
    figures.sort(key=lambda f: f.band is None)
    return Delivery(figures, tables)
