"""embed() and similarity(): the two primitives everything else in agent.meaning is built on."""
from __future__ import annotations

import threading
from functools import lru_cache
from typing import Sequence

import numpy as np

from agent.coverage import normalise
from agent.meaning.cache import EmbeddingCache
from agent.meaning.model import ENCODER_VERSION, MODEL_ID, MiniLM, ModelMissing, encoder


_LOCK = threading.Lock()  # one model, one cache: a warm-up thread and the interview take turns


@lru_cache(maxsize=1)
def _cache() -> EmbeddingCache:
    return EmbeddingCache(f"{MODEL_ID}-{ENCODER_VERSION}", MiniLM.dim, lambda texts: encoder().encode(texts))


def embed(texts: Sequence[str]) -> np.ndarray:
    """One L2-normalised float32 row per text (shape (len(texts), 384)), in order.

    Memoised per exact text in memory and on disk, so call it with whole batches: only the texts
    never seen before are run through the model, together."""
    with _LOCK:
        return _cache().rows([t.strip() for t in texts])


def embed_said(sentences: Sequence[str]) -> np.ndarray:
    """embed() of a candidate's sentences in their normalised spoken form, where speech
    recognition's "cash" is "cache" and "B99" is "p99". The interviewer and the grader both call
    this on agent.sentences' split, so the grade finds every answer embedded during the interview."""
    return embed([normalise(s) or s for s in sentences])


def similarity(a: str, b: str) -> float:
    """Cosine similarity of two texts' meaning: about 0.75 for paraphrases, under 0.2 for unrelated."""
    va, vb = embed([a, b])
    return float(va @ vb)


def warm_up() -> None:
    """Load the model, page its weights in (0.2-1.5 s), and bring the bank's texts into memory,
    so the first follow-up waits for neither. The bank comes from the disk cache (0.2 s); if that
    is empty (no `make setup`, another HOME) it is computed here, off the interview's path: a
    minute of CPU on a loaded machine, which once landed between the first answer and its follow-up."""
    from agent.meaning.precompute import bank_texts  # it builds on this module

    try:
        with _LOCK:
            encoder().encode(["warming up"])
        embed(bank_texts())
    except ModelMissing:
        pass  # said once, by the call that needs the model


def warm_up_in_background() -> threading.Thread:
    """warm_up() on a daemon thread: call it when an interview starts, while the first question
    is being spoken."""
    thread = threading.Thread(target=warm_up, name="meaning-warm-up", daemon=True)
    thread.start()
    return thread
