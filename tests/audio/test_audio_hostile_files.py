"""Hostile audio files are refused before decoding: a header that claims 1 Hz, a file hours long,
a device node. Memory stays bounded (the 1 Hz file used to resample to gigabytes)."""
from __future__ import annotations

import struct
import subprocess
import sys

import numpy as np
import pytest

from audio.errors import AudioFileError
from audio.wav import load_audio, read_wav, write_wav
from support import REPO


def _wav_claiming(path, rate: int, n_bytes: int = 200_000):
    pcm = (np.random.default_rng(0).standard_normal(n_bytes // 2) * 3000).astype("<i2").tobytes()
    header = b"RIFF" + struct.pack("<I", 36 + len(pcm)) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, rate, rate * 2, 2, 16)
    path.write_bytes(header + b"data" + struct.pack("<I", len(pcm)) + pcm)
    return path


@pytest.mark.parametrize("rate", [1, 100, 10_000_000])
def test_an_absurd_sample_rate_is_refused(tmp_path, rate):
    path = _wav_claiming(tmp_path / "odd.wav", rate)
    with pytest.raises(AudioFileError, match=f"unsupported sample rate {rate} Hz"):
        load_audio(path)


def test_a_recording_hours_long_is_refused_before_decoding(tmp_path):
    # 8 kHz mono 8-bit, 3 hours: 86 MB of bytes that would become 690 MB of float32 at 16 kHz.
    path = tmp_path / "long.wav"
    n = 8000 * 3 * 3600
    header = b"RIFF" + struct.pack("<I", 36 + n) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 8000, 1, 8)
    with open(path, "wb") as f:
        f.write(header + b"data" + struct.pack("<I", n))
        f.truncate(len(header) + 8 + n)  # sparse: costs no disk
    with pytest.raises(AudioFileError, match="too long: 3.0 hours"):
        read_wav(path)


def test_devices_and_folders_are_named_not_read(tmp_path):
    with pytest.raises(AudioFileError, match="not a regular file"):
        load_audio("/dev/zero")
    with pytest.raises(AudioFileError, match="is a directory"):
        load_audio(tmp_path)


def test_an_ordinary_rate_still_loads(tmp_path):
    tone = np.sin(np.arange(8000) / 8000 * 2 * np.pi * 440).astype(np.float32) * 0.5
    path = write_wav(tmp_path / "ok.wav", tone, 8000)
    assert len(load_audio(path)) == 16000


def test_transcribe_on_a_1_hz_file_stays_small_and_says_why(tmp_path):
    path = _wav_claiming(tmp_path / "one-hertz.wav", 1)
    code = ("import resource, sys; from agent.cli import main; rc = main(['transcribe', sys.argv[1]]); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(rc)")
    r = subprocess.run([sys.executable, "-c", code, str(path)], cwd=REPO, capture_output=True, text=True,
                       timeout=120)
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and lines[0] == f"error: {path}: unsupported sample rate 1 Hz (expected 4000 to 384000 Hz)"
    assert int(lines[-1]) < 1_000_000  # KB: well under 1 GB (it used to pass 4 GB)
