"""The verdict a candidate reads first: a short summary, a verdict per question, the weakest
moment, and three next steps, each tied to their own words or to what they left out.

Everything here is derived from the scores and the analysis already made, so the LLM grader and
the offline grader give the same kind of verdict. A skipped question is shown as skipped: it
earned nothing, but it is not a wrong answer and is never printed as a zero.
"""
from __future__ import annotations

from dataclasses import dataclass

from agent.session import Moment, Point, QuestionVerdict
from rubrics import Rubric

from .analysis import Analysed, TurnAnalysis
from .scoring import STRONG_MARGIN, NO_HIRE_MARGIN, QuestionGroup, SignalResult, round_half_up
from .story import follow_up_itself
from .wording import area_advice, area_left_out

DEFAULT_BAR = 60


@dataclass(frozen=True)
class _Judged:
    group: QuestionGroup
    verdict: QuestionVerdict


def short(text: str, n: int = 70) -> str:
    """A question cut to fit in a sentence."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rsplit(" ", 1)[0] + "…"


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s else s


def question_score(group: QuestionGroup, results: list[SignalResult], rubric: Rubric, level: str) -> int:
    """The level-weighted mean of the scores this question earned on the signals it probes."""
    parts = [(rubric.weight(r.signal.id, level), r.by_group[group.question.id])
             for r in results if r.assessed and group.question.id in r.by_group]
    total = sum(w for w, _ in parts)
    if not total:
        return 0
    return round_half_up(sum(w * s for w, s in parts) / total)


def _label(score: int, bar: int) -> str:
    if score >= bar + STRONG_MARGIN:
        return "strong"
    if score >= bar:
        return "solid"
    if score >= bar - NO_HIRE_MARGIN:
        return "thin"
    return "weak"


def _uncovered(group: QuestionGroup) -> list[str]:
    covered = {x for a in group.credited for x in a.areas}
    return [a.description for a in group.question.areas if a.id not in covered]


def _note(group: QuestionGroup, verdict: str) -> str:
    """One or two plain sentences on why the question got its verdict."""
    note = _main_note(group, verdict)
    vague = next((t for t in group.turns if t.vague), None)
    if vague is not None and verdict not in ("skipped", "not credited"):
        said = _vague_reply(vague)
        note = f"{note.rstrip('.')}. {said[:1].upper()}{said[1:]}"
    return note


def _asked(t: TurnAnalysis) -> str:
    """The turn's question as the candidate heard it, in a sentence of the report."""
    asked = short(follow_up_itself(t.turn.prompt_text), 60)
    return "the question" if t.turn.kind == "question" else f"the follow-up \"{asked}\""


def _vague_reply(t: TurnAnalysis) -> str:
    return f"your answer to {_asked(t)} stayed general: no name, number or anything you did yourself"


def _main_note(group: QuestionGroup, verdict: str) -> str:
    if verdict == "skipped":
        return "You passed on this one."
    flags = [f for t in group.turns for f in t.flags]
    if flags and not group.credited:
        return flags[0].detail
    story = group.story
    missing = _uncovered(group)
    if story is not None and story.vague:
        return "A general account: no named product, person, number or result a listener could hold on to."
    if story is not None and story.missing():
        want = story.missing()[0]
        return f"{'A clear story' if verdict in ('strong', 'solid') else 'The story'} still lacked {want}."
    if missing:
        lead = "Covered most of the ground but left out" if verdict in ("strong", "solid") else "Left out"
        return f"{lead} {area_left_out(missing[0])}"
    if verdict in ("strong", "solid"):
        return "Covered every part of the question."
    return "Touched every part of the question, but thinly: little specific detail or reasoning."


def question_verdicts(groups: list[QuestionGroup], results: list[SignalResult], rubric: Rubric,
                      level: str, bar: int | None) -> list[QuestionVerdict]:
    bar = DEFAULT_BAR if bar is None else bar
    out = []
    for g in groups:
        if g.skipped:
            verdict, score = "skipped", None
        elif any(t.flags for t in g.turns) and not g.credited:
            verdict, score = "not credited", 0
        else:
            score = question_score(g, results, rubric, level)
            verdict = _label(score, bar)
        note = _note(g, verdict)
        out.append(QuestionVerdict(question_id=g.question.id, turn=g.first_turn, question=g.question.text,
                                   verdict=verdict, score=score, note=note.rstrip(".") + "."))
    return out


def _first_sentence(group: QuestionGroup) -> Analysed | None:
    rows = [a for t in group.turns if not t.skipped for a in t.sentences]
    return rows[0] if rows else None


