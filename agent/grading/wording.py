"""How general or repetitive an answer's wording is, whatever its subject.

An interviewer hears "we discussed the tradeoffs, understood their concerns, resolved it" as
general however fluent it is, and "tech debt versus features, features versus tech debt" as
padding however long it runs. Both are measured on the words alone.
"""
from __future__ import annotations

import re

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
