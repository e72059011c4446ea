"""The offline grader: no network, no model, the same grade for the same answers, byte for byte."""
from __future__ import annotations

from dataclasses import dataclass

from agent.session import Evidence, Flag, Grade, Session, SignalGrade
from question_flows import Question, load_bank
from rubrics import LEVELS, Rubric

from .analysis import TurnAnalysis, analyse, questions_of
from .evidence import spread_evidence
from .feedback import gaps, improvements, strengths
from .questions import QuestionInfo
from .scoring import (
    QuestionGroup, SignalResult, bar_for, group_turns, overall_for, recommendation, score_signal, supported_level,
)
from .verdict import next_steps, question_verdicts, summary_text, weakest_moment

GRADER_VERSION = "offline-5"  # offline-5: a terse reply of a few words is no keyword salad; offline-4: evidence on point


@dataclass
class Prepared:
    """Everything read from the answers once, shared by the offline grader and the LLM judge:
    each answer's analysis and the offline score of every rubric signal."""

    analyses: list[TurnAnalysis]
    results: list[SignalResult]
    groups: list[QuestionGroup]

    @property
    def flags(self) -> list[Flag]:
        return [f for ta in self.analyses for f in ta.flags]


def prepare(session: Session, rubric: Rubric, bank: dict[str, Question] | None = None,
            questions: dict[str, QuestionInfo] | None = None) -> Prepared:
    """bank: None for the project's bank; questions: None to resolve each turn's question."""
    bank = load_bank() if bank is None else bank
    qs = questions or questions_of(session, rubric, bank)
    analyses = analyse(session, rubric, qs, bank)
    groups = group_turns(analyses)
    return Prepared(analyses, spread_evidence([score_signal(s, groups) for s in rubric.signals]), groups)


def signal_grade(r: SignalResult, rubric: Rubric, level: str, source: str = "offline",
                 gap_list: list[str] | None = None) -> SignalGrade:
    """gap_list: the gaps to show, instead of the ones the offline grader found."""
    return SignalGrade(
        id=r.signal.id, name=r.signal.name, weight=rubric.weight(r.signal.id, level), score=r.score,
        evidence=[Evidence(turn=a.sentence.turn, quote=a.sentence.text, start_s=a.sentence.start_s) for a in r.evidence],
        gaps=gaps(r) if gap_list is None else gap_list, assessed=r.assessed, indicators=sorted(r.shown),
        source=source,
    )


def assemble(results: list[SignalResult], signals: list[SignalGrade], rubric: Rubric, level: str,
             prepared: Prepared, brain: str, settings: dict, created_at: str | None) -> Grade:
    """Overall, recommendation, level and feedback from per-signal scores, whoever produced them."""
    flags = prepared.flags
    by_level = {lv: overall_for(results, rubric, lv) for lv in LEVELS}
    overall = by_level[level]
    quotes = {ta.turn.index: ta.turn.transcript.strip()[:200] for ta in prepared.analyses}
    bar = bar_for(rubric, level)
    rec = recommendation(overall, bar, any(f.kind == "injection" for f in flags))
    good = strengths(results, rubric, level)
    todo = improvements(results, rubric, level, flags, quotes)
    verdicts = question_verdicts(prepared.groups, results, rubric, level, bar)
    weakest = weakest_moment(prepared.groups, verdicts)
    grade = Grade(
        rubric=rubric.id, level=level, overall=overall, recommendation=rec,
        signals=signals, brain=brain, supported_level=supported_level(by_level, rubric),
        overall_by_level=by_level, strengths=good, improvements=todo, flags=flags, settings=settings,
        summary=summary_text(overall, rec, level, bar, verdicts, good, weakest), questions=verdicts,
        weakest=weakest, next_steps=next_steps(prepared.groups, verdicts, todo, good),
    )
    if created_at is not None:
        grade.created_at = created_at
    return grade


def grade_offline(session: Session, rubric: Rubric, level: str, *, bank: dict[str, Question] | None = None,
                  questions: dict[str, QuestionInfo] | None = None, created_at: str | None = None) -> Grade:
    prepared = prepare(session, rubric, bank, questions)
    signals = [signal_grade(r, rubric, level) for r in prepared.results]
    settings = {"rubric": rubric.id, "level": level, "brain": "offline", "grader": GRADER_VERSION}
    return assemble(prepared.results, signals, rubric, level, prepared, "offline", settings, created_at)
