"""Is an answer about what was asked? Judged by meaning, against the prompt actually asked.

Each question has a profile: the mean meaning of its text, its areas and its follow-ups. An
answer (the mean meaning of its sentences) is off topic when another question's profile is
clearly closer to it than everything it was asked: the question's own profile, the prompt the
candidate heard (for a follow-up, the follow-up itself) and, for a follow-up answer, the earlier
answers it continues. A caching answer to a rate-limiting question sits next to the bank's
caching question, whatever words it shares with rate limiting; a terse "About thirty percent
fewer tickets" after "What was the outcome, in numbers?" is near nothing in particular, so it is
not off topic (how specific it is, is judged elsewhere).

A story question ("Tell me about a time...") can be answered with a story on any subject, so its
main answer is never off topic by subject; its follow-up answers are judged against the story.

Margins (cosine, all-MiniLM-L6-v2), calibrated on tests/data/calibration.yaml with
`bench/meaning_bench.py`: over the 111 strong, medium and weak answers to its 37 non-story
questions, another question's profile is at most 0.161 closer than the asked one; MAIN_MARGIN
0.165 flags none of them and 3 of its 5 off-topic answers to non-story questions (the two missed
are 0.127 and 0.141 closer elsewhere). FOLLOW_UP_MARGIN is wider because a follow-up answer is
short and leans on the story around it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Mapping, Sequence

import numpy as np

from agent.meaning.areas import is_story_question
from agent.meaning.match import sentences
from agent.meaning.vectors import embed, embed_said
from question_flows import Question

MAIN_MARGIN = 0.165
FOLLOW_UP_MARGIN = 0.22
CONTEXT_WEIGHT = 0.9  # earlier answers count a little less than what was asked

Verdict = Literal["on_topic", "off_topic"]


@dataclass(frozen=True)
class Relevance:
    score: float  # cosine of the answer to the closest of what it was asked
    verdict: Verdict
    against: str  # what it was closest to: "question" | "prompt" | "context"
    closer_elsewhere: str = ""  # id of the question it is clearly closer to (when off topic)
    margin: float = 0.0  # how much closer that question is (negative: the asked one is closer)

    @property
    def off_topic(self) -> bool:
        return self.verdict == "off_topic"


def _unit(v: np.ndarray) -> np.ndarray:
    return v / max(float(np.linalg.norm(v)), 1e-12)


def profile_texts(q: Question) -> list[str]:
    return [q.text] + [a.description for a in q.areas_to_cover] + [f.text for f in q.follow_ups]


@lru_cache(maxsize=1024)
def _profile(texts: tuple[str, ...]) -> np.ndarray:
    return _unit(embed(texts).mean(axis=0))


def profiles(questions: Sequence[Question]) -> np.ndarray:
    """One row per question: the normalised mean meaning of its text, areas and follow-ups.
    Memoised per question: every answer is compared with the whole bank."""
    return np.stack([_profile(tuple(profile_texts(q))) for q in questions])


def answer_vector(answer: str) -> np.ndarray:
    """An answer's meaning: the normalised mean of its sentences (a long answer is not one blur)."""
    parts = sentences(answer) or [answer]
    return _unit(embed_said(parts).mean(axis=0))


def relevance(answer: str, question: Question, bank: Mapping[str, Question], asked: str = "",
              context: Sequence[str] = ()) -> Relevance:
    """Whether `answer` is about `question` as asked: `asked` is the prompt the candidate heard
    (a follow-up's text; default: the question itself), `context` the candidate's earlier answers
    on this question, `bank` the questions it might be answering instead."""
    follow_up = bool(asked) and asked != question.text
    vec = answer_vector(answer)
    scores = {"question": float(profiles([question])[0] @ vec)}
    if follow_up:
        scores["prompt"] = float(embed([asked])[0] @ vec)
    earlier = [c for c in context if c.strip()]
    if earlier:
        scores["context"] = max(float(answer_vector(c) @ vec) for c in earlier) * CONTEXT_WEIGHT
    against = max(scores, key=scores.get)
    score = round(scores[against], 4)
    if is_story_question(question.text) and not follow_up:
        return Relevance(score, "on_topic", against)
    others = [q for q in bank.values() if q.id != question.id]
    if not others:
        return Relevance(score, "on_topic", against)
    sims = profiles(others) @ vec
    i = int(np.argmax(sims))
    margin = round(float(sims[i]) - score, 4)
    needed = FOLLOW_UP_MARGIN if follow_up else MAIN_MARGIN
    if margin >= needed:
        return Relevance(score, "off_topic", against, closer_elsewhere=others[i].id, margin=margin)
    return Relevance(score, "on_topic", against, margin=margin)