_RANK = {"not credited": 0, "weak": 3, "thin": 4, "skipped": 1, "solid": 5, "strong": 6}
VAGUE_RANK = 2  # a general answer: weaker than a relevant answer short of the bar, stronger than a pass

# What a flagged answer was, said of the moment.
_FLAG_MOMENT = {
    "off_topic": "was about another subject, so it earned no credit",
    "keyword_salad": "was a run of technical terms rather than sentences, so it earned no credit",
    "injection": "spoke to the grader rather than the interviewer, so none of it counted",
}


def _moments(g: QuestionGroup, v: QuestionVerdict) -> list[tuple[tuple[int, int, int], Moment]]:
    """Every telling moment of one question, each with how weak it is (lowest first): an answer
    flagged as earning nothing, a pass, a reply of stock lines, then the question's answer as a whole."""
    on = f"On \"{short(g.question.text)}\""

    def at(t: TurnAnalysis, text: str) -> Moment:
        quote = next(iter(t.sentences), None)
        return Moment(turn=t.turn.index, question_id=g.question.id, text=f"{on}: {text}.",
                      quote=quote.sentence.text if quote else None, start_s=quote.sentence.start_s if quote else None)

    out = [((0, 0, t.turn.index), at(t, f"your answer to {_asked(t)} {_FLAG_MOMENT[t.flags[0].kind]}"))
           for t in g.turns if t.flags]
    if v.verdict == "skipped":
        out.append(((_RANK["skipped"], 0, g.first_turn),
                    Moment(turn=g.first_turn, question_id=g.question.id, text=f"{on}: you passed on this question.")))
        return out
    out += [((VAGUE_RANK, v.score or 0, t.turn.index), at(t, _vague_reply(t))) for t in g.turns if t.vague]
    if v.verdict != "not credited":
        rank = VAGUE_RANK if g.story is not None and g.story.vague else _RANK.get(v.verdict, 3)
        lead = f"your least strong answer, and still {v.verdict}. " if v.verdict in ("strong", "solid") else ""
        quote = _first_sentence(g)
        out.append(((rank, v.score or 0, g.first_turn), Moment(
            turn=g.first_turn, question_id=g.question.id, text=f"{on}: {lead}{v.note}",
            quote=quote.sentence.text if quote else None, start_s=quote.sentence.start_s if quote else None)))
    return out


def weakest_moment(groups: list[QuestionGroup], verdicts: list[QuestionVerdict]) -> Moment | None:
    """Where the session lost most, as it happened: an answer that earned nothing (off topic, a run
    of terms), a question passed on, a reply of stock lines, then the answer furthest short of the
    bar. A relevant answer with a low score is never weaker than one that said nothing. None when
    there is nothing at all."""
    moments = [m for g, v in zip(groups, verdicts) for m in _moments(g, v)]
    return min(moments, key=lambda m: m[0])[1] if moments else None


def next_steps(groups: list[QuestionGroup], verdicts: list[QuestionVerdict], improvements: list[Point],
               strengths: list[Point], n: int = 3) -> list[Point]:
    """The three most useful things to practise, weakest question first, each tied to a quote or a gap."""
    strength_quotes = {p.quote for p in strengths if p.quote}
    steps: list[Point] = []
    seen: set[str] = set()

    def add(p: Point) -> None:
        # Keyed by the gap and by the words: a question's own step and the scorecard's improvement
        # can name the same gap, one with a gap id and one without.
        keys = {k for k in (p.gap, p.text) if k}
        if len(steps) < n and not keys & seen and p.quote not in strength_quotes:
            seen.update(keys)
            steps.append(p)

    # Questions in the order of their weakest moment: an off-topic follow-up inside a strong answer counts.
    order = sorted(zip(groups, verdicts), key=lambda gv: min((m[0] for m in _moments(*gv)), default=(9, 0, 0)))
    per_question = [_question_steps(g) for g, _ in order]
    for first_pass in (True, False):  # one step per question first, weakest question first, then fill
        for cands in per_question:
            for p in cands[:1] if first_pass else cands[1:]:
                add(p)
    told = {p.turn for p in steps if p.gap == "an answer to the question asked"}
    for p in improvements:
        if not p.signal and p.turn in told:
            continue  # the flag's advice, already given for that answer
        if p.indicator:  # a trait never shown, said as something to show next time
            name, _, trait = p.text.partition(": ")
            p = p.model_copy(update={"text": f"Not yet shown ({name.lower()}): {trait}", "gap": trait})
        add(p.model_copy(update={"gap": p.gap or (p.text if not p.quote else None)}))
    return steps


