"""Delivery analytics from word and segment timestamps: pace, fillers, long pauses, talk time.

Speaking time is measured from the first to the last timed word of an answer (silence before the
candidate starts is thinking time, not slow speech). Typed answers have no timestamps, so their
pace is left out rather than guessed.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from agent.session import Session, Turn

PAUSE_S = 2.0
WPM_BAND = (130, 160)  # the usual comfortable range for interview answers
FILLERS_PER_MIN_OK = 3.0
ANSWER_S_BAND = (30, 180)  # a main answer under 30 s is thin; over 3 min loses the listener
TALK_SHARE_BAND = (0.6, 0.8)

# Fillers, each with the context that makes it a filler and not a word doing work.
_FILLERS: list[tuple[str, re.Pattern[str]]] = [
    ("um", re.compile(r"\b(?:um+|umm+|erm+)\b", re.I)),
    ("uh", re.compile(r"\b(?:uh+|er|ah)\b(?!-)", re.I)),
    ("you know", re.compile(r"\byou know\b(?!\s+(?:what|how|that|which|why|when|where|if|whether|the|a|an|it|him|her|them)\b)", re.I)),
    ("i mean", re.compile(r"\bi mean\b(?=\s*,)", re.I)),
    ("sort of", re.compile(r"(?<!\bwhat )(?<!\bthis )(?<!\bthat )(?<!\bsome )(?<!\bany )(?<!\bthe )(?<!\ba )\bsort of\b", re.I)),
    ("kind of", re.compile(r"(?<!\bwhat )(?<!\bthis )(?<!\bthat )(?<!\bsome )(?<!\bany )(?<!\bthe )(?<!\ba )(?<!\bwhich )\bkind of\b", re.I)),
    ("basically", re.compile(r"\bbasically\b", re.I)),
    ("literally", re.compile(r"\bliterally\b", re.I)),
    # "like" is a filler between commas, before another filler, or doubled; not "I like", "looks like".
    ("like", re.compile(r"(?:(?<=,)\s*like\s*(?=,)|\blike,?\s+(?=(?:um|uh|you know)\b)|\blike\s+like\b|^like,)", re.I)),
]


@dataclass(frozen=True)
class Pause:
    turn: int
    at_s: float  # where in the answer audio the pause begins
    duration_s: float


@dataclass
class AnswerDelivery:
    turn: int
    kind: str
    words: int
    speaking_s: float | None
    duration_s: float
    wpm: float | None
    fillers: dict[str, int]
    fillers_per_min: float | None
    long_pauses: list[Pause] = field(default_factory=list)


@dataclass
class Delivery:
    answers: list[AnswerDelivery]
    words: int
    speaking_s: float
    wpm: float | None
    fillers: int
    fillers_per_min: float | None
    filler_counts: dict[str, int]
    long_pauses: int
    longest_pause_s: float
    candidate_talk_s: float
    interviewer_talk_s: float
    talk_share: float | None
    bands: dict[str, str]

    def to_dict(self) -> dict:
        return asdict(self)


def count_fillers(text: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for name, pat in _FILLERS:
        n = len(pat.findall(text))
        if n:
            out[name] = n
    return out


def _timed_words(turn: Turn) -> list[tuple[float, float]]:
    words = [(w.start, w.end) for s in turn.segments for w in s.words]
    if words:
        return sorted(words)
    return [(s.start, s.end) for s in turn.segments if s.text.strip()]  # segment-level fallback


def _answer(turn: Turn) -> AnswerDelivery:
    text = turn.transcript or ""
    n_words = len(re.findall(r"[A-Za-z0-9']+", text))
    timed = _timed_words(turn)
    speaking = round(timed[-1][1] - timed[0][0], 2) if timed else None
    pauses = [
        Pause(turn.index, round(a_end, 2), round(b_start - a_end, 2))
        for (_, a_end), (b_start, _) in zip(timed, timed[1:])
        if b_start - a_end > PAUSE_S
    ]
    fillers = count_fillers(text)
    minutes = (speaking or 0) / 60
    return AnswerDelivery(
        turn=turn.index, kind=turn.kind, words=n_words, speaking_s=speaking, duration_s=round(turn.duration_s, 2),
        wpm=round(n_words / minutes, 1) if minutes > 0 and n_words else None,
        fillers=fillers, fillers_per_min=round(sum(fillers.values()) / minutes, 2) if minutes > 0 else None,
        long_pauses=pauses,
    )


def _band(value: float | None, low: float, high: float, words: tuple[str, str, str]) -> str:
    if value is None:
        return "n/a"
    return words[0] if value < low else words[2] if value > high else words[1]


def compute_delivery(session: Session) -> Delivery:
    answers = [_answer(t) for t in session.turns if (t.transcript or "").strip()]
    timed = [a for a in answers if a.speaking_s]
    speaking = round(sum(a.speaking_s or 0 for a in timed), 2)
    timed_words = sum(a.words for a in timed)
    counts: dict[str, int] = {}
    for a in answers:
        for k, v in a.fillers.items():
            counts[k] = counts.get(k, 0) + v
    timed_fillers = sum(sum(a.fillers.values()) for a in timed)
    pauses = [p for a in answers for p in a.long_pauses]
    interviewer = round(sum(t.prompt_duration_s for t in session.turns), 2)
    share = round(speaking / (speaking + interviewer), 3) if timed else None
    wpm = round(timed_words / (speaking / 60), 1) if speaking > 0 else None
    fpm = round(timed_fillers / (speaking / 60), 2) if speaking > 0 else None
    main = [a.speaking_s for a in timed if a.kind == "question"]
    mean_main = sum(main) / len(main) if main else None
    bands = {
        "wpm": _band(wpm, *WPM_BAND, ("slow", f"good ({WPM_BAND[0]}-{WPM_BAND[1]} wpm)", "fast")),
        "fillers": "n/a" if fpm is None else ("good" if fpm <= FILLERS_PER_MIN_OK else "distracting"),
        "answer_length": _band(mean_main, *ANSWER_S_BAND, ("short", "good", "long")),
        "talk_share": _band(share, *TALK_SHARE_BAND, ("low", "good", "high")),
    }
    return Delivery(
        answers=answers, words=sum(a.words for a in answers), speaking_s=speaking, wpm=wpm,
        fillers=sum(counts.values()), fillers_per_min=fpm, filler_counts=dict(sorted(counts.items())),
        long_pauses=len(pauses), longest_pause_s=max((p.duration_s for p in pauses), default=0.0),
        candidate_talk_s=speaking, interviewer_talk_s=interviewer, talk_share=share, bands=bands,
    )
