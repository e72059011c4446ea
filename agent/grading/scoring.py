"""From analysed answers to numbers: per-signal scores, the weighted overall, the recommendation.

A signal is scored per question that probes it, then averaged, so every answered question is an
opportunity; a skipped one is reported as skipped rather than averaged in as a zero. Within a question the score is built only from credited
sentences: indicators shown (each counted once, however often repeated), the question's areas
covered, and how specific the evidence is. No evidence, no score: length alone adds nothing.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from agent.meaning.areas import is_story_question
from question_flows import Area
from rubrics import LEVELS, Rubric, Signal

from .analysis import Analysed, TurnAnalysis
from .indicators import SPECIFIC
from .questions import QuestionInfo
from .story import StoryShape, story_shape
from .wording import abstract_share, variety

W_INDICATORS, W_AREAS, W_SPECIFIC, W_DEPTH = 0.30, 0.35, 0.15, 0.20
DEPTH_TARGET = 4  # specific sentences on a question that make a full answer: one line is not depth
SPECIFIC_KINDS = 4  # of the five: number, named_system, named, action, reason
RELEVANCE_FLOOR = 0.4
RECOMMENDATIONS = ("strong no hire", "no hire", "hire", "strong hire")
STRONG_MARGIN = 12  # points over the level bar for "strong hire"
NO_HIRE_MARGIN = 15  # points under the bar still "no hire" rather than "strong no hire"
# A behavioral answer is also heard as a story (situation, own action, numbered result, change
# afterwards): that shape is this share of its score, and a vague story keeps VAGUE_FACTOR of it.
W_STORY = 0.3
VAGUE_FACTOR = 0.55
PLAIN_AREA = 0.5  # an area covered only in general words counts half
ABSTRACT_WEIGHT = 1.5  # the score shrinks by this times the share of process words ("tradeoffs", "concerns")
MIN_VARIETY = 0.7  # real answers' word variety is 0.76 or more, padded ones' under 0.5


def indicator_target(signal: Signal) -> int:
    """How many distinct indicators saturate a signal in one answer (about half of them, 2 or 3)."""
    return max(2, min(3, math.ceil(0.5 * max(1, len(signal.indicators)))))


@dataclass
class QuestionGroup:
    """Every turn on one main question: the question and its follow-ups."""

    question: QuestionInfo
    turns: list[TurnAnalysis]

    @property
    def credited(self) -> list[Analysed]:
        return [a for t in self.turns for a in t.credited]

    @property
    def first_turn(self) -> int:
        return self.turns[0].turn.index

    @property
    def skipped(self) -> bool:
        """Every turn on the question passed on it (a skip is no answer, not a poor one)."""
        return all(t.skipped for t in self.turns)

    @cached_property
    def story(self) -> StoryShape | None:
        """The story the answers told, for a question that asks for one; else None."""
        if not is_story_question(self.question.text):
            return None
        return story_shape([a.sentence.text for a in self.credited])


@dataclass
class SignalResult:
    signal: Signal
    assessed: bool
    score: int
    evidence: list[Analysed]
    shown: dict[str, float]  # indicator id -> mean strength over the groups scored
    groups: list[QuestionGroup]
    missing_areas: list[tuple[QuestionGroup, Area]]  # (group, area) left uncovered
    by_group: dict[str, float] = field(default_factory=dict)  # question id -> this signal's score there
    # Every sentence that backs one of the signal's indicators (a firm hit), most on point first:
    # what the evidence and the strengths are chosen from (agent.grading.evidence.spread_evidence).
    candidates: list[Analysed] = field(default_factory=list)

    @property
    def demonstrated(self) -> frozenset[str]:
        """The indicators a sentence shows on point: never a gap, whatever the score."""
        return frozenset(h.indicator for a in self.candidates for h in a.hits if h.signal == self.signal.id and h.firm)


def group_turns(analyses: list[TurnAnalysis]) -> list[QuestionGroup]:
    groups: dict[str, QuestionGroup] = {}
    for ta in analyses:
        qid = ta.question.id
        if qid not in groups:
            groups[qid] = QuestionGroup(ta.question, [])
        groups[qid].turns.append(ta)
    return list(groups.values())


def _evidence_for(signal_id: str, rows: list[Analysed]) -> list[Analysed]:
    return [a for a in rows if any(h.signal == signal_id for h in a.hits)]


def indicator_strengths(signal: Signal, rows: list[Analysed]) -> dict[str, float]:
    """Strength 0-1 per indicator shown: the best sentence's quality, plus a little for corroboration."""
    by_ind: dict[str, list[Analysed]] = defaultdict(list)
    for a in rows:
        for h in a.hits:
            if h.signal == signal.id:
                by_ind[h.indicator].append(a)
    out: dict[str, float] = {}
    for ind in signal.indicators:
        if ind.id in by_ind:
            seen = by_ind[ind.id]
            out[ind.id] = min(1.0, max(a.quality for a in seen) + 0.15 * (len(seen) - 1))
    return out


