"""What a report shows, computed once from the session folder and shared by HTML and Markdown.

The renderers only lay this out; every decision about content (which signals, which bar, which
areas went uncovered, how a delivery figure compares with its band) is made here, so the two
formats cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agent.report.delivery import Delivery, delivery_figures
from agent.session import Grade, Note, Session, Turn


@dataclass(frozen=True)
class EvidenceView:
    turn: int
    quote: str
    start_s: float | None
    has_audio: bool


@dataclass(frozen=True)
class SignalRow:
    id: str
    name: str
    weight: int
    score: int | None  # None: in the rubric but not graded
    bar: int | None  # the overall score the session's level must reach (the level bar)
    evidence: list[EvidenceView]
    gaps: list[str]
    assessed: bool = True  # False: no question probed it, so it is left out of the overall
    source: str = ""  # offline | llm, as the grader recorded it

    @property
    def status(self) -> str:
        if self.score is None or not self.assessed:
            return "none"
        if self.bar is None:
            return "ok"
        if self.score >= self.bar:
            return "ok"
        return "near" if self.score >= self.bar - 10 else "low"


@dataclass(frozen=True)
class Point:
    """A strength, an improvement or a flag: the grader may give a string or a dict."""

    text: str
    quote: str | None = None
    turn: int | None = None
    start_s: float | None = None
    signal: str | None = None  # the signal's name


@dataclass(frozen=True)
class LevelMark:
    level: str
    title: str
    bar: str
    cut_when: str
    min_overall: int


@dataclass(frozen=True)
class GradeSummary:
    rubric: str
    rubric_name: str
    level: str
    overall: int
    recommendation: str
    brain: str
    created_at: str
    supported_level: str | None
    signals: list[SignalRow]
    strengths: list[Point]
    improvements: list[Point]
    flags: list[Point]
    level_marks: list[LevelMark]  # every level bar of the rubric, for the overall chart
    overall_by_level: dict[str, int]
    events: list[tuple[str, str, str]]  # fallbacks during grading: (at, kind, message)
    extra: dict[str, Any]  # other grader fields worth showing (e.g. dropped quotes)

    @property
    def session_bar(self) -> LevelMark | None:
        return next((m for m in self.level_marks if m.level == self.level), None)


@dataclass(frozen=True)
class WordView:
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class SegmentView:
    start: float
    end: float
    text: str
    words: list[WordView]


@dataclass(frozen=True)
class TurnView:
    index: int
    kind: str
    area: str | None  # description of the area a follow-up aimed at
    prompt_text: str
    prompt_audio: str | None
    answer_audio: str | None
    transcript: str
    segments: list[SegmentView]
    duration_s: float
    via: str
    ended_by: str
    notes: list[Note]


@dataclass(frozen=True)
class QuestionGroup:
    question_id: str
    category: str | None
    turns: list[TurnView]
    follow_ups: list[TurnView]
    uncovered: list[str]  # descriptions of the areas no answer in this group touched
    covered: list[str]


@dataclass(frozen=True)
class ReportView:
    session: Session
    title: str
    flow_name: str
    duration_s: float
    grade: GradeSummary | None
    earlier_grades: list[Grade]
    groups: list[QuestionGroup]
    delivery: Delivery
    notes: list[Note]
    events: list[tuple[str, str, str]] = field(default_factory=list)  # (at, kind, message)


# ---------------------------------------------------------------------------------------------


_FLAG_TEXT = {"injection": "Text addressed to the grader, not credited",
              "keyword_salad": "A string of buzzwords, not credited",
              "off_topic": "Off-topic answer, not credited"}


def _point(raw: Any, signal_names: dict[str, str]) -> Point:
    """A grader point (strength, improvement, flag): a string, or a dict of whichever shape."""
    if isinstance(raw, str):
        return Point(raw)
    if not isinstance(raw, dict):
        return Point(str(raw))
    if raw.get("kind") in _FLAG_TEXT or ("kind" in raw and "detail" in raw):
        label = _FLAG_TEXT.get(raw["kind"], str(raw["kind"]).replace("_", " ").capitalize())
        text = f"{label}: {raw['detail']}" if raw.get("detail") else label
    else:
        text = next((str(raw[k]) for k in ("text", "point", "summary", "message", "detail") if raw.get(k)), "")
        if not text and raw.get("area"):
            text = f"Cover {raw['area']}"
    sig = raw.get("signal")
    name = signal_names.get(sig, str(sig)) if sig else None
    if name and text.startswith(f"{name}: "):  # the signal is shown beside the text already
        text = text[len(name) + 2:]
        text = text[:1].upper() + text[1:]
    quote = raw.get("quote")
    turn, start = raw.get("turn"), raw.get("start_s")
    return Point(text or str(quote or ""), str(quote) if quote else None,
                 int(turn) if isinstance(turn, (int, float)) else None,
                 float(start) if isinstance(start, (int, float)) else None,
                 name)


def _points(raw: Any, signal_names: dict[str, str]) -> list[Point]:
    if not raw:
        return []
    if isinstance(raw, (list, tuple)):
        return [_point(r, signal_names) for r in raw]
    return [_point(raw, signal_names)]


# Grade fields rendered on their own; any other simple field is listed under the scorecard.
_KNOWN_GRADE_KEYS = {"rubric", "level", "overall", "recommendation", "signals", "brain", "created_at",
                     "supported_level", "strengths", "improvements", "flags", "events", "settings",
                     "overall_by_level"}


def _grade_summary(grade: Grade, turns_with_audio: set[int]) -> GradeSummary:
    from rubrics import RubricError, get_rubric

    try:
        rubric = get_rubric(grade.rubric)
    except RubricError:
        rubric = None  # graded with a rubric this install does not have: show the grade as stored
    marks = ([LevelMark(b.level, b.title, b.bar, b.cut_when, b.min_overall) for b in rubric.level_bars]
             if rubric else [])
    bar = next((m.min_overall for m in marks if m.level == grade.level), None)
    # Read the grade as plain data: the grading helper adds fields over time, and older session
    # files lack them, so nothing here may depend on one exact model version.
    raw = grade.model_dump(mode="json")

    def ev(e: dict) -> EvidenceView:
        return EvidenceView(int(e["turn"]), str(e["quote"]), e.get("start_s"), e["turn"] in turns_with_audio)

    graded = {s["id"]: s for s in raw["signals"]}
    order = [s.id for s in rubric.signals] if rubric else []
    order += [sid for sid in graded if sid not in order]  # signals the grader added beyond the rubric
    rows: list[SignalRow] = []
    for sid in order:
        sg = graded.get(sid)
        rs = next((s for s in rubric.signals if s.id == sid), None) if rubric else None
        weight = sg["weight"] if sg else (rs.weights.get(grade.level, 0) if rs else 0)  # type: ignore[arg-type]
        rows.append(SignalRow(
            id=sid,
            name=sg["name"] if sg else (rs.name if rs else sid),
            weight=weight,
            score=sg["score"] if sg else None,
            bar=bar,
            evidence=[ev(e) for e in sg.get("evidence", [])] if sg else [],
            gaps=[str(g) for g in sg.get("gaps", [])] if sg else [],
            assessed=bool(sg.get("assessed", True)) if sg else False,
            source=str(sg.get("source", "")) if sg else "",
        ))
    names = {r.id: r.name for r in rows}
    extra = {k: v for k, v in raw.items() if k not in _KNOWN_GRADE_KEYS and _simple(v) and v not in (0, "", False)}
    return GradeSummary(
        rubric=grade.rubric,
        rubric_name=rubric.name if rubric else grade.rubric,
        level=grade.level,
        overall=grade.overall,
        recommendation=grade.recommendation,
        brain=grade.brain,
        created_at=grade.created_at,
        supported_level=str(raw["supported_level"]) if raw.get("supported_level") else None,
        signals=rows,
        strengths=_points(raw.get("strengths"), names),
        improvements=_points(raw.get("improvements"), names),
        flags=_points(raw.get("flags"), names),
        level_marks=marks,
        overall_by_level={str(k): int(v) for k, v in (raw.get("overall_by_level") or {}).items()},
        events=[(str(x.get("at", "")), str(x.get("kind", "")), str(x.get("message", "")))
                for x in raw.get("events") or [] if isinstance(x, dict)],
        extra=extra,
    )


def _simple(v: Any) -> bool:
    return isinstance(v, (str, int, float, bool))


def _turn_view(t: Turn, notes: list[Note], area_text: dict[str, str]) -> TurnView:
    segs = [SegmentView(s.start, s.end, s.text.strip(),
                        [WordView(w.start, w.end, w.word.strip()) for w in s.words if w.word.strip()])
            for s in t.segments]
    return TurnView(
        index=t.index,
        kind=t.kind,
        area=area_text.get(t.area, t.area) if t.area else None,
        prompt_text=t.prompt_text,
        prompt_audio=t.prompt_audio,
        answer_audio=t.answer_audio,
        transcript=t.transcript,
        segments=segs,
        duration_s=t.duration_s,
        via=t.via,
        ended_by=t.ended_by,
        notes=sorted((n for n in notes if n.turn == t.index), key=lambda n: (n.at_s, n.id)),
    )


def _bank_question(question_id: str):
    try:
        from question_flows import load_bank

        return load_bank().get(question_id)
    except Exception:  # a bank that fails to load must not stop a report from rendering
        return None


def _coverage(question, transcripts: list[str]) -> tuple[list[str], list[str]]:
    """(covered, uncovered) area descriptions, judged the way the interviewer judged them."""
    if question is None:
        return [], []
    try:
        from agent.coverage import covered_areas
    except ImportError:
        return [], []
    found = covered_areas(" ".join(transcripts), question.areas_to_cover)
    covered = [a.description for a in question.areas_to_cover if a.id in found]
    uncovered = [a.description for a in question.areas_to_cover if a.id not in found]
    return covered, uncovered


def _groups(session: Session) -> list[QuestionGroup]:
    groups: list[QuestionGroup] = []
    current: list[Turn] = []

    def close() -> None:
        if not current:
            return
        qid = current[0].question_id
        question = _bank_question(qid)
        area_text = {a.id: a.description for a in question.areas_to_cover} if question else {}
        views = [_turn_view(t, session.notes, area_text) for t in current]
        covered, uncovered = _coverage(question, [t.transcript for t in current])
        groups.append(QuestionGroup(
            question_id=qid,
            category=question.category if question else None,
            turns=views,
            follow_ups=[v for v in views if v.kind == "follow_up"],
            uncovered=uncovered,
            covered=covered,
        ))

    for t in sorted(session.turns, key=lambda t: t.index):
        # A new main question starts a group; follow-ups and re-prompts stay with their question.
        if current and (t.kind == "question" or t.question_id != current[0].question_id):
            close()
            current = []
        current.append(t)
    close()
    return groups


def _flow_name(flow_id: str) -> str:
    try:
        from question_flows import load_flows

        flow = load_flows().get(flow_id)
        return flow.name if flow else flow_id
    except Exception:
        return flow_id


def _duration(session: Session) -> float:
    return sum(t.duration_s + t.prompt_duration_s for t in session.turns)


def build_view(session: Session) -> ReportView:
    flow_name = _flow_name(session.flow)
    with_audio = {t.index for t in session.turns if t.answer_audio}
    grade = _grade_summary(session.grade, with_audio) if session.grade else None
    earlier = [g for g in session.grades if session.grade is None or g != session.grade]
    return ReportView(
        session=session,
        title=f"{flow_name} · {session.level}",
        flow_name=flow_name,
        duration_s=_duration(session),
        grade=grade,
        earlier_grades=earlier,
        groups=_groups(session),
        delivery=delivery_figures(session.delivery),
        notes=sorted(session.notes, key=lambda n: (n.turn, n.at_s, n.id)),
        # Grading fallbacks are logged on the grade; a coach wants them beside the session's own log.
        events=sorted([(e.at, e.kind, e.message) for e in session.events] + (grade.events if grade else [])),
    )
