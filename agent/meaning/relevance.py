"""Is an answer about what was asked? Judged by meaning against the prompt actually asked.

A follow-up answer is judged against the follow-up it answers and the conversation it continues
(the main question, the candidate's earlier answers on it), never against the main question's
words alone. Off topic means far from all of that AND clearly closer to another question of the
bank: a caching answer to a rate-limiting question sits near the bank's caching question. An
answer near nothing in particular (a terse "About thirty percent fewer tickets", or fluff) is
"unclear", not off topic: vagueness is judged elsewhere.

Thresholds (cosine, all-MiniLM-L6-v2), calibrated on answers written in natural
words (tests/meaning), against the bank's 112 questions:
- ON_TOPIC 0.30: answers on the question score 0.30-0.65 against it; answers to other questions
  0.05-0.27, even when they share its vocabulary.
- ELSEWHERE 0.35 and a margin of MAIN_MARGIN 0.15 (FOLLOW_UP_MARGIN 0.22 for follow-up answers,
  which are short and less tied to the main question's wording): how much closer another bank
  question must be before the answer counts as off topic.
- Earlier answers count at CONTEXT_WEIGHT 0.85: a second story is close to the first one without
  being about the question.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Sequence

from agent.meaning.match import best_sentence, sentences
from agent.meaning.vectors import embed

ON_TOPIC = 0.30
ELSEWHERE = 0.35
MAIN_MARGIN = 0.15
FOLLOW_UP_MARGIN = 0.22
CONTEXT_WEIGHT = 0.85

Verdict = Literal["on_topic", "unclear", "off_topic"]


@dataclass(frozen=True)
class Relevance:
    score: float  # best cosine to the prompt, the question, or (discounted) the earlier answers
    verdict: Verdict
    against: str  # what it was closest to: "prompt" | "question" | "context"
    closer_elsewhere: str = ""  # the other question it is clearly closer to (when off topic)

    @property
    def off_topic(self) -> bool:
        return self.verdict == "off_topic"


def relevance(answer: str, asked_prompt: str, question: str = "", context: Sequence[str] = (),
              elsewhere: Sequence[str] = ()) -> Relevance:
    """How close `answer` is to what was asked.

    `asked_prompt`: the question or follow-up the candidate heard. `question`: the main question,
    when `asked_prompt` is a follow-up. `context`: the candidate's earlier answers on it.
    `elsewhere`: other questions it might really be answering (the bank's other questions); with
    none given, an answer is never called off topic, only "unclear"."""
    scores = {"prompt": best_sentence(answer, asked_prompt)[0]}
    follow_up = bool(question) and question != asked_prompt
    if follow_up:
        scores["question"] = best_sentence(answer, question)[0]
    earlier = [s for c in context for s in sentences(c)]
    if earlier:
        scores["context"] = best_sentence(answer, earlier)[0] * CONTEXT_WEIGHT
    against = max(scores, key=scores.get)
    score = round(scores[against], 4)
    if score >= ON_TOPIC:
        return Relevance(score, "on_topic", against)
    others = [q for q in elsewhere if q not in (asked_prompt, question)]
    if others:
        best_other, other = _closest(answer, others)
        margin = FOLLOW_UP_MARGIN if follow_up else MAIN_MARGIN
        if best_other >= ELSEWHERE and best_other - score >= margin:
            return Relevance(score, "off_topic", against, closer_elsewhere=other)
    return Relevance(score, "unclear", against)


def _closest(answer: str, targets: Sequence[str]) -> tuple[float, str]:
    sims = embed([answer]) @ embed(list(targets)).T
    i = int(sims[0].argmax())
    return round(float(sims[0, i]), 4), targets[i]
