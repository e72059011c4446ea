"""Telling a real answer from silence, filler or a request to skip."""
from __future__ import annotations

import re

from agent.coverage import normalise

FILLERS = frozenset("um uh er ah hmm mm erm uhm like so well okay ok yeah".split())

# Ways people pass on a question, matched on normalised text (lower case, no apostrophes).
_PASS = re.compile(r"\b(?:" + "|".join((
    r"(?:rather|like to|want to|can we|could we|lets|let me|ill|i will|i must|have to|going to|gonna) (?:just )?(?:skip|pass)",
    r"skip (?:this|that|it|the question|this question|this one|that one)", r"^(?:skip|pass)\b",
    r"\b(?:skip|pass)$", r"next question", r"(?:a |another )different question", r"another question",
    r"move on", r"(?:come|circle|get|go) back to (?:this|that|it)", r"rather not", r"prefer not",
    r"(?:dont|do not|didnt|did not) (?:really )?have (?:a |an |any )?(?:good |real |great |relevant |concrete )?"
    r"(?:example|story|answer|experience)",
    r"(?:cant|cannot|can not|couldnt) (?:really )?(?:think of|come up with|recall|remember) (?:one|an example|a story|anything|a good|any)",
    r"nothing (?:really )?comes to mind", r"(?:draw|drawing|drew) a blank", r"blanking", r"mind (?:is|went|goes) blank",
    r"(?:havent|have not|never) (?:really |actually |honestly |personally )?(?:done|had|worked (?:on|with)|been in|faced|"
    r"dealt with|run|led|managed|built|used|seen|had to do)(?: (?:that|this|it|one|anything like (?:that|this)|something like (?:that|this)))?$",
    r"not (?:something|a thing|an area) (?:i|ive|i have) (?:done|had|worked on|dealt with)",
    r"no (?:real )?experience (?:with|in|of)", r"not my area", r"out of my depth",
    r"i (?:dont|do not) know", r"no idea", r"not sure", r"no comment", r"nothing to add", r"i have nothing", r"ive got nothing",
)) + r")")
# "I don't know the exact number, but we cut it by half": a pass followed by substance is an answer.
_BUT = re.compile(r"\b(?:but|though|although|however|that said|still|so let me|instead)\b")
_SENTENCE = re.compile(r"(?<=[.!?;,])\s+")
PASS_SENTENCE_MAX_WORDS = 14  # a longer sentence with a pass phrase in it is telling something
SKIP_MAX_WORDS = 30


def content_words(text: str) -> list[str]:
    return [w for w in normalise(text).split() if w not in FILLERS]


def is_empty(text: str) -> bool:
    """No words beyond fillers: silence, a cough, "um"."""
    return not content_words(text)


def _passes(sentence: str) -> bool:
    norm = " ".join(content_words(sentence))
    match = _PASS.search(norm)
    if match is None or len(norm.split()) > PASS_SENTENCE_MAX_WORDS:
        return False
    rest = _BUT.split(norm[match.end():], maxsplit=1)
    return len(rest) == 1 or len(rest[1].split()) < 4 or bool(_PASS.search(rest[1]))


def is_skip(text: str) -> bool:
    """An answer whose point is to pass on the question: "I'd rather skip this one, I don't have a
    good example", "can we come back to that?", "I honestly haven't done that". Every part of it
    passes or fills; "I don't know the exact number, but it roughly halved" goes on, so it answers."""
    if is_empty(text) or len(content_words(text)) > SKIP_MAX_WORDS:
        return False
    parts = [p for p in _SENTENCE.split(text.strip()) if not is_empty(p)]
    return any(_passes(p) for p in parts) and all(_passes(p) or len(content_words(p)) <= 3 for p in parts)


def is_answer(transcript: str, ended_by: str = "answer") -> bool:
    """Something was said, and it was not a pass: a turn that can be graded."""
    return ended_by != "skip" and not is_empty(transcript) and not is_skip(transcript)
