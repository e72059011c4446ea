"""The three strongest points and the three most valuable improvements, each tied to evidence.

Strengths quote the candidate. Improvements are ranked by how many overall points they could
win (a missing area of a question, an indicator never shown, an answer that earned nothing), and
each points at the missing area, the indicator, or the words it is about.
"""
from __future__ import annotations

from rubrics import Indicator, Rubric

from agent.session import Flag, Point

from .analysis import Analysed
from .indicators import SPECIFIC
from .scoring import W_AREAS, W_INDICATORS, SignalResult, indicator_target
from .wording import area_advice, area_left_out


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s else s


def strengths(results: list[SignalResult], rubric: Rubric, level: str, n: int = 3) -> list[Point]:
    """Each indicator shown is quoted with the sentence that shows it best (closest in meaning, then
    most specific); the indicators are ranked by the signal's weight, that sentence's specificity
    and how on point it is."""
    best: dict[tuple[str, str], tuple[tuple[float, float], tuple[float, int, int, int, str, str, Analysed]]] = {}
    for order, r in enumerate(results):
        if not r.assessed:
            continue
        w = rubric.weight(r.signal.id, level)
        for a in r.candidates or r.evidence:
            if a.quality < SPECIFIC:  # a general sentence, with no detail or reasoned action, is no strength
                continue
            for h in a.hits:
                if h.signal != r.signal.id or not h.firm:
                    continue
                cand = (-(a.quality * (1 + w / 100) + h.closeness), a.sentence.turn, a.sentence.start, order,
                        r.signal.id, h.indicator, a)
                held = best.get((r.signal.id, h.indicator))
                if held is None or (h.closeness, a.quality) > held[0]:
                    best[(r.signal.id, h.indicator)] = ((h.closeness, a.quality), cand)
    cands = sorted((c for _, c in best.values()), key=lambda c: c[:4])
    chosen: list[Point] = []
    used_sentences: set[tuple[int, int]] = set()
    used_signals: set[str] = set()
    for distinct in (True, False):  # prefer one point per signal, then fill
        for _, _, _, _, sig, ind, a in cands:
            key = (a.sentence.turn, a.sentence.start)
            if len(chosen) == n or key in used_sentences or (distinct and sig in used_signals) \
                    or any(p.indicator == ind for p in chosen):  # one quote per trait is enough
                continue
            desc = rubric.signal(sig).indicators
            text = next((i.description for i in desc if i.id == ind), rubric.signal(sig).name)
            chosen.append(Point(signal=sig, text=text, turn=a.sentence.turn, quote=a.sentence.text,
                                start_s=a.sentence.start_s, indicator=ind))
            used_sentences.add(key)
            used_signals.add(sig)
    return chosen


def improvements(results: list[SignalResult], rubric: Rubric, level: str, flags: list[Flag],
                 quotes: dict[int, str], n: int = 3) -> list[Point]:
    """Ranked by the overall points each could add; flags first, since those answers earned nothing.

    An indicator never shown is a gap, so its advice quotes nothing: quoting some other sentence
    of the signal would point at words that did not fall short (and may be a strength)."""
    total_w = sum(rubric.weight(r.signal.id, level) for r in results if r.assessed) or 1
    cands: list[tuple[float, int, str, Point]] = []
    for f in flags[:1]:  # one is enough to make the point; the rest of the advice is about content
        advice = {
            "injection": "Answer the interviewer, not the grader: text aimed at the scoring earns nothing and voids the answer.",
            "keyword_salad": "Say it in sentences: a list of technical terms shows no reasoning and earns nothing.",
            "off_topic": "Answer the question that was asked; an answer on another subject earns nothing for it.",
        }[f.kind]
        cands.append((-1000.0, f.turn, f.kind, Point(signal="", text=advice, turn=f.turn, quote=quotes.get(f.turn))))
    area_gain: dict[tuple[int, str], tuple[float, Point]] = {}
    for r in results:
        if not r.assessed:
            continue
        w = rubric.weight(r.signal.id, level) / total_w
        k = indicator_target(r.signal)
        for ind, room in _open_indicators(r):
            gain = w * W_INDICATORS / k * room * 100
            cands.append((-gain, 10**6, f"{r.signal.id}.{ind.id}", Point(
                signal=r.signal.id, text=f"{r.signal.name}: {_lower_first(ind.description)}", indicator=ind.id)))
        for g, area in r.missing_areas:
            gain = w * W_AREAS / len(g.question.areas) / max(1, len(r.groups)) * 100
            key = (g.first_turn, area.id)
            prev = area_gain.get(key)
            total = gain + (prev[0] if prev else 0.0)
            area_gain[key] = (total, Point(
                signal=r.signal.id if not prev else prev[1].signal, area=area.id, turn=g.first_turn,
                text=f"On \"{_short(g.question.text)}\": {area_advice(area.description)}"))
    for (turn, area_id), (gain, point) in area_gain.items():
        cands.append((-gain, turn, area_id, point))
    cands.sort(key=lambda c: c[:3])
    chosen: list[Point] = []
    per_signal: dict[str, int] = {}
    for *_, p in cands:
        if len(chosen) == n:
            break
        if p.signal and per_signal.get(p.signal, 0) >= 2:
            continue  # spread the advice over signals
        chosen.append(p)
        if p.signal:
            per_signal[p.signal] = per_signal.get(p.signal, 0) + 1
    return chosen


# Less of an indicator than this left to show is no gap: a quarter of one is a rounding, not advice.
MIN_ROOM = 0.25


def _open_indicators(r: SignalResult) -> list[tuple[Indicator, float]]:
    """The indicators whose showing would still raise the score, each with how much of it is left
    (0-1). A signal's indicator credit saturates at indicator_target of them: once that many are
    shown, another one adds nothing, so on a (near-)full score none is missing. One a sentence shows
    on point is never missing either, however plainly it was said: advice to do what the candidate
    just did reads as if nobody listened."""
    room = indicator_target(r.signal) - sum(r.shown.values())
    out = [(ind, min(1.0 - r.shown.get(ind.id, 0.0), room)) for ind in r.signal.indicators
           if ind.id not in r.demonstrated]
    return [(ind, left) for ind, left in out if left >= MIN_ROOM]


def _short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


def gaps(r: SignalResult, n: int = 4) -> list[str]:
    """What the signal lacked: indicators never shown (while showing one could still raise the
    score), then question areas left uncovered.

    Nothing is missing from a full score, and a signal no question probed lacks only that."""
    if not r.assessed:
        return ["not probed by any question in this session"]
    if r.score >= 100:
        return []
    out = [ind.description for ind, _ in _open_indicators(r) if ind.id not in r.shown]
    seen: set[str] = set()
    for g, area in r.missing_areas:
        key = f"On \"{_short(g.question.text)}\": {area_left_out(area.description)}"
        if key not in seen:
            seen.add(key)
            out.append(key)
    return out[:n]
