"""An answer's audio journal: on disk as it is heard, readable whatever stopped its writer."""
from __future__ import annotations

import numpy as np
import pytest

from audio.journal import AudioJournal, read_journal
from audio.wav import SAMPLE_RATE, load_audio, to_pcm16


def _speechlike(seconds: float, seed: int = 0) -> np.ndarray:
    return (np.random.default_rng(seed).standard_normal(int(seconds * SAMPLE_RATE)) * 0.1).astype(np.float32)


def test_every_frame_is_a_valid_wav_on_disk_before_the_writer_closes(tmp_path):
    audio = _speechlike(1.0)
    journal = AudioJournal(tmp_path / "001-answer-cut-off.wav")
    for i in range(0, len(audio), 512):  # 32 ms frames, as a microphone delivers them
        journal.write(audio[i : i + 512])
    # never closed, as after a kill: any WAV reader gets all of it, exactly (16-bit)
    on_disk = load_audio(tmp_path / "001-answer-cut-off.wav")
    np.testing.assert_array_equal(on_disk, np.round(audio * 32768) / 32768)
    np.testing.assert_array_equal(read_journal(journal.path), on_disk)
    assert journal.seconds == pytest.approx(1.0)


def test_a_journal_whose_header_was_never_updated_is_read_to_its_end(tmp_path):
    audio = _speechlike(0.5, seed=1)
    path = tmp_path / "a.wav"
    journal = AudioJournal(path)  # header written with no data
    journal.close()
    with open(path, "ab") as fh:  # data appended, header still saying 0 bytes (killed between the two)
        fh.write(to_pcm16(audio))
    assert len(read_journal(path)) == len(audio)


def test_a_journal_never_overwrites_an_earlier_recording(tmp_path):
    path = tmp_path / "001-answer-cut-off.wav"
    AudioJournal(path).write(_speechlike(0.2))
    with pytest.raises(FileExistsError):
        AudioJournal(path)
    assert len(read_journal(path)) == int(0.2 * SAMPLE_RATE)
