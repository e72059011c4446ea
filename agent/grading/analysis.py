"""Read every answer once: sentences, what each shows, and which answers earn nothing.

The result is plain data the scorer (offline) and the judge (LLM) both use: the LLM judge takes
the same injection and off-topic flags, so neither path credits text aimed at the grader.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Mapping

from agent.answers import is_answer
from agent.coverage import NormalisedText, matched_cue, normalise, tokens
from agent.meaning import relevance
from agent.meaning.areas import ROLE_SHAPES, TOPIC_AREA, asks_for_experience, is_story_question, story_roles
from agent.meaning.relevance import SHORT_ANSWER
from agent.session import Flag, Session, Turn
from question_flows import Question
from rubrics import Rubric

from .gaming import is_injection, is_salad, is_sentence
from .indicators import IndicatorHit, indicator_hits, quality, repeats_question, specificity
from .on_point import on_point
from .questions import QuestionInfo, resolve, subject_stems
from .semantics import AREA_THRESHOLD, SentenceMeaning
from .story import about_other_than_work, tells_past, vague_reply
from .text import Sentence, loose, sentences_of


# Real stories come within 0.26 of one of their question's areas; a story on another subject
# (training for a marathon, told to "engineers pushed back on your spec") within 0.19.
STORY_AREA_FLOOR = 0.22


@dataclass(frozen=True)
class Analysed:
    sentence: Sentence
    hits: tuple[IndicatorHit, ...]
    areas: tuple[str, ...]  # question areas this sentence covers
    kinds: frozenset[str]  # specificity kinds
    quality: float
    why_not: str = ""  # why it earns nothing: injection, salad, too short, or the whole answer does not
    general: bool = False  # sounds like a stock line ("we made sure we had a plan"): quoted for nothing

    @property
    def credited(self) -> bool:
        return not self.why_not


@dataclass
class TurnAnalysis:
    turn: Turn
    question: QuestionInfo
    sentences: list[Analysed] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    skipped: bool = False  # the candidate passed on it: no answer to grade, and no flag either

    @property
    def credited(self) -> list[Analysed]:
        return [a for a in self.sentences if a.credited]

    @cached_property
    def vague(self) -> bool:
        """A follow-up answered in stock lines that name nothing ("It went fine in the end"): the
        interviewer asked for specifics, and the verdict says so (agent.grading.story.vague_reply)."""
        return (self.turn.kind == "follow_up" and not self.skipped and not self.flags
                and vague_reply(self.turn.transcript))


def questions_of(session: Session, rubric: Rubric, bank: dict[str, Question]) -> dict[str, QuestionInfo]:
    """QuestionInfo per question_id, from the bank or inferred from the main question's prompt."""
    out: dict[str, QuestionInfo] = {}
    for n, t in enumerate(session.turns):
        if t.question_id in out:
            continue
        main = next((x for x in session.turns if x.question_id == t.question_id and x.kind == "question"), t)
        out[t.question_id] = resolve(main.prompt_text, rubric, bank, t.question_id, n)
    return out


def asked_stems(turn: Turn, q: QuestionInfo) -> frozenset[str]:
    """The subject words of what was asked in this turn.

    A main question from our bank is its bank text: the spoken prompt around it carries the
    interviewer's greeting and transitions ("a quick ten-minute practice round", "ask me anything
    about scale"), whose words say nothing about the subject. A follow-up adds its own words.
    """
    asked = subject_stems(q.text, q.generic)
    if turn.kind != "question" or q.source != "bank":
        asked |= subject_stems(turn.prompt_text, q.generic)
    return asked


