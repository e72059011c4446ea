"""Is an answer about what was asked? Judged by meaning, against the prompt actually asked.

A main answer is off topic in either of two ways:
- closer elsewhere: another question's profile (the mean meaning of its text, areas and follow-ups)
  is clearly closer to the answer (the mean meaning of its sentences) than the asked question's
  profile, by MAIN_MARGIN: a caching answer to a rate-limiting question sits next to the bank's
  caching question, whatever words it shares with rate limiting;
- near nothing asked: no sentence of it comes within ON_SUBJECT of the question's own texts (its
  text, areas and follow-ups) while being at least as near to them as to a line about something
  else (agent.meaning.off_subject: a trip, a team offsite, a marketing campaign). "Kafka handles
  partitions... Snowflake cut our query bill" is near no caching text (0.32) and clearly nearer no
  other question either; "Balancing the load between work and life" is nearer the work-life line
  than to "What does a load balancer do?", so the word "load" does not rescue it. One sentence
  squarely on the subject keeps an answer that drifts into an anecdote on topic.

A reply to a follow-up is short and leans on what came before, so it is judged sentence by sentence
against everything it was asked: the question's texts, the follow-up heard, the candidate's earlier
sentences. It is off topic when another question is clearly closer (FOLLOW_UP_MARGIN) and no
sentence comes within NEAR_ASKED of what was asked, or (not after a story, which may well be told
through a weekend run) when every sentence is FOLLOW_UP_AWAY nearer an off-subject line. "About
thirty percent fewer tickets" is near nothing in particular, so it stands (how specific it is, is
judged elsewhere). A main answer of fewer than SHORT_ANSWER words is judged the same way, by the
off-subject lines only: a few words land near other questions by chance ("Weekly users who view an
old photo." is 0.22 closer to a SQL question than to the north-star one it answers).

A story question ("Tell me about a time...") can be answered with a story on any subject, so its
main answer is never off topic by subject here (the grader has its own story rule).

Lines (cosine, all-MiniLM-L6-v2), measured with `bench/meaning_bench.py --relevance`: over the 132
strong, medium and weak answers to the non-story questions of tests/data/calibration.yaml and
calibration_holdout.yaml, another profile is at most 0.145 closer (MAIN_MARGIN 0.165) and the most
on-subject sentence is at least 0.384 near (ON_SUBJECT 0.34); the drifting answers of
tests/data/off_topic.yaml's tune half at least 0.475. On-point follow-up replies that another
question is 0.19-0.22 closer to still have a sentence 0.27-0.30 near what was asked; off-topic ones
0.10-0.18. Recall per set is in bench/RESULTS.md ("Off-topic answers (engineer "topic")").
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, Mapping, Sequence

import numpy as np

from agent.meaning.areas import is_story_question
from agent.meaning.match import sentences
from agent.meaning.off_subject import OFF_SUBJECT
from agent.meaning.vectors import embed, embed_said
from question_flows import Question

MAIN_MARGIN = 0.165
ON_SUBJECT = 0.34
FOLLOW_UP_MARGIN = 0.22
NEAR_ASKED = 0.25
SHORT_ANSWER = 15  # words: a main answer shorter than this is judged like a reply to a follow-up
FOLLOW_UP_AWAY = 0.18
CONTEXT_WEIGHT = 0.9  # earlier answers count a little less than what was asked

Verdict = Literal["on_topic", "off_topic"]


@dataclass(frozen=True)
class Relevance:
    score: float  # cosine of the answer to the closest of what it was asked
    verdict: Verdict
    against: str  # what it was closest to: "question" | "prompt" | "context"
    closer_elsewhere: str = ""  # id of the question it is clearly closer to (when off topic for that)
    margin: float = 0.0  # how much closer the closest other question is (negative: the asked one is closer)
    on_subject: float = 1.0  # how near its most on-subject sentence comes to what was asked

    @property
    def off_topic(self) -> bool:
        return self.verdict == "off_topic"

    @property
    def why(self) -> str:
        if self.closer_elsewhere:
            return f"closer to question {self.closer_elsewhere}"
        return f"nothing in it near what was asked (closest sentence {self.on_subject:.2f})"


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
    return _unit(_said(answer).mean(axis=0))


def _said(answer: str) -> np.ndarray:
    return embed_said(sentences(answer) or [answer])


def on_subject(said: np.ndarray, question: Question) -> float:
    """How near the answer's most on-subject sentence comes to the question: its best cosine to the
    question's own texts, counted only for a sentence no nearer an OFF_SUBJECT line (0.0: none)."""
    own = (said @ embed(profile_texts(question)).T).max(axis=1)
    away = (said @ embed(OFF_SUBJECT).T).max(axis=1)
    return round(float(max((o for o, a in zip(own, away) if o >= a), default=0.0)), 4)


def relevance(answer: str, question: Question, bank: Mapping[str, Question], asked: str = "",
              context: Sequence[str] = ()) -> Relevance:
    """Whether `answer` is about `question` as asked: `asked` is the prompt the candidate heard
    (a follow-up's text; default: the question itself), `context` the candidate's earlier answers
    on this question, `bank` the questions it might be answering instead."""
    follow_up = bool(asked) and asked != question.text
    said = _said(answer)
    vec = _unit(said.mean(axis=0))
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
    elsewhere, margin = "", 0.0
    if others:
        sims = profiles(others) @ vec
        i = int(np.argmax(sims))
        elsewhere, margin = others[i].id, round(float(sims[i]) - score, 4)

    def verdict(off: bool, nearest: float, closer: bool = False) -> Relevance:
        return Relevance(score, "off_topic" if off else "on_topic", against, elsewhere if closer else "",
                         margin, nearest)

    if not follow_up and len(answer.split()) >= SHORT_ANSWER:
        nearest = on_subject(said, question)
        closer = margin >= MAIN_MARGIN
        return verdict(closer or nearest < ON_SUBJECT, nearest, closer)
    # A reply to a follow-up, or an answer of a few words: too little meaning to hold against the
    # question as a whole, so sentence by sentence against everything asked and said before. A
    # few words on their own ("Weekly users who view an old photo.") land near other questions
    # by chance, so only a follow-up's reply is judged by the other questions.
    near_rows = [embed(profile_texts(question))] + [embed([asked])] * follow_up + [_said(c) for c in earlier]
    near = (said @ np.vstack(near_rows).T).max(axis=1)
    nearest = round(float(near.max()), 4)
    if follow_up and margin >= FOLLOW_UP_MARGIN and nearest < NEAR_ASKED:
        return verdict(True, nearest, closer=True)
    if not is_story_question(question.text):
        # Every sentence clearly nearer a line about something else (a trip, a team lunch). Not
        # on a story's follow-ups: what a story changed can be told through the weekend run.
        away = (said @ embed(OFF_SUBJECT).T).max(axis=1)
        return verdict(bool((away - near >= FOLLOW_UP_AWAY).all()), nearest)
    return verdict(False, nearest)
