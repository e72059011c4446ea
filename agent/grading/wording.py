"""How general or repetitive an answer's wording is, whatever its subject.

An interviewer hears "we discussed the tradeoffs, understood their concerns, resolved it" as
general however fluent it is, and "tech debt versus features, features versus tech debt" as
padding however long it runs. Both are measured on the words alone.
"""
from __future__ import annotations

import re
from typing import Callable

# Words that name a process or a feeling rather than a thing that happened: an answer made of them
# ("we discussed the tradeoffs, understood their concerns, resolved it") is general, however fluent.
_ABSTRACT = frozenset("""
tradeoff tradeoffs trade-off trade-offs concern concerns outcome outcomes relationship relationships trust
alignment aligned align stakeholder stakeholders consensus perspective perspectives priority priorities
prioritize prioritise approach process processes communication communicate communicated collaboration
collaborate collaborated collaborative synergy strategy strategic vision value values impact important
importance various aspects factors considerations pros cons resolved resolve resolution disagreement
situation challenge challenges issue issues success successful successfully effectively efficient
efficiency ensure leverage holistic overall things aspect input feedback expectations transparent
transparency ownership accountability learnings lessons journey
""".split())
_WORD = re.compile(r"[a-z][a-z'-]+")
_FUNCTION = frozenset("""
a an the and or but so to of in on at for with by from as is are was were be been it its this that these
those i we you he she they me us him her them my our your their there here then than when while if not no
do did does had have has would could should will can just also very really about into over out up down
""".split())


def abstract_share(sentences: list[str]) -> float:
    """The share of an answer's content words that name processes rather than things (0-1)."""
    words = [w for s in sentences for w in _WORD.findall(s.lower()) if w not in _FUNCTION]
    return sum(w in _ABSTRACT for w in words) / len(words) if words else 0.0


def variety(sentences: list[str]) -> float:
    """Distinct content words over all content words (0-1): padding says the same words again."""
    words = [w for s in sentences for w in _WORD.findall(s.lower()) if w not in _FUNCTION]
    return len(set(words)) / len(words) if words else 1.0


# The verbs a bank description opens with when it says what a good answer does ("Names the
# engineer or role and their reasoning."), as their plain form. A first word ending in -s that is
# not one of them is a plural noun ("Logs and audit trails of every action", "Users overtrust...").
_CRITERION_VERBS = frozenset("""
add admit agree allocate allow announce ask assemble assign avoid backfill balance break build categorize check
choose clarify communicate compare confirm consider contact contain correct count cover cut decide define
describe document escalate estimate explain explore find fix frame gather get give ground handle help identify
include involve iterate join keep lead learn let line look make map measure meet mitigate name offer quantify
order pick plan play propose protect publish put question raise read reconcile remove review roll run
sample segment separate set shape ship show shut size spread start state stop suggest take tell test
tie trace track try turn unblock update use version watch weigh work write
""".split())
_DOUBLED = frozenset({"admit", "cut", "get", "let", "map", "plan", "put", "run", "set", "ship", "shut", "stop"})
_WH = frozenset({"how", "what", "who", "whom", "where", "when", "why", "which", "whether"})
# In a bank description "they" after a wh-word is the candidate ("How they adapted", "The
# constraint and how they evaluated it"), except "they were/are" ("how they were evaluated", the
# options) and "when they" ("when they anthropomorphize it", the users); a leading "Their" too.
_CANDIDATE_THEY = re.compile(r"\b(how|what|who|where|why|which|whether) they\b(?! (?:were|are)\b)", re.I)
# "Samples and categorizes", "assigns an owner and fixes": a verb has an object after it, so "with
# names and sizes." and "reads versus writes" stay nouns.
_LINKED = re.compile(r"(\band |\bor |, (?:and |or )?)(\w+)\b(?= (?!versus\b|vs\b)\w)")
_ADVERB = frozenset({"actually", "first", "clearly", "then"})  # "First asks whether the break is necessary"
_PAST = {"told": "tell", "made": "make", "chose": "choose", "found": "find", "led": "lead", "kept": "keep"}


def _plain_verb(word: str) -> str | None:
    """"Describes" -> "describe", "Tries" -> "try", "Fixes" -> "fix", "Quantified" -> "quantify",
    "Told" -> "tell"; None if not a criterion verb."""
    w = word.lower()
    if w in _PAST:
        return _PAST[w]
    if w.endswith("ied"):
        forms = [w[:-3] + "y"]
    elif w.endswith("ed"):
        forms = [w[:-1], w[:-2], w[:-3]]  # framed, learned, planned
    elif w.endswith("s"):
        forms = ([w[:-3] + "y"] if w.endswith("ies") else []) + ([w[:-2]] if w.endswith("es") else []) + [w[:-1]]
    else:
        return None
    return next((f for f in forms if f in _CRITERION_VERBS), None)


def _gerund(verb: str) -> str:
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith("ee"):
        return verb[:-1] + "ing"
    return verb + (verb[-1] if verb in _DOUBLED else "") + "ing"


def _to_you(text: str) -> str:
    text = _CANDIDATE_THEY.sub(lambda m: f"{m.group(1)} you", text)
    text = re.sub(r"^their\b", "your", text, flags=re.I)
    text = re.sub(r"\btheir own\b", "your own", text)
    return re.sub(r"\bthemselves\b", "yourself", text)


def _lower_first(s: str) -> str:
    return s[:1].lower() + s[1:] if s[1:2].islower() or not s[1:2] else s  # keep "API", "HTTPS"


def _clause(description: str, verb_form: Callable[[str], str]) -> tuple[str, str]:
    """(form, the description as a clause addressed to the candidate): form is "wh" (How they
    adapted...), "verb" (Describes the..., its verbs put through `verb_form`) or "noun" (The
    outcome and the relationship afterwards.)."""
    text = " ".join(description.split()).rstrip(".")
    first, _, rest = text.partition(" ")
    adverb = ""
    if first.lower() in _ADVERB and _plain_verb(rest.partition(" ")[0]):
        adverb, (first, _, rest) = first.lower() + " ", rest.partition(" ")
    verb = _plain_verb(first)
    if first.lower() in _WH:
        form, head = "wh", first.lower()
    elif verb is not None:
        form, head = "verb", adverb + verb_form(verb)
        rest = _LINKED.sub(lambda m: m.group(1) + (verb_form(v) if (v := _plain_verb(m.group(2))) else m.group(2)),
                           rest)
    else:
        form, head = "noun", _lower_first(first)
    return form, _to_you(f"{head} {rest}".strip())


def area_advice(description: str) -> str:
    """Advice to cover an area of a question, phrased from the form of its bank description:
    "The outcome and the relationship afterwards." -> "also cover the outcome and the relationship
    afterwards."; "How they adapted to the audience." -> "also say how you adapted to the audience.";
    "Describes the engineers' view fairly, not just their own." -> "describe the engineers' view
    fairly, not just your own."."""
    form, clause = _clause(description, lambda verb: verb)
    return {"wh": "also say ", "verb": "", "noun": "also cover "}[form] + clause + "."


def area_left_out(description: str) -> str:
    """The area as what an answer left out: "the outcome and the relationship afterwards", "how
    you adapted to the audience", "describing the engineers' view fairly, not just your own"."""
    return _clause(description, _gerund)[1]