def area_coverage(group: QuestionGroup) -> dict[str, float]:
    """Area id -> how well the answers covered it: 1 by a sentence with specifics (a number, a
    name, a system, an action or a reason), half by a plain one ("the outcome was good") that
    restates the area in general words."""
    out: dict[str, float] = {}
    for a in group.credited:
        for x in a.areas:
            out[x] = max(out.get(x, 0.0), 1.0 if a.quality >= SPECIFIC else PLAIN_AREA)
    return out


def score_group(signal: Signal, group: QuestionGroup, covered: set[str]) -> tuple[float, dict[str, float]]:
    """covered: the ids of the question's areas the group's credited sentences cover."""
    rows = group.credited
    evidence = _evidence_for(signal.id, rows)
    area_rows = [a for a in rows if a.areas]
    if not evidence and not area_rows:
        return 0.0, {}
    strengths = indicator_strengths(signal, rows)
    ind = min(1.0, sum(strengths.values()) / indicator_target(signal))
    kinds: set[str] = set()
    for a in evidence + area_rows:
        kinds |= a.kinds
    spec = min(1.0, len(kinds) / SPECIFIC_KINDS)
    depth = min(1.0, sum(a.quality >= SPECIFIC for a in rows) / DEPTH_TARGET)
    areas = group.question.areas
    if areas:
        cov = sum(area_coverage(group).values()) / len(areas)
        if group.story is not None:  # a behavioral question's areas are the parts of a story
            cov = max(cov, group.story.parts)
        # Good habits shown while answering a different question count for little: indicator and
        # specificity credit scale with how much of this question's ground the answer covers.
        rel = RELEVANCE_FLOOR + (1 - RELEVANCE_FLOOR) * min(1.0, len(covered) / math.ceil(len(areas) / 2))
        score = rel * (W_INDICATORS * ind + W_SPECIFIC * spec + W_DEPTH * depth) + W_AREAS * cov
    else:
        score = (W_INDICATORS + W_AREAS) * ind + W_SPECIFIC * spec + W_DEPTH * depth
    # General words in place of things that happened lower every part of the score.
    said = [a.sentence.text for a in rows]
    score *= max(0.0, 1.0 - ABSTRACT_WEIGHT * abstract_share(said))
    # Saying the same few words over and over (padding) earns no more than saying them once.
    score *= min(1.0, variety(said) / MIN_VARIETY) ** 2
    story = group.story
    if story is not None:
        score = (1 - W_STORY) * score + W_STORY * story.parts
        if story.vague:
            score *= VAGUE_FACTOR
    return 100.0 * score, strengths


