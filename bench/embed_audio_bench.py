"""Size of a self-contained report (`interview report --embed-audio`): WAV as it was, MP3 now.

Runs the demo script (real TTS and STT) into a temporary session, or takes a session folder, then
writes report.html with its audio embedded and compares it with the WAVs it replaces (a page that
embedded the WAVs carried them base64-encoded: 4/3 of their size).
Usage: .venv/bin/python bench/embed_audio_bench.py [SESSION_DIR]
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from agent.report import HTML_FILE, write_reports  # noqa: E402
from audio.wav import duration_s  # noqa: E402


def demo_session(into: Path) -> Path:
    folder = into / "demo"
    subprocess.run([sys.executable, "-m", "agent.cli", "run", "--script", str(REPO / "examples/system_design_demo.yaml"),
                    "--session-dir", str(folder)], cwd=REPO, check=True, capture_output=True)
    return folder


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(sys.argv[1]) if len(sys.argv) > 1 else demo_session(Path(tmp))
        wavs = sorted((folder / "audio").glob("*.wav"))
        wav_bytes = sum(p.stat().st_size for p in wavs)
        minutes = sum(duration_s(p) for p in wavs) / 60
        started = time.perf_counter()
        write_reports(folder, md=False, embed_audio=True)
        took = time.perf_counter() - started
        page = (folder / HTML_FILE).stat().st_size
        print(f"audio: {len(wavs)} clips, {minutes:.1f} min, WAV {wav_bytes / 1e6:.1f} MB "
              f"(embedded as WAV: {wav_bytes * 4 / 3 / 1e6:.1f} MB of page)")
        print(f"report.html with MP3 embedded: {page / 1e6:.2f} MB ({wav_bytes * 4 / 3 / page:.1f}x smaller), "
              f"written in {took:.1f} s; per audio minute {page / 1e6 / minutes:.2f} MB")
        print(f"load: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
