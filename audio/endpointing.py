"""End of turn: when has the candidate finished answering?

Each pause is judged once, ``judge_after_s`` into the silence, on what the audio and the words so
far say (see :func:`judge`); the verdict sets how long this pause may last before the turn ends:

- a complete thought ends the turn after ``complete_wait_s`` of silence;
- an unfinished one waits up to ``incomplete_wait_s``;
- a thinking phrase ("let me think", "give me a moment") up to ``thinking_wait_s``.

Speaking again resets it; the next pause is judged afresh. With a fixed ``patience_s`` every pause
lasts that long instead (a thinking phrase still stretches it), and no model runs.

A per-answer cap ends a monologue: once ``max_answer_s`` have passed since the answer began, the
turn ends at the next short breath (``cap_pause_s``) or after ``cap_grace_s`` at the latest. If
nothing is said at all, the turn ends after ``no_speech_timeout_s``.

The detector is fed one VAD decision per frame with the frame's end time in *audio* seconds
(sample count / rate), so its decisions depend only on the audio, never on machine speed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from audio.turn_cues import THINKING_PHRASES, find_thinking_phrase, read_cues

__all__ = ["EndpointingOptions", "EndOfTurn", "EndOfTurnDetector", "Judgement", "PauseToJudge",
           "TurnDecision", "judge", "find_thinking_phrase", "THINKING_PHRASES"]

EndReason = Literal["silence", "cap", "no_speech"]
Verdict = Literal["complete", "incomplete", "thinking"]


@dataclass
class EndpointingOptions:
    patience_s: float | None = None  # a fixed silence that ends a turn; None: judge each pause
    judge_after_s: float = 0.4  # silence before a pause is judged
    complete_wait_s: float = 0.6  # silence that ends a complete thought
    incomplete_wait_s: float = 4.0  # ...an unfinished one
    thinking_wait_s: float = 6.0  # ...one that ends with a thinking phrase (also with a fixed patience)
    complete_threshold: float = 0.5  # smart-turn probability that counts as complete
    use_model: bool = True  # False: the words alone decide (the model is unreliable on synthetic voices)
    thinking_phrases: tuple[str, ...] = THINKING_PHRASES
    thinking_tail_words: int = 4  # the phrase must be among the last words said
    min_speech_s: float = 0.2  # speech needed before the answer counts as started
    max_answer_s: float | None = None  # per-answer cap (None: no cap)
    cap_pause_s: float = 0.3  # after the cap, end at the first pause this long...
    cap_grace_s: float = 5.0  # ...or this long after the cap at the latest
    no_speech_timeout_s: float = 15.0  # nothing said at all

    @property
    def semantic(self) -> bool:
        return self.patience_s is None

    @property
    def longest_wait_s(self) -> float:
        """The longest a pause can last before the turn ends."""
        waits = [self.thinking_wait_s] + ([self.incomplete_wait_s] if self.semantic else [self.patience_s or 0.0])
        return max(waits)


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    wait_s: float  # silence that ends the turn in this pause
    cues: list[str]
    thinking_phrase: str | None = None


def judge(probability: float | None, text: str, o: EndpointingOptions) -> Judgement:
    """The verdict on a pause, from the smart-turn probability (None: not run) and the words so far."""
    cues = read_cues(text, o.thinking_phrases, o.thinking_tail_words)
    labels = cues.labels
    if cues.thinking:
        return Judgement("thinking", o.thinking_wait_s, labels, cues.thinking)
    if not o.semantic:
        return Judgement("complete", o.patience_s or 0.0, labels)
    if cues.hanging or not text.strip():
        return Judgement("incomplete", o.incomplete_wait_s, labels or ["no words yet"])
    if probability is not None and probability < o.complete_threshold:
        return Judgement("incomplete", o.incomplete_wait_s, labels + ["sounds unfinished"])
    return Judgement("complete", o.complete_wait_s, labels + ["sentence ends"])


@dataclass
class TurnDecision:
    """One judged pause, as recorded in session.json (turn.end_of_turn)."""

    at_s: float  # audio time of the judgement
    silence_s: float  # silence so far when judged
    probability: float | None  # smart-turn's probability that the turn is over (None: not run)
    cues: list[str]
    verdict: Verdict
    wait_s: float
    decision: Literal["wait", "end", "resumed"] = "wait"  # the turn ended in this pause, or speech resumed

    def to_dict(self) -> dict:
        return {"at_s": round(self.at_s, 3), "silence_s": round(self.silence_s, 3),
                "probability": None if self.probability is None else round(self.probability, 4),
                "cues": self.cues, "verdict": self.verdict, "wait_s": self.wait_s, "decision": self.decision}


@dataclass(frozen=True)
class EndOfTurn:
    reason: EndReason
    at_s: float  # audio time the decision was made
    last_speech_end_s: float | None  # audio time speech last stopped (None: never started)
    patience_s: float  # the silence this pause was allowed

    @property
    def silence_s(self) -> float:
        return self.at_s - (self.last_speech_end_s or 0.0)


@dataclass(frozen=True)
class PauseToJudge:
    """The current pause needs a verdict: call :meth:`EndOfTurnDetector.decide`."""

    at_s: float
    silence_s: float


@dataclass
class _State:
    speech_s: float = 0.0  # total speech so far
    started_at: float | None = None  # answer start (first speech)
    last_speech_end: float | None = None
    in_speech: bool = False
    wait: float | None = None  # the silence this pause may last (None: not judged yet)
    cap_reached_at: float | None = None
    pause_start: float | None = None
    t: float = 0.0  # audio time of the latest frame
    decisions: list[TurnDecision] = field(default_factory=list)


class EndOfTurnDetector:
    """Feed ``update(t_end_s, is_speech, frame_s)`` once per frame. It returns a
    :class:`PauseToJudge` when a pause needs a verdict (answer it with :meth:`decide`) and an
    :class:`EndOfTurn` once, when the turn is over."""

    def __init__(self, options: EndpointingOptions | None = None) -> None:
        self.options = options or EndpointingOptions()
        self.state = _State()

    @property
    def started(self) -> bool:
        return self.state.started_at is not None

    @property
    def patience_s(self) -> float:
        """The silence the current pause may last (before it is judged: until it is judged)."""
        return self.state.wait if self.state.wait is not None else self._judge_at

    @property
    def decisions(self) -> list[TurnDecision]:
        return self.state.decisions

    @property
    def _judge_at(self) -> float:
        o = self.options
        return o.judge_after_s if o.semantic else (o.patience_s or 0.0)

    def _silence(self, t: float) -> float:
        return t - (self.state.last_speech_end or 0.0)

    def update(self, t_end_s: float, is_speech: bool, frame_s: float) -> EndOfTurn | PauseToJudge | None:
        o, s = self.options, self.state
        s.t = t_end_s
        if is_speech:
            s.speech_s += frame_s
            if not s.in_speech:
                s.in_speech = True
                s.pause_start = None
            if s.started_at is None and s.speech_s >= o.min_speech_s:
                s.started_at = t_end_s - s.speech_s
            if s.wait is not None and s.decisions and s.decisions[-1].decision == "wait":
                s.decisions[-1].decision = "resumed"
            s.wait = None  # speaking again: the next pause is judged afresh
            s.last_speech_end = t_end_s
        elif s.in_speech:
            s.in_speech = False
            s.pause_start = t_end_s - frame_s

        # the cap
        if o.max_answer_s is not None and s.started_at is not None:
            if s.cap_reached_at is None and t_end_s - s.started_at >= o.max_answer_s:
                s.cap_reached_at = t_end_s
            if s.cap_reached_at is not None:
                paused = s.pause_start is not None and t_end_s - s.pause_start >= o.cap_pause_s
                if paused or t_end_s - s.cap_reached_at >= o.cap_grace_s:
                    return EndOfTurn("cap", t_end_s, s.last_speech_end, self.patience_s)

        if s.started_at is None:
            if t_end_s >= o.no_speech_timeout_s and not s.in_speech:
                return EndOfTurn("no_speech", t_end_s, s.last_speech_end, o.no_speech_timeout_s)
            return None
        if s.in_speech or s.last_speech_end is None:
            return None
        silence = self._silence(t_end_s)
        if s.wait is None:
            return PauseToJudge(t_end_s, silence) if silence >= self._judge_at - 1e-9 else None
        return self._end_if_due()

    def judged_at(self, after_s: float, frame_s: float) -> float | None:
        """When (audio seconds) the current pause will be judged, once it has lasted ``after_s``
        but is not judged yet; None otherwise."""
        s = self.state
        if s.started_at is None or s.in_speech or s.last_speech_end is None or s.wait is not None:
            return None
        if self._silence(s.t) < after_s - 1e-9 or frame_s <= 0:
            return None
        return s.last_speech_end + math.ceil((self._judge_at - 1e-9) / frame_s) * frame_s

    def decide(self, judgement: Judgement, probability: float | None = None) -> EndOfTurn | None:
        """Set the verdict on the current pause; the end of the turn if the pause is already long enough."""
        s = self.state
        s.wait = judgement.wait_s
        s.decisions.append(TurnDecision(s.t, self._silence(s.t), probability, judgement.cues,
                                        judgement.verdict, judgement.wait_s))
        return self._end_if_due()

    def _end_if_due(self) -> EndOfTurn | None:
        s = self.state
        if s.wait is not None and self._silence(s.t) >= s.wait - 1e-9:
            s.decisions[-1].decision = "end"
            return EndOfTurn("silence", s.t, s.last_speech_end, s.wait)
        return None
