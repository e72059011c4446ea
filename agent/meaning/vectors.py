"""embed() and similarity(): the two primitives everything else in agent.meaning is built on."""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

import numpy as np

from agent.meaning.cache import EmbeddingCache
from agent.meaning.model import ENCODER_VERSION, MODEL_ID, MiniLM, encoder


@lru_cache(maxsize=1)
def _cache() -> EmbeddingCache:
    return EmbeddingCache(f"{MODEL_ID}-{ENCODER_VERSION}", MiniLM.dim, lambda texts: encoder().encode(texts))


def embed(texts: Sequence[str]) -> np.ndarray:
    """One L2-normalised float32 row per text (shape (len(texts), 384)), in order.

    Memoised per exact text in memory and on disk, so call it with whole batches: only the texts
    never seen before are run through the model, together."""
    return _cache().rows([t.strip() for t in texts])


def similarity(a: str, b: str) -> float:
    """Cosine similarity of two texts' meaning: about 0.75 for paraphrases, under 0.2 for unrelated."""
    va, vb = embed([a, b])
    return float(va @ vb)


def warm_up() -> None:
    """Load the model now (about 0.1 s), so the first follow-up decision does not pay for it."""
    encoder()
