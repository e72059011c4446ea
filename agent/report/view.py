"""What a report shows, computed once from the session folder and shared by HTML and Markdown.

The renderers only lay this out; every decision about content (which signals, which bar, which
areas went uncovered, how a delivery figure compares with its band) is made here, so the two
formats cannot drift apart.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agent.coverage import covered_areas
from agent.grading.text import cited
from agent.notes import ordered
from agent.report.delivery import Delivery, delivery_figures
from agent.session import Flag, Grade, Note, Session, Turn
from agent.session import Point as GradePoint


@dataclass(frozen=True)
class EvidenceView:
    turn: int
    quote: str
    start_s: float | None


def score_status(score: int | None, bar: int | None) -> str:
    """ok | near (within 10 of the bar) | low | none (no score): how a score is coloured."""
    if score is None:
        return "none"
    if bar is None or score >= bar:
        return "ok"
    return "near" if score >= bar - 10 else "low"


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

    @property
    def status(self) -> str:
        return score_status(self.score if self.assessed else None, self.bar)

    @property
    def score_text(self) -> str:
        if self.score is None:
            return "not graded"
        return str(self.score) if self.assessed else "not probed"


@dataclass(frozen=True)
class Point:
    """A strength, an improvement or a flag, as shown (the grader's Point or Flag)."""

    text: str
    quote: str | None = None
    turn: int | None = None
    start_s: float | None = None
    signal: str | None = None  # the signal's name


@dataclass(frozen=True)
class VerdictRow:
    """One main question's verdict; `score` is None for a skipped question (shown as skipped)."""

    turn: int
    question: str
    verdict: str
    score: int | None
    note: str

    @property
    def score_text(self) -> str:
        return "—" if self.score is None else str(self.score)


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
    extra: dict[str, Any]  # other grader fields worth showing (e.g. dropped quotes)
    summary: str = ""  # the verdict: empty on grades made before the grader wrote one
    questions: list[VerdictRow] = field(default_factory=list)
    weakest: Point | None = None
    next_steps: list[Point] = field(default_factory=list)

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


def turn_label(kind: str, number: int) -> str:
    """What a turn was, for a heading: `number` is its question's place in the interview."""
    return {"question": f"Question {number}", "follow_up": "Follow-up", "reprompt": "Re-prompt"}.get(kind, kind)


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
    events: list[tuple[str, str, str]]  # (at, kind, message), oldest first


# ---------------------------------------------------------------------------------------------


_FLAG_TEXT = {"injection": "This answer spoke to the grader, so none of it counted.",
              "keyword_salad": "This answer was a list of terms rather than sentences, so it earned no credit.",
              "off_topic": "This answer was about something other than the question, so it earned no credit."}


def _quote(quote: str | None, turn: int | None, said: dict[int, str]) -> str | None:
    """The quote with an ellipsis where it cuts a sentence (agent.grading.text.cited)."""
    return cited(quote, said.get(turn, "") if turn is not None else "") if quote else quote


def _point(p: GradePoint, signal_names: dict[str, str], said: dict[int, str]) -> Point:
    name = signal_names.get(p.signal, p.signal) if p.signal else None
    text = p.text
    if name and text.startswith(f"{name}: "):  # the signal is shown beside the text already
        text = text[len(name) + 2:]
        text = text[:1].upper() + text[1:]
    return Point(text or p.quote or "", _quote(p.quote, p.turn, said), p.turn, p.start_s, name)


def _flag(f: Flag) -> Point:
    """The grader's own plain sentence; grades from before it wrote one get the stock sentence."""
    plain = f.detail if f.detail[:1].isupper() else _FLAG_TEXT[f.kind]
    return Point(plain, turn=f.turn)


# Grade fields rendered on their own; any other simple field is listed under the scorecard.
_KNOWN_GRADE_KEYS = {"rubric", "level", "overall", "recommendation", "signals", "brain", "created_at",
                     "supported_level", "strengths", "improvements", "flags", "events", "settings",
                     "overall_by_level", "summary", "questions", "weakest", "next_steps"}


def _grade_summary(grade: Grade, said: dict[int, str]) -> GradeSummary:
    """said: each turn's transcript, by turn index."""
    from rubrics import RubricError, get_rubric

    try:
        rubric = get_rubric(grade.rubric)
    except RubricError:
        rubric = None  # graded with a rubric this install does not have: show the grade as stored
    marks = ([LevelMark(b.level, b.title, b.bar, b.cut_when, b.min_overall) for b in rubric.level_bars]
             if rubric else [])
    bar = next((m.min_overall for m in marks if m.level == grade.level), None)
    graded = {s.id: s for s in grade.signals}
    in_rubric = {s.id: s for s in rubric.signals} if rubric else {}
    rows: list[SignalRow] = []
    for sid in list(in_rubric) + [sid for sid in graded if sid not in in_rubric]:  # and any the grader added
        sg, rs = graded.get(sid), in_rubric.get(sid)
        if sg:
            rows.append(SignalRow(sid, sg.name, sg.weight, sg.score, bar,
                                  [EvidenceView(e.turn, _quote(e.quote, e.turn, said) or "", e.start_s)
                                   for e in sg.evidence],
                                  sg.gaps, sg.assessed))
        else:  # in the rubric, not graded
            rows.append(SignalRow(sid, rs.name, rs.weights.get(grade.level, 0), None, bar, [], [], False))
    names = {r.id: r.name for r in rows}
    extra = {k: v for k, v in grade.model_dump(mode="json").items()
             if k not in _KNOWN_GRADE_KEYS and _simple(v) and v not in (0, "", False)}
    return GradeSummary(
        rubric=grade.rubric,
        rubric_name=rubric.name if rubric else grade.rubric,
        level=grade.level,
        overall=grade.overall,
        recommendation=grade.recommendation,
        brain=grade.brain,
        created_at=grade.created_at,
        supported_level=grade.supported_level or None,
        signals=rows,
        strengths=[_point(p, names, said) for p in grade.strengths],
        improvements=[_point(p, names, said) for p in grade.improvements],
        flags=[_flag(f) for f in grade.flags],
        level_marks=marks,
        overall_by_level=grade.overall_by_level,
        extra=extra,
        summary=grade.summary,
        questions=[VerdictRow(q.turn, q.question, q.verdict, q.score, q.note) for q in grade.questions],
        weakest=(Point(grade.weakest.text, _quote(grade.weakest.quote, grade.weakest.turn, said), grade.weakest.turn,
                       grade.weakest.start_s)
                 if grade.weakest else None),
        next_steps=[_point(p, names, said) for p in grade.next_steps],
    )


def _simple(v: Any) -> bool:
    return isinstance(v, (str, int, float, bool))


def segment_views(t: Turn) -> list[SegmentView]:
    """A turn's transcript segments with their timed words, blanks dropped (shared with replay)."""
    return [SegmentView(s.start, s.end, s.text.strip(),
                        [WordView(w.start, w.end, w.word.strip()) for w in s.words if w.word.strip()])
            for s in t.segments]


def _turn_view(t: Turn, notes: list[Note], area_text: dict[str, str]) -> TurnView:
    """`notes`: the session's notes, ordered."""
    return TurnView(
        index=t.index,
        kind=t.kind,
        area=area_text.get(t.area, t.area) if t.area else None,
        prompt_text=t.prompt_text,
        prompt_audio=t.prompt_audio,
        answer_audio=t.answer_audio,
        transcript=t.transcript,
        segments=segment_views(t),
        duration_s=t.duration_s,
        via=t.via,
        ended_by=t.ended_by,
        notes=[n for n in notes if n.turn == t.index],
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
    found = covered_areas(" ".join(transcripts), question.areas_to_cover)
    covered = [a.description for a in question.areas_to_cover if a.id in found]
    uncovered = [a.description for a in question.areas_to_cover if a.id not in found]
    return covered, uncovered


def _groups(session: Session, notes: list[Note]) -> list[QuestionGroup]:
    groups: list[QuestionGroup] = []
    current: list[Turn] = []

    def close() -> None:
        if not current:
            return
        qid = current[0].question_id
        question = _bank_question(qid)
        area_text = {a.id: a.description for a in question.areas_to_cover} if question else {}
        views = [_turn_view(t, notes, area_text) for t in current]
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
    said = {t.index: t.transcript for t in session.turns}
    grade = _grade_summary(session.grade, said) if session.grade else None
    notes = ordered(session.notes)
    earlier = [g for g in session.grades if session.grade is None or g != session.grade]
    return ReportView(
        session=session,
        title=f"{flow_name} · {session.level}",
        flow_name=flow_name,
        duration_s=_duration(session),
        grade=grade,
        earlier_grades=earlier,
        groups=_groups(session, notes),
        # Pace, fillers and pauses are measured on speech: a typed session has none to show.
        delivery=delivery_figures(session.delivery if any(t.via == "audio" for t in session.turns) else None),
        notes=notes,
        # Grading fallbacks are logged on the grade; a coach wants them beside the session's own log.
        events=sorted((e.at, e.kind, e.message)
                      for e in session.events + (session.grade.events if session.grade else [])),
    )
