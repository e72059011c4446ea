"""What each sentence is about, by meaning (agent.meaning), for the grader.

Every sentence of a session is embedded in one batch, and so is every phrasing of every area the
session's questions ask for: the area's description and the bank's follow-ups aimed at it ("What
was the outcome, in numbers?"), which are worded the way a candidate's answer is and so separate
far better than an abstract description. A sentence covers an area when it is close to one of its
phrasings; the area's cue words only add agent.meaning's boost, they never decide alone.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from agent.meaning import ADDRESSES, CUE_BOOST, embed, embed_said
from agent.meaning.areas import ROLE_EXAMPLES, roles_of
from agent.meaning.general import STOCK, STOCK_LINES

from rubrics import Rubric

from .questions import QuestionInfo

# Looser than agent.meaning.ADDRESSES: a sentence is compared with each phrasing of an area, and
# the follow-ups are questions while the sentence is a statement.
AREA_THRESHOLD = ADDRESSES - 0.02
# Answer sentences on a question's subject sit 0.1-0.45 from the question itself; sentences that
# say it back ("a load balancer balances the load", "tech debt is important and so are features")
# 0.5-0.9, and are credited only for what they add (SentenceMeaning.beyond_question).
RESTATES = 0.5
# One sentence speaks to one or two parts of a question: a line that names every area at once
# ("we built a harness with a golden set, a rubric and a launch gate") is a list, not an answer.
AREAS_PER_SENTENCE = 2


@dataclass
class SentenceMeaning:
    """Embeddings of a session's sentences and of its questions' areas, computed once."""

    vectors: dict[str, np.ndarray]  # sentence text -> row
    areas: dict[str, list[tuple[str, np.ndarray]]]  # question id -> [(area id, phrasing rows)]
    questions: dict[str, np.ndarray]  # question id -> the question's own row
    # question id -> [(area id, rows of the area's own phrasings)]: without a story part's exemplars,
    # which come from other settings on purpose and so say nothing about being on this subject
    topics: dict[str, list[tuple[str, np.ndarray]]]
    # sentence text -> {indicator id: best cosine to one of the rubric's examples of it}, for on_point
    indicators: dict[str, dict[str, float]] = field(default_factory=dict)
    general: frozenset[str] = frozenset()  # sentences close to a stock line (agent.meaning.general)

    @classmethod
    def of(cls, sentences: list[str], questions: list[QuestionInfo], rubric: Rubric | None = None) -> "SentenceMeaning":
        phrasings: dict[tuple[str, str], list[str]] = {}
        own: dict[tuple[str, str], int] = {}
        for q in questions:
            for a in q.areas:
                # A story question's area is a part of a story: also matched through exemplars of that
                # part told in other settings (agent.meaning.areas), the way the interviewer hears it.
                # roles_of reads only the question's text, which a QuestionInfo has too.
                told = [e for role in roles_of(a, q) for e in ROLE_EXAMPLES[role]]
                mine = [a.description, *q.area_prompts.get(a.id, ())]
                phrasings[(q.id, a.id)] = mine + told
                own[(q.id, a.id)] = len(mine)
        texts = list(dict.fromkeys(sentences))
        flat = [p for ps in phrasings.values() for p in ps]
        said = embed_said(texts)
        vectors = dict(zip(texts, said))
        examples = {i.id: i.examples for sig in (rubric.signals if rubric else []) for i in sig.indicators if i.examples}
        shown = [e for ex in examples.values() for e in ex]
        rows = embed(flat + [q.text for q in questions] + shown + list(STOCK_LINES))
        asked = dict(zip([q.id for q in questions], rows[len(flat) : len(flat) + len(questions)]))
        # Every sentence against every example at once; each indicator keeps its closest example.
        tail = rows[len(flat) + len(questions):]
        sims = said @ tail.T if texts else np.zeros((0, len(tail)), np.float32)
        starts = np.cumsum([0] + [len(ex) for ex in examples.values()])[:-1]
        best = np.maximum.reduceat(sims[:, : len(shown)], starts, axis=1).astype(np.float64).round(4) \
            if shown and texts else np.zeros((len(texts), 0))
        indicators = {t: dict(zip(examples, row.tolist())) for t, row in zip(texts, best)}
        general = frozenset(t for t, row in zip(texts, sims[:, len(shown):]) if row.size and row.max() >= STOCK)
        areas: dict[str, list[tuple[str, np.ndarray]]] = {}
        topics: dict[str, list[tuple[str, np.ndarray]]] = {}
        i = 0
        for (qid, aid), ps in phrasings.items():
            areas.setdefault(qid, []).append((aid, rows[i : i + len(ps)]))
            topics.setdefault(qid, []).append((aid, rows[i : i + own[(qid, aid)]]))
            i += len(ps)
        return cls(vectors, areas, asked, topics, indicators, general)

    def says_nothing(self, sentence: str) -> bool:
        """Close to a stock line ("it was a good learning experience"): it shows no indicator,
        whatever it sounds like (agent.meaning.general)."""
        return sentence in self.general

    def indicator_scores(self, sentence: str) -> dict[str, float]:
        """Indicator id -> best cosine between the sentence and one of the indicator's examples
        (only indicators the rubric gives examples for)."""
        return self.indicators.get(sentence, {})

    def area_scores(self, sentence: str, qid: str, exemplars: bool = True) -> dict[str, float]:
        """Area id -> best cosine between the sentence and one of the area's phrasings (exemplars:
        with a story part's exemplars; without them, how near the sentence is to the subject)."""
        v = self.vectors.get(sentence)
        if v is None:
            return {}
        rows = (self.areas if exemplars else self.topics).get(qid, [])
        return {aid: round(float((m @ v).max()), 4) for aid, m in rows}

    def beyond_question(self, sentence: str, qid: str) -> dict[str, float]:
        """Area id -> how close what the sentence says BEYOND the question comes to the area.

        A sentence that restates the question ("a load balancer balances the load") sits near its
        areas only because the question does: the part of its meaning along the question's own
        direction is taken out, and the rest compared with the area's phrasings (cosine of the
        residual). What is left of a restatement is noise (0.05-0.20); a sentence that adds
        something keeps most of its likeness to the area it speaks to. Only a sentence as near the
        question as a restatement is (RESTATES) is read this way: one merely on its subject keeps
        its likeness whole."""
        v, q = self.vectors.get(sentence), self.questions.get(qid)
        if v is None or q is None:
            return self.area_scores(sentence, qid)
        along = float(v @ q)
        if along < RESTATES:
            return self.area_scores(sentence, qid)
        rest = max(1e-6, 1.0 - along * along) ** 0.5
        return {aid: round(float(((m @ v - along * (m @ q)) / rest).max()), 4) for aid, m in self.areas.get(qid, [])}

    def covers(self, sentence: str, qid: str, cued: set[str]) -> tuple[str, ...]:
        """The areas of question `qid` this sentence covers (at most AREAS_PER_SENTENCE, the
        closest); `cued`: areas whose cue words it says."""
        beyond = self.beyond_question(sentence, qid)
        scores = {a: min(s, beyond.get(a, s)) + (CUE_BOOST if a in cued else 0.0)
                  for a, s in self.area_scores(sentence, qid).items()}
        hits = sorted((a for a, s in scores.items() if s >= AREA_THRESHOLD), key=lambda a: (-scores[a], a))
        return tuple(hits[:AREAS_PER_SENTENCE])
