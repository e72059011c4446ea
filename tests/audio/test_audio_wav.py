"""WAV I/O, resampling and durations."""

from __future__ import annotations

import struct
import wave

import numpy as np
import pytest

from audio.errors import AudioFileError
from audio.wav import AudioData, duration_s, load_audio, read_wav, resample, write_wav


def _tone(freq: float, seconds: float, rate: int, amp: float = 0.5) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def _raw_wav(path, payload: bytes, tag: int, channels: int, rate: int, bits: int) -> None:
    block = channels * bits // 8
    fmt = struct.pack("<HHIIHH", tag, channels, rate, rate * block, block, bits)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(payload)) + payload
    path.write_bytes(b"RIFF" + struct.pack("<I", len(body)) + body)


def test_write_then_read_round_trip(tmp_path):
    x = _tone(440, 1.0, 16000)
    path = write_wav(tmp_path / "sub" / "a.wav", x, 16000)
    data = read_wav(path)
    assert data.sample_rate == 16000 and data.samples.dtype == np.float32
    assert np.max(np.abs(data.samples - x)) < 1e-4
    assert data.duration_s == pytest.approx(1.0)
    with wave.open(str(path)) as w:  # a plain 16-bit PCM file any tool can read
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 16000)
    assert not list(path.parent.glob(".*.tmp"))  # atomic write leaves no temporary behind


def test_reads_float_24bit_8bit_and_stereo(tmp_path):
    x = _tone(300, 0.5, 8000, amp=0.25)
    _raw_wav(tmp_path / "f32.wav", x.astype("<f4").tobytes(), 3, 1, 8000, 32)
    i24 = (x * (1 << 23)).astype(np.int32)
    b24 = np.stack([(i24 >> s) & 0xFF for s in (0, 8, 16)], axis=1).astype(np.uint8).tobytes()
    _raw_wav(tmp_path / "s24.wav", b24, 1, 1, 8000, 24)
    _raw_wav(tmp_path / "u8.wav", (x * 127 + 128).astype(np.uint8).tobytes(), 1, 1, 8000, 8)
    stereo = np.stack([x, x], axis=1).reshape(-1)
    _raw_wav(tmp_path / "st.wav", (stereo * 32767).astype("<i2").tobytes(), 1, 2, 8000, 16)
    for name, tol in (("f32", 1e-6), ("s24", 1e-5), ("u8", 1e-2), ("st", 1e-4)):
        data = read_wav(tmp_path / f"{name}.wav")
        assert data.sample_rate == 8000, name
        assert len(data.samples) == len(x), name
        assert np.max(np.abs(data.samples - x)) < tol, name


def test_missing_and_non_audio_files_raise_a_clear_error(tmp_path):
    missing = tmp_path / "nope.wav"
    with pytest.raises(AudioFileError, match="nope.wav: no such file"):
        read_wav(missing)
    with pytest.raises(AudioFileError, match="nope.wav"):
        load_audio(missing)
    text = tmp_path / "notes.wav"
    text.write_text("not audio at all")
    with pytest.raises(AudioFileError, match="notes.wav: not a WAV file"):
        read_wav(text)
    other = tmp_path / "notes.mp3"
    other.write_text("not audio at all")
    with pytest.raises(AudioFileError, match="notes.mp3"):
        load_audio(other)
    with pytest.raises(AudioFileError, match="directory"):
        load_audio(tmp_path)


def test_resample_keeps_speech_band_and_removes_aliases():
    x = _tone(440, 1.0, 22050) + _tone(9000, 1.0, 22050, amp=0.3)  # 9 kHz cannot exist at 16 kHz
    y = resample(x, 22050, 16000)
    assert len(y) == 16000
    ref = _tone(440, 1.0, 16000)
    assert np.max(np.abs(y[200:-200] - ref[200:-200])) < 2e-3
    back = resample(y, 16000, 22050)
    assert len(back) == 22050
    assert resample(np.zeros(0, np.float32), 44100, 16000).size == 0


def test_load_audio_resamples_and_duration(tmp_path):
    path = write_wav(tmp_path / "t.wav", _tone(200, 2.0, 22050), 22050)
    x = load_audio(path)
    assert len(x) == 32000
    assert duration_s(path) == pytest.approx(2.0)
    assert duration_s(x) == pytest.approx(2.0)
    assert AudioData(x, 16000).duration_s == pytest.approx(2.0)


def test_stream_resampler_matches_the_batch_one_block_by_block():
    from audio.wav import StreamResampler

    x = np.random.default_rng(0).standard_normal(44100 * 2).astype(np.float32) * 0.1
    stream = StreamResampler(44100, 16000)
    out = np.concatenate([stream.process(x[i : i + 941]) for i in range(0, len(x), 941)])
    whole = resample(x, 44100, 16000)
    assert len(whole) - 40 <= len(out) <= len(whole)  # the last few wait for input that never came
    assert np.max(np.abs(out - whole[: len(out)])) < 1e-6
