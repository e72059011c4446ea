"""Where an answer's sentences are: the one split the interviewer and the grader both use.

Both embed an answer sentence by sentence, and the grade reuses the embeddings the interview
made, so the two must cut an answer at exactly the same places. A sentence is a character span
of the text, so a quote of it is always the candidate's own words.
"""
from __future__ import annotations

import re

# A sentence ends at . ! ? followed by space; ASR text without punctuation is cut at clause
# boundaries so a quote stays short enough to read.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")
_CLAUSE_BREAK = re.compile(r"[,;:]\s+(?=(?:and|but|so|because|then|which|while|whereas)\b)|;\s+", re.I)
MAX_WORDS = 45
WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’%$.\-/]*")


def spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, in order, surrounding spaces left out."""
    whole: list[tuple[int, int]] = []
    pos = 0
    for m in _SENTENCE_END.finditer(text):
        whole.append((pos, m.start()))
        pos = m.end()
    whole.append((pos, len(text)))
    out: list[tuple[int, int]] = []
    for a, b in whole:
        out.extend(_split_long(text, a, b))
    return [(a, b) for a, b in (_trim(text, a, b) for a, b in out) if b > a]


def _split_long(text: str, a: int, b: int) -> list[tuple[int, int]]:
    if len(WORD.findall(text[a:b])) <= MAX_WORDS:
        return [(a, b)]
    cuts = [m.end() for m in _CLAUSE_BREAK.finditer(text, a, b)]  # finditer's offsets are the text's own
    pieces: list[tuple[int, int]] = []
    start = a
    for c in cuts:
        if len(WORD.findall(text[start:c])) >= 8:
            pieces.append((start, c))
            start = c
    pieces.append((start, b))
    out: list[tuple[int, int]] = []
    for s, e in pieces:  # still long (no punctuation at all): cut every MAX_WORDS words
        words = list(re.finditer(r"\S+", text[s:e]))
        if len(words) <= MAX_WORDS:
            out.append((s, e))
            continue
        for i in range(0, len(words), MAX_WORDS // 2 + 5):
            chunk = words[i : i + MAX_WORDS // 2 + 5]
            out.append((s + chunk[0].start(), s + chunk[-1].end()))
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def split(text: str) -> list[str]:
    """The text's sentences, verbatim."""
    return [text[a:b] for a, b in spans(text)]
