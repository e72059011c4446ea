"""Answers cut into sentences that keep their place: turn, character span and start time.

Evidence must be the candidate's own words, so a sentence is always an exact slice of the turn's
transcript, and its start time comes from the word (or segment) timestamps of that turn.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from agent.sentences import WORD, spans
from agent.session import Segment, Turn

@dataclass(frozen=True)
class Sentence:
    turn: int  # Turn.index
    start: int  # char offset in the turn transcript
    end: int
    text: str  # == transcript[start:end], verbatim
    start_s: float | None  # seconds from the start of the answer audio

    @property
    def words(self) -> list[str]:
        return WORD.findall(self.text)


def _segment_offsets(transcript: str, segments: list[Segment]) -> list[tuple[int, Segment]]:
    """Where each segment's text begins in the transcript (segments are joined in order)."""
    out: list[tuple[int, Segment]] = []
    pos = 0
    for seg in segments:
        t = seg.text.strip()
        if not t:
            continue
        i = transcript.find(t, pos)
        if i < 0:
            i = pos  # transcript was edited; keep order, approximate the place
        out.append((i, seg))
        pos = i + len(t) if i >= pos else pos
    return out


def _norm_word(w: str) -> str:
    return re.sub(r"[^a-z0-9]", "", w.lower())


def _time_at(transcript: str, offsets: list[tuple[int, Segment]], char: int) -> float | None:
    if not offsets:
        return None
    seg_start, seg = offsets[0]
    for off, s in offsets:
        if off <= char:
            seg_start, seg = off, s
        else:
            break
    seg_text = seg.text.strip()
    into = max(0, char - seg_start)
    if seg.words:
        # The n-th word of the segment text is the n-th timed word, when the counts agree.
        n = len(re.findall(r"\S+", seg_text[:into]))
        timed = [w for w in seg.words if _norm_word(w.word)]
        if n < len(timed):
            return round(timed[n].start, 2)
        return round(timed[-1].start, 2) if timed else round(seg.start, 2)
    frac = into / max(1, len(seg_text))
    return round(seg.start + frac * (seg.end - seg.start), 2)


def sentences_of(turn: Turn) -> list[Sentence]:
    text = turn.transcript or ""
    offsets = _segment_offsets(text, turn.segments)
    return [
        Sentence(turn.index, a, b, text[a:b], _time_at(text, offsets, a))
        for a, b in spans(text)
    ]


_WS = re.compile(r"\s+")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def loose(text: str) -> str:
    """Case, whitespace and typographic-quote tolerant form, for checking quotes."""
    return _WS.sub(" ", text.translate(_QUOTES).casefold()).strip()


def find_verbatim(quote: str, transcript: str) -> tuple[int, int] | None:
    """The span of `transcript` that `quote` reproduces, ignoring case and whitespace; None if absent."""
    q = loose(quote).strip(" .,;:!?\"'")
    if len(q) < 3:
        return None
    # Build the loose transcript while remembering where each loose char came from.
    src = transcript.translate(_QUOTES)
    chars: list[str] = []
    where: list[int] = []
    prev_space = True
    for i, ch in enumerate(src):
        if ch.isspace():
            if not prev_space:
                chars.append(" ")
                where.append(i)
            prev_space = True
            continue
        for c in ch.casefold():
            chars.append(c)
            where.append(i)
        prev_space = False
    hay = "".join(chars)
    k = hay.find(q)
    if k < 0:
        return None
    return where[k], where[k + len(q) - 1] + 1


_ENDS_SENTENCE = ".!?\"”’')"


def cited(quote: str, transcript: str = "") -> str:
    """A quote as the reader sees it: a piece of a longer sentence (a long one is cut at a clause
    boundary, agent.sentences) is marked by an ellipsis where it was cut, so it never reads as if
    the candidate stopped mid-thought. `transcript`: the turn's text, where the quote was said."""
    q = quote.strip()
    if not q:
        return q
    said = transcript.rstrip()
    span = find_verbatim(q, said) if said else None
    if span is not None:
        before = said[: span[0]].rstrip()
        cut_before = bool(before) and before[-1] not in _ENDS_SENTENCE
        cut_after = span[1] < len(said) and q[-1] not in _ENDS_SENTENCE
    else:
        cut_before, cut_after = q[0].islower(), q[-1] not in _ENDS_SENTENCE
    if cut_after:
        q = q.rstrip(",;:-– ") + "…"
    return "…" + q if cut_before else q
