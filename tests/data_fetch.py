"""Fetch the audio test data into ``.cache/test-data/`` from the package registry.

Run by ``make test`` before pytest (``python tests/data_fetch.py``), never by the tests
themselves: tests that need the data skip with a clear reason when it is absent.

Data: the LibriVox clips of real human speech (``test/data/librivox/*.wav`` with ``.txt``
transcripts) shipped in the ``pocketsphinx`` source distribution on PyPI, fetched with the ordinary
client: ``pip download --no-deps --no-binary pocketsphinx pocketsphinx`` (a few seconds; ``:all:``
would also build pip's build dependencies from source, which took 15 minutes).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("INTERVIEW_TEST_DATA", ROOT / ".cache" / "test-data"))
LIBRIVOX = CACHE / "librivox"
POCKETSPHINX = "pocketsphinx==5.1.1"  # pinned: the WER figures are for these exact clips


def librivox_clips(directory: Path = LIBRIVOX) -> list[tuple[Path, str]]:
    """(wav, reference text) pairs, or [] if the data has not been fetched."""
    if not directory.is_dir():
        return []
    pairs = []
    for wav in sorted(directory.glob("*.wav")):
        txt = wav.with_suffix(".txt")
        if txt.is_file():
            pairs.append((wav, txt.read_text().strip()))
    return pairs


def fetch_librivox(force: bool = False, quiet: bool = False) -> Path:
    if librivox_clips() and not force:
        if not quiet:
            print(f"test data present: {LIBRIVOX} ({len(librivox_clips())} clips)")
        return LIBRIVOX
    CACHE.mkdir(parents=True, exist_ok=True)
    downloads = CACHE / "downloads"
    downloads.mkdir(exist_ok=True)
    sdist = _find_sdist(downloads)
    if sdist is None:
        for requirement in (POCKETSPHINX, "pocketsphinx"):
            cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", "pocketsphinx",
                   requirement, "-d", str(downloads)]
            if not quiet:
                print("+", " ".join(cmd))
            done = subprocess.run(cmd, capture_output=quiet, text=True)
            sdist = _find_sdist(downloads)
            if done.returncode == 0 and sdist is not None:
                break
        if sdist is None:
            raise SystemExit("could not download the pocketsphinx sdist (is PyPI reachable?)")

    staging = Path(tempfile.mkdtemp(prefix="librivox-", dir=CACHE))
    try:
        with tarfile.open(sdist) as tar:
            for member in tar.getmembers():
                parts = Path(member.name).parts
                if member.isfile() and "librivox" in parts and parts[-2] == "librivox" and \
                        (member.name.endswith((".wav", ".txt")) or parts[-1] in ("transcription", "fileids")):
                    source = tar.extractfile(member)
                    assert source is not None
                    (staging / parts[-1]).write_bytes(source.read())
        if not list(staging.glob("*.wav")):
            raise SystemExit(f"{sdist.name} holds no test/data/librivox/*.wav")
        if LIBRIVOX.exists():
            shutil.rmtree(LIBRIVOX)
        staging.rename(LIBRIVOX)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    if not quiet:
        print(f"extracted {len(librivox_clips())} LibriVox clips to {LIBRIVOX}")
    return LIBRIVOX


def _find_sdist(directory: Path) -> Path | None:
    found = sorted(directory.glob("pocketsphinx-*.tar.gz"))
    return found[-1] if found else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="fetch and extract again")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    fetch_librivox(force=args.force, quiet=args.quiet)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
