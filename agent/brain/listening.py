"""What the offline interviewer hears in an answer: a choice to push on.

It reads the candidate's own sentences, so a follow-up can quote what they said ("you'd put a
Redis cache in front of the catalogue") instead of reciting a canned line. Whether an answer names
nothing, or a reply is stock lines, is agent.grading.story's call, so the grade hears it the same way.
"""
from __future__ import annotations

import re
from typing import Sequence

from agent.grading.indicators import specificity
from agent.coverage import normalise
from agent.meaning import sentences

# "I'd use Kafka for the event log", "we went with a monolith first", "I'd put a Redis cache in front".
# Verbs of choosing always make a choice; verbs of building only when they name a system or product.
_CHOOSING = ("use|used|choose|chose|pick|picked|go with|went with|prefer|start with|started with|adopt|adopted|"
             "rely on|relied on|replace|replaced|bet on|opt for|opted for")
_BUILDING = ("put|build|built|introduce|introduced|add|added|store|stored|shard|sharded|cache|cached|split|"
             "move|moved|keep|kept|run|ran")
_CHOICE = re.compile(
    r"\b(?P<subject>I'd|I would|I'll|I will|we'd|we would|we'll|we will|I|we)\s+"
    r"(?:probably\s+|definitely\s+|just\s+|first\s+|still\s+)?"
    rf"(?P<verb>{_CHOOSING}|{_BUILDING})\s+"
    r"(?P<object>[^,.;:!?]{3,90}?)"
    r"(?=\s*(?:[,.;:!?]|$|\b(?:because|so|since|which|and then|but|instead of|rather than|while|until|for now)\b))",
    re.I,
)
_CHOOSING_RE = re.compile(rf"^(?:{_CHOOSING})$", re.I)
_SUBJECT = {"i'd": "you'd", "i would": "you would", "i'll": "you'll", "i will": "you will", "we'd": "you'd",
            "we would": "you would", "we'll": "you'll", "we will": "you will", "i": "you", "we": "you"}
_PRONOUNS = (("my", "your"), ("our", "your"), ("me", "you"), ("us", "you"), ("myself", "yourself"), ("i", "you"),
             ("we", "you"))
_MAX_OBJECT_WORDS = 10


def _second_person(text: str) -> str:
    for mine, yours in _PRONOUNS:
        text = re.sub(rf"\b{mine}\b", yours, text, flags=re.I)
    return text


def choice_made(answers: Sequence[str]) -> str | None:
    """The candidate's choice, told back to them ("you'd put a Redis cache in front of the
    catalogue"): the first one naming a system or product, else the first one."""
    found: list[tuple[bool, str]] = []
    for answer in answers:
        for sentence in sentences(answer):
            for m in _CHOICE.finditer(sentence):
                obj = " ".join(m.group("object").split()[:_MAX_OBJECT_WORDS])
                told = f"{_SUBJECT[m.group('subject').lower()]} {m.group('verb').lower()} {_second_person(obj)}"
                named = bool(specificity(m.group(0), normalise(m.group(0))) & {"named_system", "named"})
                if named or _CHOOSING_RE.match(m.group("verb")):
                    found.append((named, told))
    for named, told in found:
        if named:
            return told
    return found[0][1] if found else None
