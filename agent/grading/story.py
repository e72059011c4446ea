"""Behavioral answers read as stories: what happened, what *I* did, what came of it, what changed.

An interviewer hearing "tell me about a time..." listens for a real episode: a situation with a
named product, person or system; the candidate's own actions ("I rewrote the spec", not "we
aligned"); a result they can put a number on; and what they do differently since. Owning a
mistake is said in many ways ("she was right", "I was solving the wrong problem", "honestly it
stung"), so it is read from the shape of the sentence, not from one stock phrase. A story with
no named product, person, number or result is vague: it earns no strengths, however many of the
rubric's words it uses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from agent.coverage import normalise
from agent.meaning import sentences as split_sentences
from agent.meaning.general import sounds_general

from .indicators import FIGURE, NUMBER_WITH_UNIT, OWNS_MISTAKE, PAST_ACTION, specificity

# The candidate's own action, in the past tense: "I rewrote", "I asked Priya", "I went back".
_I_DID = re.compile(rf"\bI\s+(?:then\s+|also\s+|finally\s+|personally\s+|first\s+)?(?:{PAST_ACTION}|did)\b", re.I)
_WE_DID = re.compile(rf"\bwe\s+(?:then\s+|also\s+|finally\s+|all\s+)?(?:{PAST_ACTION}|did|had)\b", re.I)

# A result: an outcome verb, ideally with a number ("cut the rework tickets from twenty to five").
_RESULT = re.compile(
    r"\b(?:cut|reduced|dropped|fell|rose|grew|doubled|halved|tripled|improved|increased|decreased|saved|"
    r"went from|went down|went up|came down|brought (?:it |that )?down|shipped|launched|landed|recovered|"
    r"turned out|in the end|the result|as a result|the outcome|ended up|which meant)\b", re.I)

# What they changed afterwards, for good: the lesson put into practice.
_AFTERWARDS = re.compile(
    r"\b(?:since then|ever since|from then on|these days|nowadays|to this day|going forward|"
    r"now I|I now|I still|I always|every (?:spec|plan|launch|project|time) I|next time|the next time|"
    r"afterwards,? I|after that,? I|I (?:started|stopped|changed how|changed the way|learned to)|"
    r"(?:it|that|which) taught me)\b", re.I)
# A lesson drawn but not (yet) shown in practice: half of "what changed afterwards".
_LESSON = re.compile(r"\b(?:in hindsight|looking back|I should have|next time|I learned|the lesson|"
                     r"I'd do (?:it )?differently|if I did it again)\b", re.I)

# A product or system named by its initials ("SSO", "CRM"); "I", "PM" and "OK" name nothing.
_ACRONYM = re.compile(r"\b(?!(?:PM|OK|TPM|AM|US|IT)\b)[A-Z]{2,5}s?\b")
# A person introduced by name at the start of a sentence: "Lin, a senior engineer on search, wrote...",
# "Maria, our tech lead, showed me...", which the name check (after the first word) cannot see.
_INTRODUCED = re.compile(r"^[A-Z][a-z]{2,},\s+(?:a|an|our|my|the|who|one of)\b")


def names_something(sentence: str) -> bool:
    """A named product, person, team or system in the sentence."""
    return bool(specificity(sentence) & {"named", "named_system"} or _ACRONYM.search(sentence)
                or _INTRODUCED.search(sentence))


_PAST = re.compile(rf"\b(?:was|were|had|did|said|decided|agreed|realised|realized|noticed|turned out|{PAST_ACTION}|"
                   r"\w+ed (?:the|a|an|it|them|that|our|my))\b", re.I)


# Work a TPM's story happens in: a marathon story, however well told, is about something else.
_WORK = re.compile(
    r"\b(?:engineer\w*|team\w*|product\w*|customer\w*|users?|launch\w*|releas\w*|feature\w*|services?|"
    r"system\w*|api\w*|data|metric\w*|specs?|bugs?|sprint\w*|roadmap\w*|deploy\w*|outage\w*|incident\w*|"
    r"stakeholder\w*|manager\w*|lead|leads|design\w*|code|platform\w*|migration\w*|database\w*|model\w*|"
    r"client\w*|company|companies|business\w*|project\w*|tickets?|revenue|pages?|app|apps|dashboard\w*)\b", re.I)


# Fewer words tell no story of their own: "We had a disagreement once." is thin, not about
# something else, and thinness is the score's business.
STORY_MIN_WORDS = 20


def about_other_than_work(sentences: list[str]) -> bool:
    """A story told at some length with nothing of work in it: the marathon, the wedding."""
    told = sum(len(s.split()) for s in sentences) >= STORY_MIN_WORDS
    return told and not any(_WORK.search(s) for s in sentences)


VAGUE_MIN_WORDS = 8  # shorter replies are terse, not vague


def names_nothing(answer: str) -> bool:
    """An answer of some length with no named product, system or person and no figure: the
    "we had a tradeoff once about performance versus features" kind."""
    if len(answer.split()) < VAGUE_MIN_WORDS:
        return False
    return not any(names_something(s) or "number" in specificity(s, normalise(s)) or FIGURE.search(s)
                   for s in split_sentences(answer))


def vague_reply(answer: str) -> bool:
    """A reply to a follow-up that names nothing and is mostly stock lines ("It went fine in the
    end. I think we all learned something about communication."): it answers no question. A plain
    reply that tells something ("She said the rebuild was waking her team up at night") is not."""
    return names_nothing(answer) and sounds_general(answer)


# What the interviewer says to a vague reply: the follow-up again, asking for specifics.
SPECIFIC_ASK = "Can you make that specific?"
SPECIFIC_WHAT = "A name, a number, or something you did yourself would help."


def ask_for_specifics(follow_up: str) -> str:
    return f"{SPECIFIC_ASK} {follow_up} {SPECIFIC_WHAT}"


def follow_up_itself(prompt: str) -> str:
    """The follow-up as first asked, without the ask for specifics a vague reply put around it."""
    return prompt.removeprefix(f"{SPECIFIC_ASK} ").removesuffix(f" {SPECIFIC_WHAT}")


def tells_past(sentences: list[str]) -> bool:
    """Something happened: a story is told in the past ("I rewrote", "she was right"), a plan
    ("I would read from the primary database") is no story."""
    return any(_I_DID.search(s) or _WE_DID.search(s) or _PAST.search(s) for s in sentences)


@dataclass(frozen=True)
class StoryShape:
    """What a behavioral answer (a question and its follow-ups) showed of a real story."""

    named: bool  # a named product, person, team or system
    number: bool  # any figure with a unit
    own_action: bool  # "I" did something, in the past
    we_only: bool  # actions only ever told as "we"
    result: bool  # an outcome is told
    result_number: bool  # an outcome carries a number
    afterwards: bool  # what they changed since
    lesson: bool  # a lesson drawn, in hindsight
    owns_mistake: bool

    @property
    def vague(self) -> bool:
        """No named product, person or system and no number: nothing a listener could check.
        A result told in general words ("it turned out well") does not make it concrete."""
        return not (self.named or self.number)

    @property
    def parts(self) -> float:
        """0-1: how much of situation, own action, numbered result and the change afterwards it told."""
        situation = 1.0 if self.named else 0.0
        action = 1.0 if self.own_action else (0.4 if not self.we_only else 0.2)
        result = 1.0 if self.result_number else (0.5 if self.result else 0.0)
        after = 1.0 if self.afterwards else (0.5 if self.lesson else 0.0)
        return (situation + action + result + after) / 4

    def missing(self) -> list[str]:
        """What a listener would still ask about, in plain words, most telling first."""
        out = []
        if self.vague:
            out.append("a real example: name the product, the person and what actually happened")
        if not self.own_action:
            out.append("what you did yourself, said as \"I\" rather than \"we\"")
        if not self.result_number:
            out.append("the result, with a number")
        if not self.afterwards:
            out.append("what you changed afterwards")
        return out


def story_shape(sentences: list[str]) -> StoryShape:
    """sentences: the credited sentences of one question's answers, in order."""
    named = number = own = we = result = result_number = after = lesson = owns = False
    for s in sentences:
        has_number = bool(NUMBER_WITH_UNIT.search(s) or FIGURE.search(s))
        named = named or names_something(s)
        number = number or has_number
        own = own or bool(_I_DID.search(s))
        we = we or bool(_WE_DID.search(s))
        if _RESULT.search(s):
            result = True
            result_number = result_number or has_number
        after = after or bool(_AFTERWARDS.search(s))
        lesson = lesson or bool(_LESSON.search(s))
        owns = owns or bool(OWNS_MISTAKE.search(s))
    return StoryShape(named, number, own, we and not own, result, result_number, after, lesson, owns)