def _off_topic(turn: Turn, q: QuestionInfo, context: list[str], bank: Mapping[str, Question],
               credited: list[Analysed], meaning: SentenceMeaning) -> bool:
    """Far from what was asked in meaning, whatever words it shares with it. Two ways:
    - a main question's answer none of whose sentences comes near any of the question's areas by
      meaning (cue words aside): a caching answer to a rate-limiting question. A story, told in its
      own words, sits far from the areas' phrasings even when squarely on topic, so a story
      question's answer is off topic this way only when it tells no story, is nowhere near
      (STORY_AREA_FLOOR), or tells a story that is not about work at all (a marathon). A story
      squarely on a part of the question's story is about work whatever its words: "billing",
      "invoices" and "sign-ups" are work no word list foresees;
    - agent.meaning.relevance: clearly closer to another question of the bank than to what was
      asked (a follow-up's answer against the follow-up heard and the answers before it, so a
      short direct reply stands), when it covers (almost) none of this question's areas; or no
      sentence of it near the question at all (Kafka and Snowflake to a caching question), whatever
      areas it brushes at the grader's looser line.
    """
    follow_up = turn.kind != "question"
    covered = {x for a in credited for x in a.areas}
    question = bank.get(q.id)  # a free-text question has no profile to judge against
    fit = relevance(turn.transcript, question, bank, turn.prompt_text if follow_up else "", context) if question else None
    if not follow_up and q.areas:
        nearest = max((v for a in credited
                       for v in meaning.area_scores(a.sentence.text, q.id, exemplars=False).values()), default=0.0)
        said = [a.sentence.text for a in credited]
        # Far from every area's phrasing: off topic, unless agent.meaning.relevance finds it on
        # the subject and it covers two areas (by their cues) or is a few words, which sit near
        # no area's phrasing ("When reads repeat a lot.").
        terse = len(turn.transcript.split()) < SHORT_ANSWER
        far_as_design = nearest < AREA_THRESHOLD and (fit is None or fit.off_topic or (len(covered) < 2 and not terse))
        if is_story_question(q.text):
            if _far_as_story(nearest, said, credited, q, meaning):
                return True
        elif asks_for_experience(q.text) and not _far_as_story(nearest, said, credited, q, meaning):
            # "...and have you ever actually pulled that lever?": a story of this question answers it,
            # however far its words are from the design's (or near another question's).
            return False
        elif far_as_design:
            return True
    if fit is None or not fit.off_topic:
        return False
    if not fit.closer_elsewhere:
        return True  # no sentence on the subject: areas brushed at the grader's looser line do not count
    return len(covered) < (1 if follow_up else 2)


def _far_as_story(nearest: float, said: list[str], credited: list[Analysed], q: QuestionInfo,
                  meaning: SentenceMeaning) -> bool:
    """A main answer that is no story of this question: far from its areas and telling nothing past,
    or far from the areas' own phrasings (or about no work at all) without plainly telling one of
    its story's parts, within TOPIC_AREA of the story-part exemplars (all told at work). "I went
    through two hundred crash reports with Tomasz" is 0.20 from its question's own phrasings and 0.49
    from the exemplars; a marathon comes to 0.37, a plan told instead of a story to 0.25."""
    if nearest < AREA_THRESHOLD and not tells_past(said):
        return True
    return (nearest < STORY_AREA_FLOOR or about_other_than_work(said)) and _parts_told(credited, q, meaning) < TOPIC_AREA


def areas_in(sentence: str, q: QuestionInfo, meaning: SentenceMeaning,
             parts: dict[str, frozenset[str]] | None = None,
             area_cues: dict[str, str | None] | None = None) -> tuple[str, ...]:
    """The areas of `q` this sentence covers (parts: story_parts(q); area_cues: each area's cue in
    it, when already found). The offline interviewer asks this too (agent.grading.told)."""
    parts = story_parts(q) if parts is None else parts
    if area_cues is None:
        norm = NormalisedText.of(sentence)
        area_cues = {a.id: matched_cue(a.cues, norm) for a in q.areas}
    asked = frozenset(tokens(q.text))
    # A cue the question itself says ("tradeoff" to "tell me about a tradeoff") is no sign
    # the answer got to the area: repeating the question boosts nothing.
    boosted = {a for a, cue in area_cues.items() if cue is not None and not repeats_question(cue, asked)}
    # A part of a story also by its shape, as the interviewer hears it: "I bought a week of a
    # profiling tool and sent them the three worst files" is the candidate's own part.
    boosted |= told_parts(sentence, parts)
    return same_part(meaning.covers(sentence, q.id, boosted), parts)


