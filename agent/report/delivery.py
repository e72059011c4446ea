"""Delivery figures (pace, fillers, pauses, talk time) with the bands coaches usually quote.

`session.delivery` is a free-form dict written by the grader, so this reads whatever keys are there:
known ones get a label, a unit and a band; unknown scalars are shown as they are; lists of dicts
(per-answer figures) become tables. Bands given by the grader itself (`bands`) win over ours.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any


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
    band: str | None = None
    status: str | None = None  # ok | low | high, when a band applies


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


# (key fragments, label, unit, band). First match wins, so the more specific fragments come first.
_KNOWN: list[tuple[tuple[str, ...], str, str, Band | None]] = [
    (("filler",), "Fillers per minute", "/min", Band(None, 3, "at most 3 per minute")),
    (("wpm", "words_per_min"), "Pace", "wpm", Band(130, 160, "130–160 wpm")),
    (("long_pause", "pauses_over"), "Long pauses (over 2 s)", "", None),
    (("longest_pause",), "Longest pause", "s", Band(None, 5, "under 5 s")),
    (("talk_share", "share", "talk_ratio"), "Candidate's share of talk time", "%", Band(60, 85, "60–85 %")),
    (("talk_time", "speaking_time"), "Candidate talk time", "s", None),
    (("answer_length", "mean_answer", "avg_answer", "answer_s"), "Average answer length", "s",
     Band(60, 180, "1–3 min")),
]

_SKIP = {"bands", "fillers", "filler_words"}  # shown differently or not at all


def _human(key: str) -> str:
    key = key.removesuffix("_s") if key.endswith("_s") and len(key) > 2 else key
    return key.replace("_", " ").strip().capitalize()


def _known(key: str) -> tuple[str, str, Band | None] | None:
    k = key.lower()
    for frags, label, unit, band in _KNOWN:
        if any(f in k for f in frags):
            if "per_min" in k and "filler" not in k and "wpm" not in k and "words" not in k:
                continue
            return label, unit, band
    return None


def _num(v: Any) -> float | None:
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


def fmt_value(v: Any, unit: str = "", key: str = "") -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    n = _num(v)
    if n is None:
        if isinstance(v, (list, tuple)):
            return ", ".join(fmt_value(x) for x in v[:12]) + (" …" if len(v) > 12 else "")
        if isinstance(v, dict):
            return ", ".join(f"{k} {fmt_value(x)}" for k, x in list(v.items())[:12])
        return str(v)
    if unit == "%":
        pct = n * 100 if n <= 1 else n
        return f"{pct:.0f} %"
    if unit == "s" or key.endswith("_s"):
        if n >= 90:
            m, s = divmod(int(round(n)), 60)
            return f"{m}:{s:02d} min"
        return f"{n:.1f} s"
    text = f"{n:.0f}" if (n == int(n) or abs(n) >= 100) else f"{n:.1f}"
    return f"{text} {unit}".strip()


def _band_status(v: Any, unit: str, band: Band | None) -> str | None:
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


def _grader_band(raw: Any) -> Band | None:
    if isinstance(raw, (list, tuple)) and len(raw) == 2:
        lo, hi = _num(raw[0]), _num(raw[1])
        return Band(lo, hi, f"{fmt_value(lo) if lo is not None else '…'}–{fmt_value(hi) if hi is not None else '…'}")
    if isinstance(raw, dict):
        lo, hi = _num(raw.get("low", raw.get("min"))), _num(raw.get("high", raw.get("max")))
        text = raw.get("text") or raw.get("label") or f"{lo if lo is not None else '…'}–{hi if hi is not None else '…'}"
        return Band(lo, hi, str(text))
    if isinstance(raw, str):
        return Band(None, None, raw)
    return None


def _figure(key: str, v: Any, bands: dict[str, Any], prefix: str = "") -> DeliveryFigure:
    known = _known(key)
    label, unit, band = known if known else (_human(key), "", None)
    if key in bands:
        band = _grader_band(bands[key]) or band
    return DeliveryFigure(prefix + key, (prefix.replace(".", " ").capitalize() + label) if prefix else label,
                          fmt_value(v, unit, key), band.text if band else None, _band_status(v, unit, band))


def _table(key: str, rows: list[dict[str, Any]]) -> DeliveryTable:
    columns: list[str] = []
    for r in rows:
        for k in r:
            if k not in columns:
                columns.append(k)
    body = []
    for r in rows:
        cells = []
        for c in columns:
            known = _known(c)
            cells.append(fmt_value(r[c], known[1] if known else "", c) if c in r else "")
        body.append(cells)
    return DeliveryTable(_human(key), [(_known(c) or (_human(c),))[0] for c in columns], body)


def delivery_figures(delivery: dict[str, Any] | None) -> Delivery:
    if not delivery:
        return Delivery([], [])
    bands = delivery.get("bands") if isinstance(delivery.get("bands"), dict) else {}
    figures: list[DeliveryFigure] = []
    tables: list[DeliveryTable] = []
    for key, v in delivery.items():
        if key in _SKIP or v is None:
            continue
        if isinstance(v, list) and v and all(isinstance(r, dict) for r in v):
            tables.append(_table(key, v))
        elif isinstance(v, dict) and all(not isinstance(x, (dict, list)) for x in v.values()) \
                and any(_num(x) is not None for x in v.values()) and key in ("session", "overall", "total"):
            figures.extend(_figure(k, x, bands) for k, x in v.items() if x is not None)
        elif isinstance(v, dict) and v and all(isinstance(x, dict) for x in v.values()):
            rows = [{"": k, **x} for k, x in v.items()]
            tables.append(_table(key, rows))
        else:
            figures.append(_figure(key, v, bands))
    fillers = delivery.get("fillers") or delivery.get("filler_words")
    if isinstance(fillers, dict) and fillers:
        top = sorted(fillers.items(), key=lambda kv: (-(_num(kv[1]) or 0), kv[0]))[:8]
        figures.append(DeliveryFigure("fillers", "Most frequent fillers",
                                      ", ".join(f"“{k}” × {fmt_value(n)}" for k, n in top)))
    elif isinstance(fillers, list) and fillers:
        figures.append(DeliveryFigure("fillers", "Fillers heard", fmt_value(fillers)))
    return Delivery(figures, tables)
