"""Does the speech so far sound finished? The smart-turn v3.2 end-of-turn classifier.

The model (BSD-2, by Daily) ships inside the PyPI package ``pipecat-ai`` as
``pipecat/audio/turn/smart_turn/data/smart-turn-v3.2-cpu.onnx``; it reads the last 8 s of 16 kHz
audio as Whisper-style log-mel features and returns the probability that the speaker has finished
their turn. It hears intonation and rhythm, not words: on human speech it tells a finished
sentence from one cut mid-way, on espeak's flat voice it is unreliable (see ``audio/turn_policy``,
which weighs it against what was said).

Neither the weights nor the feature code are copied here: both are taken from the installed
package. The feature module is loaded straight from its file, because importing the ``pipecat``
package itself logs a banner and patches ``asyncio.wait_for``. About 80-100 ms per call on one
core of this machine.
"""

from __future__ import annotations

import importlib.util
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Callable

import numpy as np

from audio.wav import SAMPLE_RATE

WINDOW_S = 8.0  # the model hears this much audio, ending now (zero-padded in front if shorter)
_PACKAGE_DIR = ("audio", "turn", "smart_turn")
_MODEL_FILE = "smart-turn-v3.2-cpu.onnx"


class SmartTurnUnavailable(RuntimeError):
    """The ``pipecat-ai`` package (which holds the model) is not installed."""


@dataclass(frozen=True)
class TurnPrediction:
    probability: float  # that the speaker has finished (0..1)
    elapsed_s: float  # features + inference


def _pipecat_dir() -> Path:
    spec = importlib.util.find_spec("pipecat")  # finds the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise SmartTurnUnavailable("the smart-turn model needs the pipecat-ai package: pip install pipecat-ai")
    return Path(list(spec.submodule_search_locations)[0]).joinpath(*_PACKAGE_DIR)


def model_path() -> Path:
    path = _pipecat_dir() / "data" / _MODEL_FILE
    if not path.is_file():
        raise SmartTurnUnavailable(f"pipecat-ai is installed but holds no {_MODEL_FILE} (expected {path})")
    return path


@lru_cache(maxsize=1)
def _features_module() -> ModuleType:
    path = _pipecat_dir() / "_whisper_features.py"
    spec = importlib.util.spec_from_file_location("_smart_turn_whisper_features", path)
    if spec is None or spec.loader is None:
        raise SmartTurnUnavailable(f"cannot load smart-turn's feature extraction from {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def log_mel_features() -> Callable[..., np.ndarray]:
    """pipecat's numpy port of ``WhisperFeatureExtractor(chunk_length=8)``: (80, 800) float32."""
    return _features_module().compute_whisper_log_mel_features


def last_window(audio: np.ndarray, seconds: float = WINDOW_S) -> np.ndarray:
    """The last ``seconds`` of ``audio``, zero-padded in front if it is shorter."""
    n = int(seconds * SAMPLE_RATE)
    x = np.asarray(audio, dtype=np.float32).reshape(-1)[-n:]
    return np.pad(x, (n - len(x), 0)) if len(x) < n else x


class SmartTurnModel:
    """One ONNX session, safe to call from any thread (calls are serialised)."""

    def __init__(self, threads: int = 1) -> None:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.inter_op_num_threads = 1
        options.intra_op_num_threads = threads
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # no memory arena: it holds ~20 MB for a model called once per pause (the session's peak
        # memory has a 600 MB budget)
        options.enable_cpu_mem_arena = False
        options.enable_mem_pattern = False
        self._session = ort.InferenceSession(str(model_path()), sess_options=options,
                                             providers=["CPUExecutionProvider"])
        self._features = log_mel_features()
        self._lock = threading.Lock()

    def predict(self, audio: np.ndarray) -> TurnPrediction:
        """The probability that the turn is over, from 16 kHz audio ending now."""
        t0 = time.perf_counter()
        features = self._features(last_window(audio), do_normalize=True)[None]
        with self._lock:
            (out,) = self._session.run(None, {"input_features": features})
        return TurnPrediction(float(np.asarray(out).reshape(-1)[0]), time.perf_counter() - t0)


_shared: SmartTurnModel | None = None
_shared_lock = threading.Lock()


def shared_model() -> SmartTurnModel:
    """The process's one model, loaded on first use (~0.2 s, 8.7 MB of weights)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = SmartTurnModel()
        return _shared