def score_signal(signal: Signal, groups: list[QuestionGroup]) -> SignalResult:
    # A question the candidate passed on is shown as skipped, not scored as a zero: it says nothing
    # about the signal either way (the verdict names it, and the next steps ask for a story for it).
    probing = [g for g in groups if signal.id in g.question.signals and not g.skipped]
    assessed = bool(probing)
    scored = probing or [g for g in groups if _evidence_for(signal.id, g.credited)]
    totals: list[float] = []
    shown_sum: dict[str, float] = defaultdict(float)
    missing: list[tuple[QuestionGroup, Area]] = []
    by_group: dict[str, float] = {}
    for g in scored:
        covered = {x for a in g.credited for x in a.areas}
        s, strengths = score_group(signal, g, covered)
        totals.append(s)
        by_group[g.question.id] = s
        for k, v in strengths.items():
            shown_sum[k] += v
        missing.extend((g, a) for a in g.question.areas if a.id not in covered)
    # A signal no question probed gets no score (0, assessed False): what it showed in passing is
    # kept as evidence, but a number would read as a verdict nobody asked for.
    score = round_half_up(sum(totals) / len(totals)) if totals and assessed else 0
    shown = {k: v / len(scored) for k, v in shown_sum.items()}
    # Quotes back a score: a signal no question probed shows none, and a vague story backs nothing.
    rows = [a for g in scored for a in g.credited if not (g.story and g.story.vague)] if assessed else []
    candidates = pick_evidence(signal.id, rows, n=None)
    # No indicator shown on point: the sentences that covered the question's ground with something a
    # listener could check (a figure, a system, a name) earned the score, so they are what it rests
    # on, nearest the signal's indicators first. "We made sure we had a plan" rests nothing.
    grounds = sorted((a for a in rows if a.areas and a.kinds & CONCRETE and not a.general),
                     key=lambda a: (-max((h.closeness for h in a.hits if h.signal == signal.id), default=0.0),
                                    a.sentence.turn, a.sentence.start))
    evidence = in_order(candidates[:EVIDENCE_QUOTES]) or grounds
    return SignalResult(signal, assessed, score, evidence, shown, scored, missing, by_group, candidates)


EVIDENCE_QUOTES = 3  # quotes under a signal
CONCRETE = frozenset({"number", "named_system", "named"})  # specificity kinds a listener could check


def on_point_key(signal_id: str, a: Analysed) -> float:
    """How well the sentence backs the signal: its most on-point firm hit, then how specific it is."""
    near = max((h.closeness for h in a.hits if h.signal == signal_id and h.firm), default=0.0)
    return near + 0.1 * a.quality


def pick_evidence(signal_id: str, rows: list[Analysed], n: int | None = EVIDENCE_QUOTES) -> list[Analysed]:
    """The n sentences that back one of the signal's indicators on point (a firm hit), closest first."""
    cands = [a for a in rows if any(h.signal == signal_id and h.firm for h in a.hits)]
    ranked = sorted(cands, key=lambda a: (-on_point_key(signal_id, a), a.sentence.turn, a.sentence.start))
    return ranked[:n]


def in_order(rows: list[Analysed]) -> list[Analysed]:
    """The sentences in the order they were said."""
    return sorted(rows, key=lambda a: (a.sentence.turn, a.sentence.start))


def round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def overall_for(results: list[SignalResult], rubric: Rubric, level: str) -> int:
    used = [r for r in results if r.assessed] or results
    total_w = sum(rubric.weight(r.signal.id, level) for r in used)
    if total_w == 0:
        return 0
    return round_half_up(sum(rubric.weight(r.signal.id, level) * r.score for r in used) / total_w)


def bar_for(rubric: Rubric, level: str) -> int | None:
    return next((b.min_overall for b in rubric.level_bars if b.level == level), None)


def recommendation(overall: int, bar: int | None, capped: bool) -> str:
    """Against the bar of the level being hired for; a flagged attempt to game caps it at no hire."""
    bar = 60 if bar is None else bar
    if overall >= bar + STRONG_MARGIN:
        rec = "strong hire"
    elif overall >= bar:
        rec = "hire"
    elif overall >= bar - NO_HIRE_MARGIN:
        rec = "no hire"
    else:
        rec = "strong no hire"
    if capped and RECOMMENDATIONS.index(rec) > RECOMMENDATIONS.index("no hire"):
        rec = "no hire"
    return rec


def supported_level(by_level: dict[str, int], rubric: Rubric) -> str | None:
    """The highest level whose bar the overall (weighted for that level) clears."""
    best = None
    for level in LEVELS:
        bar = bar_for(rubric, level)
        if bar is not None and by_level.get(level, 0) >= bar:
            best = level
    return best