def story_parts(q: QuestionInfo) -> dict[str, frozenset[str]]:
    """Area id -> the parts of a story it stands for (agent.meaning.areas; none for a topic)."""
    return {a.id: frozenset(story_roles(a.id, q.text)) for a in q.areas}


def told_parts(sentence: str, parts: dict[str, frozenset[str]]) -> set[str]:
    """The areas whose part of a story the sentence has the shape of (agent.meaning.areas.ROLE_SHAPES)."""
    return {a for a, roles in parts.items() if any(ROLE_SHAPES[role].search(sentence) for role in roles)}


def same_part(areas: tuple[str, ...], parts: dict[str, frozenset[str]]) -> tuple[str, ...]:
    """The areas covered, with the question's other areas that stand for the same part of a story:
    "your role" and "the actions" are both what the candidate did, told in one sentence."""
    told = frozenset().union(*(parts.get(a, frozenset()) for a in areas))
    return areas + tuple(a for a, roles in parts.items() if a not in areas and roles & told)


def _parts_told(credited: list[Analysed], q: QuestionInfo, meaning: SentenceMeaning) -> float:
    """How near the answer comes to a part of the question's story, exemplars included."""
    return max((v for a in credited for v in meaning.area_scores(a.sentence.text, q.id).values()), default=0.0)


def passes(turn: Turn) -> bool:
    """The candidate passed on the question ("I'd rather skip this one, I don't have a good example")."""
    return turn.ended_by == "skip" or not is_answer(turn.transcript, turn.ended_by)


def has_answers(session: Session) -> bool:
    """At least one turn holds an answer: a session of silence and passes gets no verdict."""
    return any(is_answer(t.transcript, t.ended_by) for t in session.turns)


def _distinct_cues(cues: list[str]) -> int:
    """How many different cue phrases a sentence matched. One word can back several indicators
    ("latency" is a cue of three signals), so cues are counted, not the indicators they back."""
    forms = sorted({"".join(tokens(c)) for c in cues} - {""}, key=len, reverse=True)
    kept: list[str] = []
    for f in forms:  # "fresh" inside "freshness" is one cue
        if not any(f in k for k in kept):
            kept.append(f)
    return len(kept)


