"""Which question a turn answers and which rubric signals it probes.

A session's turns name a bank question. A transcript's questions are free text: they are matched
to the bank (by `question_id` or by wording) and, failing that, their category and signals are
inferred from the words of the question.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.coverage import tokens
from question_flows import Area, Question
from rubrics import Rubric

from .gaming import FUNCTION_WORDS

# Question boilerplate that says nothing about the topic.
_BOILERPLATE = frozenset(tokens(
    "tell me about time you your describe walk through how would what when why do did situation example "
    "share had make think approach handle our we us a the explain give talk one ever most best worst "
    "someone something way thing things want need like let know new really lot good great people "
    "last week month year day ago spring summer autumn fall winter today yesterday recently once"
))
_STOP = frozenset(tokens(" ".join(FUNCTION_WORDS))) | _BOILERPLATE

# Words that point a free-text question at a category (question_flows.CATEGORIES).
_CATEGORY_WORDS: dict[str, str] = {
    "system_architecture": "design architecture system scale latency throughput database cache queue kafka "
    "service microservice sync storage load p99 shard replica consistency real time stream event save backend",
    "product_engineering_translation": "spec estimate engineering engineer translate requirement ask ceo "
    "scope sprint refactor inherit trust conservative",
    "tradeoff_execution": "tradeoff trade off build buy prioritize backlog instrumentation rollout rollback "
    "migration launch ship shipped cut date halt operational rewrite",
    "platform_api_data": "api platform contract versioning breaking change developer sdk internal adoption "
    "rate limit quota data quality sunset deprecate integration webhook grpc rest downstream",
    "leadership_influence_ai": "launch teams authority influence escalate risk unpopular roadmap workflow "
    "lead led contested",
    "ai_ml_fluency": "ai ml model llm hallucination hallucinate rag fine tuning prompt prompting context "
    "window eval agent gpt claude gemini token safeguard",
    "technical_fundamentals": "explain happens work os operating grandmother devops push notification "
    "website browser dns http internet",
    "product_sense_diagnosis": "metric drop dropped diagnose north star slower conversion sql query "
    "dashboard rank ranking decline",
    "engineering_partnership_behavioral": "disagreed disagreement challenge overcame conflict partner "
    "engineering pushed",
}
_CATEGORY_STEMS = {c: frozenset(tokens(w)) for c, w in _CATEGORY_WORDS.items()}


@dataclass(frozen=True)
class QuestionInfo:
    id: str
    text: str
    category: str | None
    signals: tuple[str, ...]  # rubric signal ids this question probes
    areas: tuple[Area, ...]
    source: str  # "bank" (by id), "bank_text" (matched by wording) or "inferred"
    generic: frozenset[str] = frozenset()  # words too common in the bank to mark the subject
    area_prompts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # area id -> the bank's follow-ups on it


def content_stems(text: str) -> frozenset[str]:
    return frozenset(t for t in tokens(text) if t not in _STOP and len(t) >= 3)


_GENERIC_CACHE: dict[tuple[str, ...], frozenset[str]] = {}


def generic_stems(bank: dict[str, Question]) -> frozenset[str]:
    """Words so common across the bank's questions ("user", "engineer", "fix") that sharing one
    with a question says nothing about being on its subject."""
    key = tuple(sorted(bank))
    if key not in _GENERIC_CACHE:
        df: dict[str, int] = {}
        for q in bank.values():
            for t in content_stems(q.text):
                df[t] = df.get(t, 0) + 1
        cut = max(4, int(0.07 * len(bank)))
        _GENERIC_CACHE[key] = frozenset(t for t, n in df.items() if n >= cut) | _ALWAYS_GENERIC
    return _GENERIC_CACHE[key]


_ALWAYS_GENERIC = frozenset(tokens("user users customer engineer engineering team product feature fix say "
                                   "often work find decide second problem change"))


def subject_stems(text: str, generic: frozenset[str]) -> frozenset[str]:
    return content_stems(text) - generic


def match_bank(text: str, bank: dict[str, Question], threshold: float = 0.6) -> Question | None:
    """The bank question this wording asks, or None.

    Near-identical wording (Jaccard >= threshold), or a shorter paraphrase whose subject words
    (at least three, bank-generic words aside) nearly all appear in one bank question.
    """
    mine = content_stems(text)
    if not mine:
        return None
    generic = generic_stems(bank)
    subject = mine - generic
    best: tuple[float, str] | None = None
    for qid in sorted(bank):
        theirs = content_stems(bank[qid].text)
        if not theirs:
            continue
        score = len(mine & theirs) / len(mine | theirs)
        if score < threshold:  # not near-identical: a paraphrase scores below any near-identical match
            shared = subject & (theirs - generic)
            contained = len(shared) / max(1, min(len(subject), len(theirs - generic)))
            score = 0.5 * threshold * (1 + contained) if len(shared) >= 3 and contained >= 0.75 else 0.0
        if best is None or score > best[0]:
            best = (score, qid)
    if best and best[0] > 0:
        return bank[best[1]]
    return None


def infer_category(text: str) -> str | None:
    mine = content_stems(text)
    scores = sorted(((len(mine & words), c) for c, words in _CATEGORY_STEMS.items()), key=lambda x: (-x[0], x[1]))
    if scores and scores[0][0] > 0:
        return scores[0][1]
    if re.search(r"\b(tell me about a time|describe a (time|situation)|share an example)\b", text, re.I):
        return "engineering_partnership_behavioral"
    return None


def signals_for(category: str | None, named: list[str] | tuple[str, ...], rubric: Rubric) -> tuple[str, ...]:
    """The rubric's signals a question probes: the ones it names, else the ones its category feeds."""
    ids = [s.id for s in rubric.signals]
    chosen = [s for s in ids if s in set(named)]
    if not chosen and category:
        chosen = [s.id for s in rubric.signals if category in s.categories]
    return tuple(chosen or ids)  # nothing to go on: the question may show any signal


def _slug(text: str, n: int) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower())[:6]
    return f"adhoc_{n}_" + "_".join(words) if words else f"adhoc_{n}"


def area_prompts(q: Question) -> dict[str, tuple[str, ...]]:
    """Area id -> the bank's follow-ups aimed at it (phrasings of the area, worded like answers)."""
    prompts: dict[str, tuple[str, ...]] = {}
    for f in q.follow_ups:
        if f.area:
            prompts[f.area] = prompts.get(f.area, ()) + (f.text,)
    return prompts


def resolve(
    text: str, rubric: Rubric, bank: dict[str, Question], question_id: str | None = None, n: int = 0
) -> QuestionInfo:
    q = bank.get(question_id) if question_id else None
    source = "bank"
    if q is None:
        q = match_bank(text, bank)
        source = "bank_text"
    if q is not None:
        return QuestionInfo(q.id, q.text, q.category, signals_for(q.category, q.signals, rubric),
                            tuple(q.areas_to_cover), source, generic_stems(bank), area_prompts(q))
    category = infer_category(text)
    return QuestionInfo(question_id or _slug(text, n), text, category, signals_for(category, (), rubric), (),
                        "inferred", generic_stems(bank))