_FLAG_ADVICE = {
    "off_topic": "answer the question that was asked; this answer was about another subject",
    "keyword_salad": "say it in sentences; a list of terms shows no reasoning",
    "injection": "answer the interviewer, not the grader",
}


def _question_steps(g: QuestionGroup) -> list[Point]:
    """What to practise on one question, most telling first: what voided an answer, a reply that
    stayed general, what the story lacked, the first area left out."""
    on = f"On \"{short(g.question.text)}\""
    if g.skipped:
        what = "a story you can tell: the situation, what you did, the result in numbers" if g.story is not None \
            else "an answer you can give"
        return [Point(signal="", turn=g.first_turn, gap="an answer (you passed on it)", text=f"{on}: prepare {what}.")]
    def quoted(t: TurnAnalysis) -> dict:
        first = next(iter(t.sentences), None)
        return {"turn": t.turn.index, "quote": first.sentence.text if first else None,
                "start_s": first.sentence.start_s if first else None}

    out = [Point(signal="", gap="an answer to the question asked", text=f"{on}: {_FLAG_ADVICE[t.flags[0].kind]}.",
                 **quoted(t)) for t in g.turns if t.flags]
    out += [Point(signal="", turn=t.turn.index, gap="an answer to a follow-up you passed on",
                  text=f"{on}: prepare an answer to {_asked(t).removeprefix('the follow-up ')}; you passed on it.")
            for t in g.turns if t.skipped and t.turn.kind == "follow_up"]
    out += [Point(signal="", gap="specifics in a follow-up answer", **quoted(t),
                  text=f"{on}: when asked {_asked(t).removeprefix('the follow-up ')}, answer with specifics: "
                       "who it was, what you did yourself, a number.") for t in g.turns if t.vague]
    if not g.credited:
        return out[:1]  # what voided the answer is all there is to say
    if g.story is not None:
        for want in g.story.missing()[:2]:
            quote = _telling_quote(g, want)
            out.append(Point(signal="", turn=quote.sentence.turn if quote else g.first_turn, gap=want,
                             text=f"{on}: tell {want}.", quote=quote.sentence.text if quote else None,
                             start_s=quote.sentence.start_s if quote else None))
    out += [Point(signal="", turn=g.first_turn, gap=area_left_out(area), text=f"{on}: {area_advice(area)}")
            for area in _uncovered(g)[:1]]
    return out


def _telling_quote(group: QuestionGroup, want: str) -> Analysed | None:
    """A sentence that shows the gap: a "we" sentence when the gap is the candidate's own part."""
    rows = group.credited or [a for t in group.turns for a in t.sentences]
    if "\"I\"" in want:
        return next((a for a in rows if a.sentence.text.lower().startswith(("we ", "so we ", "and we "))
                     or " we " in a.sentence.text.lower()), None)
    if want.startswith("a real example"):
        return rows[0] if rows else None
    return None


def summary_text(overall: int, recommendation: str, level: str, bar: int | None, verdicts: list[QuestionVerdict],
                 strengths: list[Point], weakest: Moment | None) -> str:
    """Two or three sentences: where the session lands, what went best, what to fix first."""
    bar = DEFAULT_BAR if bar is None else bar
    side = "above" if overall >= bar else "below"
    out = [f"You scored {overall}/100, {side} the {level} bar of {bar}, so this session reads as {recommendation}."]
    answered = [v for v in verdicts if v.verdict != "skipped"]
    best = max(answered, key=lambda v: (v.score or 0, -v.turn), default=None)
    if best is not None and best.verdict in ("strong", "solid"):
        # Its own strongest point, when one of the strengths was said on that question.
        after = [v.turn for v in verdicts if v.turn > best.turn]
        own = [p for p in strengths if p.turn is not None and best.turn <= p.turn < min(after, default=10**9)]
        why = f": {_lower_first(own[0].text).rstrip('.')}" if own else ""
        out.append(f"Your best answer was on \"{short(best.question, 60)}\"{why}.")
    if weakest is not None and (best is None or weakest.question_id != best.question_id
                                or weakest.turn != best.turn):
        head, _, note = weakest.text.partition("\": ")
        out.append(f"The weakest moment was {_lower_first(head)}\": {_lower_first(note)}".rstrip(".") + ".")
    skipped = sum(v.verdict == "skipped" for v in verdicts)
    if skipped and len(out) < 3:
        out.append(f"You skipped {skipped} question{'s' if skipped > 1 else ''}.")
    return " ".join(out[:3])
