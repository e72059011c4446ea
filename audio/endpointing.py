"""End of turn: when has the candidate finished answering?

People pause to think in interviews, so the turn ends only after ``patience_s`` of silence (1.8 s
by default), never on a shorter pause. A thinking phrase at the end of what was said so far ("let
me think", "give me a second"...) stretches the patience for that pause to
``thinking_patience_s``. A per-answer cap ends a monologue: once ``max_answer_s`` have passed since
the answer began, the turn ends at the next short breath (``cap_pause_s``) or after
``cap_grace_s`` at the latest. If nothing is said at all, the turn ends after
``no_speech_timeout_s``.

The detector is fed one VAD decision per frame with the frame's end time in *audio* seconds
(sample count / rate), so its decisions depend only on the audio, never on machine speed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from audio.wer import normalize_text

EndReason = Literal["silence", "cap", "no_speech"]

THINKING_PHRASES: tuple[str, ...] = (
    "let me think",
    "let me see",
    "let me think about that",
    "let me think about it",
    "give me a second",
    "give me a sec",
    "give me a moment",
    "give me a minute",
    "one second",
    "one moment",
    "just a second",
    "just a moment",
    "bear with me",
    "hold on",
    "hang on",
    "good question",
    "that's a good question",
    "let me gather my thoughts",
    "how do i put this",
    "where do i start",
    "hmm",
    "hmm let me see",
)


@dataclass
class EndpointingOptions:
    patience_s: float = 1.8  # silence that ends a turn
    thinking_patience_s: float = 5.0  # silence that ends a turn right after a thinking phrase
    thinking_phrases: tuple[str, ...] = THINKING_PHRASES
    thinking_tail_words: int = 4  # the phrase must be among the last words said
    min_speech_s: float = 0.2  # speech needed before the answer counts as started
    max_answer_s: float | None = None  # per-answer cap (None: no cap)
    cap_pause_s: float = 0.3  # after the cap, end at the first pause this long...
    cap_grace_s: float = 5.0  # ...or this long after the cap at the latest
    no_speech_timeout_s: float = 15.0  # nothing said at all


@dataclass(frozen=True)
class EndOfTurn:
    reason: EndReason
    at_s: float  # audio time the decision was made
    last_speech_end_s: float | None  # audio time speech last stopped (None: never started)
    patience_s: float  # the patience in force when it ended

    @property
    def silence_s(self) -> float:
        return self.at_s - (self.last_speech_end_s or 0.0)


@dataclass
class _State:
    speech_s: float = 0.0  # total speech so far
    started_at: float | None = None  # answer start (first speech)
    last_speech_end: float | None = None
    in_speech: bool = False
    patience: float = 0.0
    thinking: str | None = None  # the phrase that extended this pause
    cap_reached_at: float | None = None
    pause_start: float | None = None


def find_thinking_phrase(text: str, phrases: tuple[str, ...] = THINKING_PHRASES,
                         tail_words: int = 4) -> str | None:
    """The thinking phrase that ``text`` ends with (allowing ``tail_words`` words after it), if any."""
    words = normalize_text(text)
    if not words:
        return None
    best: tuple[int, int, str] | None = None  # (end position, length, phrase): latest, then longest
    for phrase in phrases:
        p = phrase.split()
        # the phrase must end within the last `tail_words` words (one-word phrases must be last)
        slack = tail_words if len(p) >= 2 else 0
        for end in range(len(words), max(len(p), len(words) - slack) - 1, -1):
            if words[end - len(p) : end] == p:
                if best is None or (end, len(p)) > best[:2]:
                    best = (end, len(p), phrase)
                break
    return best[2] if best else None


class EndOfTurnDetector:
    """Feed ``update(t_end_s, is_speech, frame_s)`` once per frame; it returns an :class:`EndOfTurn` once."""

    def __init__(self, options: EndpointingOptions | None = None) -> None:
        self.options = options or EndpointingOptions()
        self.state = _State(patience=self.options.patience_s)

    @property
    def started(self) -> bool:
        return self.state.started_at is not None

    @property
    def patience_s(self) -> float:
        return self.state.patience

    def update(self, t_end_s: float, is_speech: bool, frame_s: float) -> EndOfTurn | None:
        o, s = self.options, self.state
        t_start = t_end_s - frame_s
        if is_speech:
            s.speech_s += frame_s
            if not s.in_speech:
                s.in_speech = True
                s.pause_start = None
            if s.started_at is None and s.speech_s >= o.min_speech_s:
                s.started_at = t_end_s - s.speech_s
            s.patience, s.thinking = o.patience_s, None  # speaking again resets the patience
            s.last_speech_end = t_end_s
        elif s.in_speech:
            s.in_speech = False
            s.pause_start = t_start

        # the cap
        if o.max_answer_s is not None and s.started_at is not None:
            if s.cap_reached_at is None and t_end_s - s.started_at >= o.max_answer_s:
                s.cap_reached_at = t_end_s
            if s.cap_reached_at is not None:
                paused = s.pause_start is not None and t_end_s - s.pause_start >= o.cap_pause_s
                if paused or t_end_s - s.cap_reached_at >= o.cap_grace_s:
                    return EndOfTurn("cap", t_end_s, s.last_speech_end, s.patience)

        if s.started_at is None:
            if t_end_s >= o.no_speech_timeout_s and not s.in_speech:
                return EndOfTurn("no_speech", t_end_s, s.last_speech_end, o.no_speech_timeout_s)
            return None
        if not s.in_speech and s.last_speech_end is not None and t_end_s - s.last_speech_end >= s.patience - 1e-9:
            return EndOfTurn("silence", t_end_s, s.last_speech_end, s.patience)
        return None

    def extend_for_thinking(self, text: str) -> str | None:
        """Called when patience runs out, with the transcript so far. If it ends with a thinking
        phrase (and the pause is not yet extended), the patience for this pause becomes
        ``thinking_patience_s``; returns the phrase, or None if the turn really is over."""
        o, s = self.options, self.state
        if s.thinking is not None or o.thinking_patience_s <= s.patience:
            return None
        phrase = find_thinking_phrase(text, o.thinking_phrases, o.thinking_tail_words)
        if phrase is None:
            return None
        s.thinking, s.patience = phrase, o.thinking_patience_s
        return phrase