def analyse_turn(turn: Turn, q: QuestionInfo, rubric: Rubric, meaning: SentenceMeaning,
                 context: list[str], bank: Mapping[str, Question]) -> TurnAnalysis:
    """context: the candidate's earlier answers on this question; bank: the questions an
    off-topic answer might really be answering."""
    ta = TurnAnalysis(turn, q)
    if passes(turn):
        ta.skipped = True
        ta.sentences = [Analysed(s, (), (), frozenset(), 0.0, "skipped") for s in sentences_of(turn)]
        return ta
    rows: list[Analysed] = []
    injected = False
    asked_words = frozenset(tokens(q.text))
    parts = story_parts(q)
    for s in sentences_of(turn):
        norm = NormalisedText.of(s.text)
        spoken = normalise(s.text)
        general = meaning.says_nothing(s.text)
        hits = on_point(tuple(indicator_hits(s.text, spoken, norm, rubric, asked_words)),
                        meaning.indicator_scores(s.text), rubric, s.text, spoken, general)
        area_cues = {a.id: matched_cue(a.cues, norm) for a in q.areas}
        areas = areas_in(s.text, q, meaning, parts, area_cues)
        kinds = specificity(s.text, spoken, q.text)
        why = ""
        if is_injection(s.text):
            why = "injection"
            injected = True
        elif not is_sentence(s.text):
            why = "fragment"
        elif is_salad(s.text, _distinct_cues([h.cue for h in hits] + [c for c in area_cues.values() if c])):
            why = "keyword_salad"
        rows.append(Analysed(s, hits, areas, kinds, quality(kinds), why, general))
    salad_words = sum(len(r.sentence.words) for r in rows if r.why_not == "keyword_salad")
    total_words = sum(len(r.sentence.words) for r in rows) or 1
    if injected:
        # Text aimed at the grader voids the whole answer: credit cannot be bought by appending it.
        quote = next(r.sentence.text for r in rows if r.why_not == "injection")
        ta.flags.append(Flag(kind="injection", turn=turn.index, detail=f"This answer spoke to the grader rather than the interviewer (“{quote}”), "
                                   "so none of it counted."))
        rows = [_void(r, r.why_not or "answer voided by injection") for r in rows]
    elif salad_words / total_words >= 0.4:
        ta.flags.append(Flag(kind="keyword_salad", turn=turn.index,
                             detail="This answer was a run of technical terms rather than sentences, "
                                    "so it earned no credit."))
    credited = [r for r in rows if r.credited]
    asked = asked_stems(turn, q)
    if not injected and credited and _off_topic(turn, q, context, bank, credited, meaning):
        ta.flags.append(Flag(kind="off_topic", turn=turn.index,
                             detail="This answer was about something other than the question asked, "
                                    "so it earned no credit."))
        rows = [_void(r, "off_topic") for r in rows]
    # A story is told whole: its sentences need not each name the question's subject.
    ta.sentences = _anchor(rows, q, asked) if not ta.flags and not is_story_question(q.text) else rows
    return ta


def _anchor(rows: list[Analysed], q: QuestionInfo, asked: frozenset[str]) -> list[Analysed]:
    """Credit only sentences about the question: on it themselves, or next to one that is.

    A polished story about something else must not earn the question's credit; the neighbour
    rule keeps the reasoning that follows a sentence that named the subject.
    """
    on = [r.credited and (bool(r.areas) or bool(asked & subject_stems(r.sentence.text, q.generic))) for r in rows]
    out = []
    for i, r in enumerate(rows):
        near = on[i] or (i > 0 and on[i - 1]) or (i + 1 < len(rows) and on[i + 1])
        out.append(r if not r.credited or near else _void(r, "unrelated to the question"))
    return out


def _void(r: Analysed, why: str) -> Analysed:
    return replace(r, why_not=why)


def analyse(session: Session, rubric: Rubric, questions: dict[str, QuestionInfo],
            bank: Mapping[str, Question] | None = None) -> list[TurnAnalysis]:
    """bank: the questions an off-topic answer might really be answering (none: only the
    nearness to the question's own areas decides)."""
    # An unanswered turn is a pass (silence after a re-prompt); the one the candidate ended the
    # interview on is not part of it.
    turns = [t for t in session.turns if t.transcript.strip() or t.ended_by != "end"]
    meaning = SentenceMeaning.of([s.text for t in turns for s in sentences_of(t)],
                                 list({questions[t.question_id].id: questions[t.question_id] for t in turns}.values()),
                                 rubric)
    out: list[TurnAnalysis] = []
    earlier: dict[str, list[str]] = {}
    for t in turns:
        context = earlier.setdefault(t.question_id, [])
        out.append(analyse_turn(t, questions[t.question_id], rubric, meaning, list(context), bank or {}))
        context.append(t.transcript)
    # Saying the same sentence again adds nothing: only its first occurrence is credited.
    seen: set[str] = set()
    for ta in out:
        for i, r in enumerate(ta.sentences):
            key = loose(r.sentence.text)
            if r.credited and key in seen:
                ta.sentences[i] = _void(r, "repeated")
            seen.add(key)
    return out
