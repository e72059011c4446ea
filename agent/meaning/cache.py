"""Embeddings remembered per text: in memory for the process, on disk across runs.

The disk cache is one SQLite file keyed by a hash of the model id and the exact text, so the
bank's question texts, area descriptions, follow-ups and rubric indicators are computed once per
machine, and a session's answers embedded during the interview are not recomputed when it is
graded or re-graded. Folder: ``$INTERVIEW_EMBEDDINGS_DIR``, else
``$XDG_CACHE_HOME/tpm-interview/embeddings``, else ``~/.cache/tpm-interview/embeddings``;
``INTERVIEW_EMBEDDINGS_DIR=off`` keeps it in memory only. A cache that cannot be opened or written
(read-only home, full disk) is skipped: it only ever saves time.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path
from typing import Callable, Sequence

import numpy as np


def cache_dir() -> Path | None:
    env = os.environ.get("INTERVIEW_EMBEDDINGS_DIR")
    if env:
        return None if env.lower() == "off" else Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    root = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return root / "tpm-interview" / "embeddings"


def _key(model_id: str, text: str) -> str:
    return hashlib.sha1(f"{model_id}\0{text}".encode()).hexdigest()


class EmbeddingCache:
    """text -> float32 row, filled by `compute` for the texts neither memory nor disk holds."""

    def __init__(self, model_id: str, dim: int, compute: Callable[[Sequence[str]], np.ndarray]):
        self.model_id, self.dim, self.compute = model_id, dim, compute
        self.memory: dict[str, np.ndarray] = {}
        self._db: sqlite3.Connection | None = None
        self._db_failed = False

    def rows(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.memory))
        if missing:
            self.memory.update(self._from_disk(missing))
            todo = [t for t in missing if t not in self.memory]
            if todo:
                fresh = self.compute(todo)
                new = {t: fresh[i] for i, t in enumerate(todo)}
                self.memory.update(new)
                self._to_disk(new)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i] = self.memory[t]
        return out

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None and not self._db_failed:
            folder = cache_dir()
            try:
                if folder is None:
                    raise OSError("disk cache off")
                folder.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(folder / f"{self.model_id}.sqlite", timeout=5, check_same_thread=False)
                db.execute("CREATE TABLE IF NOT EXISTS emb (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")
                self._db = db
            except (OSError, sqlite3.Error):
                self._db_failed = True
        return self._db

    def _from_disk(self, texts: list[str]) -> dict[str, np.ndarray]:
        db = self._connect()
        if db is None:
            return {}
        keys = {_key(self.model_id, t): t for t in texts}
        found: dict[str, np.ndarray] = {}
        try:
            items = list(keys)
            for i in range(0, len(items), 500):
                chunk = items[i : i + 500]
                marks = ",".join("?" * len(chunk))
                for key, blob in db.execute(f"SELECT key, vec FROM emb WHERE key IN ({marks})", chunk):
                    vec = np.frombuffer(blob, dtype=np.float32)
                    if vec.shape == (self.dim,):
                        found[keys[key]] = vec
        except sqlite3.Error:
            return found
        return found

    def _to_disk(self, rows: dict[str, np.ndarray]) -> None:
        db = self._connect()
        if db is None:
            return
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO emb VALUES (?, ?)",
                               [(_key(self.model_id, t), np.asarray(v, np.float32).tobytes()) for t, v in rows.items()])
        except sqlite3.Error:
            pass
