"""An answer's audio on disk as it is heard, so a crash or a kill mid-answer loses none of it.

:class:`AudioJournal` appends 16-bit PCM to a WAV file frame by frame and keeps its header sizes
right after every write: whatever stops the process (an exception, Ctrl-C, SIGKILL), the file is
a valid WAV of everything heard up to the last frame. :func:`read_journal` reads one even if the
header was never updated (the data runs to the end of the file). :class:`JournaledMicrophone`
writes every frame it reads to a journal.
"""
from __future__ import annotations

import os
import struct
from pathlib import Path

import numpy as np

from audio.devices import AudioFrame, Microphone
from audio.wav import SAMPLE_RATE, from_pcm16, to_pcm16

_HEADER_BYTES = 44


def _header(data_bytes: int, sample_rate: int) -> bytes:
    return (b"RIFF" + struct.pack("<I", 36 + data_bytes) + b"WAVE"
            + b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, sample_rate, sample_rate * 2, 2, 16)
            + b"data" + struct.pack("<I", data_bytes))


class AudioJournal:
    """A mono 16-bit WAV written as it is heard; a new file (never an existing one)."""

    def __init__(self, path: Path, sample_rate: int = SAMPLE_RATE) -> None:
        self.path = Path(path)
        self.sample_rate = sample_rate
        self._file = open(self.path, "xb")  # noqa: SIM115 (held open while the answer is heard)
        self._data_bytes = 0
        self._file.write(_header(0, sample_rate))
        self._file.flush()

    @property
    def seconds(self) -> float:
        return self._data_bytes / 2 / self.sample_rate

    def write(self, samples: np.ndarray) -> None:
        if self._file.closed or not len(samples):
            return
        pcm = to_pcm16(samples)
        self._file.seek(0, os.SEEK_END)
        self._file.write(pcm)
        self._data_bytes += len(pcm)
        self._file.seek(0)
        self._file.write(_header(self._data_bytes, self.sample_rate))
        self._file.flush()  # in the OS's hands: survives the process being killed

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()

    def discard(self) -> None:
        """The answer is safely recorded elsewhere: remove the journal."""
        self.close()
        self.path.unlink(missing_ok=True)


def read_journal(path: Path) -> np.ndarray:
    """The samples of a journal (16 kHz float32), wherever its writer stopped."""
    data = Path(path).read_bytes()[_HEADER_BYTES:]
    return from_pcm16(data[: len(data) // 2 * 2])


class JournaledMicrophone:
    """A microphone whose every frame read is also written to ``journal``."""

    def __init__(self, mic: Microphone, journal: AudioJournal) -> None:
        self._mic = mic
        self.journal = journal

    def read(self, timeout: float | None = None) -> AudioFrame | None:
        frame = self._mic.read(timeout)
        if frame is not None:
            self.journal.write(frame.samples)
        return frame

    def __getattr__(self, name: str):
        return getattr(self._mic, name)
