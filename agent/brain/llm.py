"""The LLM brain: generated follow-ups and per-signal judging through any OpenAI-compatible server.

It never decides alone what the offline brain already decides well (budgets, re-prompts, moving
on, which gap to aim at); it words the follow-up from the candidate's own answer, and it grades.
Every failure after retries falls back to the offline brain for that one step, and says so: an
Event on `self.events` for follow-ups (the runner copies them into session.json; the terminal is
told through `notify`), and on the Grade for grading (record_grade copies those into session.json),
never both. A refused connection or a timeout opens the client's circuit breaker: the terminal is
told once, and every later step goes straight to the offline brain without waiting on the network.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from typing import Callable, Iterator

from pydantic import BaseModel, Field, ValidationError

from agent.brain.base import Decision, FollowUpContext
from agent.brain.offline import OfflineBrain
from agent.grading.analysis import Analysed, TurnAnalysis
from agent.grading.indicators import IndicatorHit
from agent.grading.offline import GRADER_VERSION, Prepared, assemble, prepare, signal_grade
from agent.grading.scoring import SignalResult
from agent.grading.text import Sentence, find_verbatim
from agent.llm.client import LLMClient, LLMError
from agent.llm.config import LLMConfig
from agent.llm.notices import fallback_notice, step_fallback_notice
from agent.llm.prompts import JUDGE_SCHEMA, follow_up_messages, judge_messages
from agent.progress import tell
from agent.session import Event, Grade, Session, SignalGrade
from question_flows import Question
from rubrics import Rubric, Signal

NO_EVIDENCE_CAP = 15  # an LLM score with no quote found in the transcript is low by construction
MAX_QUOTES = 3  # per signal, as JUDGE_SCHEMA allows one reply
MAX_FOLLOW_UP_WORDS = 35
_SENTENCE_END = re.compile(r"[.?!](?=\s|$)")
# What each of the offline brain's probes (brain.offline.PROBE_ORDER) asks the model to aim at.
PROBE_TARGETS = {
    "metric": "the metric that shows success, and the one it might quietly break",
    "tradeoff": "the tradeoff they made, the side they picked and what would flip it",
    "failure_path": "where it fails first and what happens to users then",
    "retrospective": "what they would do differently", "scope": "how they scoped it",
    "specifics": "concrete specifics: numbers, named systems, what they personally did",
    "concrete": "one real, concrete example: the product, the people, what happened, with numbers",
    "steer_back": "the question itself, since their last answer was about something else",
    "pushback": "the choice they made, quoted back to them: what would make them regret it",
}


class JudgeQuote(BaseModel):
    turn: int
    quote: str


class JudgeReply(BaseModel):
    score: int = Field(ge=0, le=100)
    evidence: list[JudgeQuote] = Field(default_factory=list)
    gaps: list[str] = Field(default_factory=list)


def _validate_reply(data: dict) -> JudgeReply:
    try:
        return JudgeReply.model_validate(data)
    except ValidationError as e:
        raise ValueError(f"schema violation: {e.errors()[0]['loc']} {e.errors()[0]['msg']}") from None


def stream_sentences(deltas: Iterator[str]) -> Iterator[str]:
    """Re-cut a stream of text deltas into whole sentences, each yielded as soon as it ends.

    Unlike `audio.tts.split_sentences` (whole text, a sentence ends where the next one starts),
    a delta ending in "?" ends its sentence at once, so speech of it can start early."""
    buf = ""
    for d in deltas:
        buf += d
        while (m := _SENTENCE_END.search(buf)) is not None:
            end = m.end()
            sentence, buf = buf[:end].strip(), buf[end:]
            if sentence:
                yield sentence
    if buf.strip():
        yield buf.strip()


def _clean(sentence: str) -> str:
    return sentence.strip().strip('"“”').removeprefix("Interviewer:").strip()


class LLMBrain:
    name = "llm"

    def __init__(self, config: LLMConfig) -> None:
        self.config = config
        self.client = LLMClient(config, on_trip=self._unreachable)
        self.notify: Callable[[str], None] = tell  # the terminal hears of each fallback; of a dead server once
        self.fallback = OfflineBrain()  # budgets, re-prompts, moving on and which gap to aim at
        self.events: list[Event] = []
        # A LangGraph node re-runs from the top on resume: the same context must give the same line.
        self._decisions: dict[str, Decision] = {}
        self.on_sentence: Callable[[str], None] | None = None  # e.g. start TTS on the first sentence

    @property
    def label(self) -> str:
        return f"llm:{self.config.model}"

    def drain_events(self) -> list[Event]:
        out, self.events = self.events, []
        return out

    def _unreachable(self, reason: str) -> None:
        self.notify(fallback_notice(f"{self.config.model} is unreachable ({reason})"))

    def _event(self, kind: str, message: str) -> None:
        self.events.append(Event(kind=kind, message=message))
        if kind == "llm_fallback" and not self.client.unreachable:  # a dead server was told of once
            self.notify(step_fallback_notice(message))

    # ---- interviewer -------------------------------------------------------------------------

    def next_step(self, ctx: FollowUpContext) -> Decision:
        base = self.fallback.next_step(ctx)
        if base.action != "follow_up":
            return base
        key = hashlib.sha256(ctx.model_dump_json().encode()).hexdigest()
        if key in self._decisions:
            return self._decisions[key]
        sentences: list[str] = []
        for s in self.stream_follow_up(ctx, base):
            sentences.append(s)
            if self.on_sentence is not None:
                self.on_sentence(s)
        text = " ".join(sentences)
        if text == base.text:
            decision = base  # fell back; the event is already recorded
        else:
            decision = Decision(action="follow_up", text=text, area=base.area, probe=base.probe,
                                reason=f"llm follow-up; {base.reason}")
        self._decisions[key] = decision
        return decision

    def stream_follow_up(self, ctx: FollowUpContext, base: Decision | None = None) -> Iterator[str]:
        """The follow-up, sentence by sentence as the model writes it; the offline line on failure."""
        base = base or self.fallback.next_step(ctx)
        q = ctx.question
        target = base.reason
        if base.area:
            area = next((a for a in q.areas_to_cover if a.id == base.area), None)
            target = area.description if area else base.area
        elif base.probe:
            target = PROBE_TARGETS.get(base.probe, base.probe)
        exchanges = [(t.text, t.transcript, i + 1) for i, t in enumerate(ctx.turns)]
        persona = f"{ctx.flow.persona.name}, {ctx.flow.persona.role}"
        messages = follow_up_messages(q.text, exchanges, target, persona)
        words = 0
        yielded = 0
        held: list[str] = []  # a lead-in statement waits until a question follows it
        try:
            for sentence in stream_sentences(self.client.stream_text(messages, max_tokens=90)):
                sentence = _clean(sentence)
                if not sentence:
                    continue
                words += len(sentence.split())
                if words > MAX_FOLLOW_UP_WORDS + 10 or len(held) + yielded >= 3:
                    break
                held.append(sentence)
                if sentence.endswith("?"):
                    for h in held:
                        yielded += 1
                        yield h
                    held = []
                    if words > MAX_FOLLOW_UP_WORDS or yielded >= 2:
                        break  # short enough to be spoken
        except LLMError as e:
            if not yielded:
                self._event("llm_fallback", f"follow-up on {q.id}: {e}; the offline brain asked instead")
                yield base.text
            else:
                self._event("llm_stream_cut", f"follow-up on {q.id}: {e} after the question was asked")
            return
        if not yielded:
            # Not a question (small models sometimes describe instead of ask): ask the offline one.
            self._event("llm_fallback", f"follow-up on {q.id}: the reply held no question; the offline brain asked instead")
            yield base.text

    # ---- judge -------------------------------------------------------------------------------

    def grade(self, session: Session, rubric: Rubric, level: str, *, bank: dict[str, Question] | None = None,
              questions: dict | None = None, created_at: str | None = None) -> Grade:
        prepared = prepare(session, rubric, bank, questions)
        turns = self._judge_turns(prepared)
        results: list[SignalResult] = []
        signals: list[SignalGrade] = []
        events: list[Event] = []
        dropped = 0
        llm_used = 0
        unreachable: list[str] = []  # signals graded offline because the server is gone: one note for all
        for r in prepared.results:
            replies: list[JudgeReply] = []
            if r.assessed:
                replies, error = self._judge(r.signal, rubric, level, turns)
                asks = max(1, self.config.judge_asks)
                if not replies and self.client.unreachable:
                    unreachable.append(r.signal.id)
                elif not replies:
                    events.append(Event(kind="llm_fallback", message=f"grading {r.signal.id}: {error}; offline score used"))
                elif len(replies) < asks:  # the median of fewer readings: say so, since it is less steady
                    events.append(Event(kind="llm_partial", message=f"grading {r.signal.id}: {len(replies)} of {asks} "
                                                                    f"asks answered ({error}); their median counts"))
            if not replies:  # not probed, or the LLM failed: the offline score stands
                results.append(r)
                signals.append(signal_grade(r, rubric, level))
                continue
            llm_used += 1
            middle = sorted(replies, key=lambda x: x.score)[(len(replies) - 1) // 2]  # the median ask
            kept, lost = self._verify([middle, *(x for x in replies if x is not middle)], prepared, r.signal.id)
            dropped += lost
            lr = replace(r, score=middle.score if kept else min(middle.score, NO_EVIDENCE_CAP), evidence=kept,
                         candidates=kept)
            results.append(lr)
            signals.append(signal_grade(lr, rubric, level, source="llm",
                                        gap_list=[g.strip()[:200] for g in middle.gaps if g.strip()][:4]))
        if unreachable:
            events.append(Event(kind="llm_fallback", message=f"grading {', '.join(unreachable)}: the LLM is unreachable "
                                                             f"({self.client.unreachable}); offline scores used"))
        brain = self.label if llm_used else "offline"
        settings = {"rubric": rubric.id, "level": level, "brain": "llm", "grader": GRADER_VERSION,
                    "llm": {**self.config.public(), "response_format": self.client.format_mode}}
        grade = assemble(results, signals, rubric, level, prepared, brain, settings, created_at)
        grade.dropped_quotes = dropped
        if dropped:
            events.append(Event(kind="quotes_dropped",
                                message=f"{dropped} quote(s) from the LLM were not in the transcript and were dropped"))
        grade.events = events
        return grade

    def _judge(self, signal: Signal, rubric: Rubric, level: str,
               turns: list[tuple[int, str, str]]) -> tuple[list[JudgeReply], str]:
        """The signal judged `judge_asks` times, each ask ending differently; the replies that parsed."""
        replies: list[JudgeReply] = []
        error = ""
        for ask in range(max(1, self.config.judge_asks)):
            try:
                replies.append(self.client.chat_json(judge_messages(signal, rubric, level, turns, ask), JUDGE_SCHEMA,
                                                     "signal_grade", _validate_reply))
            except LLMError as e:
                error = str(e)
                if self.client.unreachable:
                    break
        return replies, error

    @staticmethod
    def _judge_turns(prepared: Prepared) -> list[tuple[int, str, str]]:
        out = []
        for ta in prepared.analyses:
            kinds = {f.kind for f in ta.flags}
            if "injection" in kinds:
                text = "[answer withheld: it addressed the grader; it earns nothing]"
            elif "off_topic" in kinds:
                text = "[answer withheld: off topic; it earns nothing]"
            else:
                text = ta.turn.transcript
            out.append((ta.turn.index, ta.turn.prompt_text, text))
        return out

    @staticmethod
    def _verify(replies: list[JudgeReply], prepared: Prepared, signal_id: str) -> tuple[list[Analysed], int]:
        """Quotes found verbatim (case/whitespace tolerant) in a credited answer, the median ask's first,
        at most MAX_QUOTES, each within one sentence; and how many distinct quotes were not in the transcript."""
        usable = {ta.turn.index: ta for ta in prepared.analyses if not ta.flags}
        kept: list[Analysed] = []
        seen: set[tuple[int, int]] = set()
        invented: set[str] = set()
        for ev in (ev for reply in replies for ev in reply.evidence):
            order = [ev.turn] + [i for i in sorted(usable) if i != ev.turn]  # the model may misnumber turns
            found = None
            for idx in order:
                ta = usable.get(idx)
                span = find_verbatim(ev.quote, ta.turn.transcript) if ta else None
                if span:
                    found = (ta, span)
                    break
            if not found:
                invented.add(" ".join(ev.quote.lower().split()))
                continue
            ta, (a, b) = found
            if len(kept) >= MAX_QUOTES:
                continue
            one = _one_sentence(ta, a, b, signal_id, seen)
            if one is None:
                continue
            sent, quality = one
            seen.add((ta.turn.index, sent.start))
            kept.append(Analysed(sent, (IndicatorHit(signal_id, "llm", ""),), (), frozenset(), quality))
        return kept, len(invented)


def _one_sentence(ta: TurnAnalysis, a: int, b: int, signal_id: str,
                  seen: set[tuple[int, int]]) -> tuple[Sentence, float] | None:
    """The quote at transcript[a:b] as evidence, with the offline analysis's quality of its sentence: a
    general one is no strength (Qwen 1.5B quoted "AI belongs when it adds value and doesn't belong when
    it doesn't" as one). Itself when it lies within one sentence, else the one sentence inside it that
    shows this signal best; None when that was already kept.

    A small model often "quotes" a whole paragraph, or the whole answer, for every signal: verbatim,
    but as evidence it points at nothing. Which sentence of it shows the signal is the offline
    analysis's call (a firm indicator of this signal first, then the most specific sentence)."""
    inside = [x for x in ta.sentences if x.sentence.start < b and x.sentence.end > a]
    if len(inside) > 1:
        fresh = [x for x in inside if (ta.turn.index, x.sentence.start) not in seen]
        if not fresh:
            return None
        best = max(fresh, key=lambda x: (any(h.signal == signal_id and h.firm for h in x.hits), x.credited,
                                         x.quality, -x.sentence.start))
        return best.sentence, best.quality
    if (ta.turn.index, a) in seen:
        return None
    # The start time of the sentence holding the quote (quotes may start mid-sentence).
    holder = inside[0] if inside else None
    return (Sentence(ta.turn.index, a, b, ta.turn.transcript[a:b], holder.sentence.start_s if holder else None),
            holder.quality if holder else 0.0)
