"""WAV files in and out, as mono float32 numpy arrays; resampling; durations.

Reading parses RIFF/WAVE directly (PCM 8/16/24/32-bit, IEEE float 32/64, WAVE_FORMAT_EXTENSIBLE;
several channels are averaged to mono). :func:`load_audio` also accepts other formats (MP3, FLAC,
OGG, M4A...) through PyAV, which faster-whisper already depends on. Writing produces 16-bit PCM,
atomically (temporary file then rename), so a crash never leaves half a WAV behind.
"""

from __future__ import annotations

import math
import os
import struct
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from audio.errors import AudioFileError

SAMPLE_RATE = 16000
"""The rate used everywhere inside ``audio`` (microphone frames, VAD, STT)."""

# Bounds checked before anything is decoded or resampled, so a hostile header (a 200 KB file that
# claims 1 Hz would resample to gigabytes) is refused instead of exhausting memory.
MIN_RATE, MAX_RATE = 4000, 384000
MAX_DURATION_S = 2 * 3600.0
MAX_FILE_BYTES = 1 << 30

_WAVE_FORMAT_PCM = 0x0001
_WAVE_FORMAT_IEEE_FLOAT = 0x0003
_WAVE_FORMAT_EXTENSIBLE = 0xFFFE


@dataclass(frozen=True)
class AudioData:
    """Mono float32 samples in [-1, 1] and their sample rate."""

    samples: np.ndarray
    sample_rate: int

    @property
    def duration_s(self) -> float:
        return len(self.samples) / float(self.sample_rate)

    def to_rate(self, sample_rate: int = SAMPLE_RATE) -> "AudioData":
        return AudioData(resample(self.samples, self.sample_rate, sample_rate), sample_rate)


# --------------------------------------------------------------------------------------- reading
def read_wav(path: str | Path) -> AudioData:
    """Read a WAV file as mono float32 at its own sample rate.

    Raises :class:`AudioFileError` (naming the file) if it is missing, empty, or not a WAV file.
    """
    path = Path(path)
    data = _read_bytes(path)
    if len(data) < 12 or data[:4] not in (b"RIFF", b"RIFX") or data[8:12] != b"WAVE":
        raise AudioFileError(path, "not a WAV file (no RIFF/WAVE header)")
    if data[:4] == b"RIFX":
        raise AudioFileError(path, "big-endian WAV (RIFX) is not supported")

    fmt: tuple[int, int, int, int] | None = None
    payload: bytes | None = None
    pos = 12
    while pos + 8 <= len(data):
        chunk_id = data[pos : pos + 4]
        (size,) = struct.unpack("<I", data[pos + 4 : pos + 8])
        body = data[pos + 8 : pos + 8 + size]
        if chunk_id == b"fmt ":
            if len(body) < 16:
                raise AudioFileError(path, "corrupt WAV: short fmt chunk")
            tag, channels, rate, _, _, bits = struct.unpack("<HHIIHH", body[:16])
            if tag == _WAVE_FORMAT_EXTENSIBLE and len(body) >= 26:
                (tag,) = struct.unpack("<H", body[24:26])
            fmt = (tag, channels, rate, bits)
        elif chunk_id == b"data":
            payload = body  # a truncated data chunk (streaming writers) is read as far as it goes
        pos += 8 + size + (size & 1)
    if fmt is None or payload is None:
        raise AudioFileError(path, "corrupt WAV: missing fmt or data chunk")

    tag, channels, rate, bits = fmt
    if channels < 1 or rate < 1:
        raise AudioFileError(path, f"corrupt WAV: {channels} channels at {rate} Hz")
    if not MIN_RATE <= rate <= MAX_RATE:
        raise AudioFileError(path, f"unsupported sample rate {rate} Hz (expected {MIN_RATE} to {MAX_RATE} Hz)")
    seconds = len(payload) / max(bits // 8, 1) / channels / rate
    if seconds > MAX_DURATION_S:
        raise AudioFileError(path, f"too long: {seconds / 3600:.1f} hours (at most {MAX_DURATION_S / 3600:.0f})")
    samples = _decode_samples(path, payload, tag, bits)
    frame_count = len(samples) // channels
    samples = samples[: frame_count * channels]
    if channels > 1:
        samples = samples.reshape(frame_count, channels).mean(axis=1)
    return AudioData(np.ascontiguousarray(samples, dtype=np.float32), rate)


def _check_file(path: Path) -> None:
    if not path.exists():
        raise AudioFileError(path, "no such file")
    if path.is_dir():
        raise AudioFileError(path, "is a directory, not an audio file")
    if not path.is_file():
        raise AudioFileError(path, "not a regular file (a device or a pipe), not an audio file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise AudioFileError(path, f"too big: {path.stat().st_size >> 20} MB (at most {MAX_FILE_BYTES >> 20} MB)")


def _read_bytes(path: Path) -> bytes:
    _check_file(path)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AudioFileError(path, f"cannot read: {exc.strerror or exc}") from exc


def _decode_samples(path: Path, payload: bytes, tag: int, bits: int) -> np.ndarray:
    width = bits // 8
    usable = len(payload) - len(payload) % max(width, 1)
    raw = payload[:usable]
    if tag == _WAVE_FORMAT_PCM:
        if bits == 8:
            return (np.frombuffer(raw, np.uint8).astype(np.float32) - 128.0) / 128.0
        if bits == 16:
            return from_pcm16(raw)
        if bits == 24:
            b = np.frombuffer(raw, np.uint8).reshape(-1, 3).astype(np.int32)
            v = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
            v = np.where(v >= 1 << 23, v - (1 << 24), v)
            return v.astype(np.float32) / float(1 << 23)
        if bits == 32:
            return (np.frombuffer(raw, "<i4").astype(np.float64) / 2147483648.0).astype(np.float32)
    elif tag == _WAVE_FORMAT_IEEE_FLOAT:
        if bits == 32:
            return np.frombuffer(raw, "<f4").astype(np.float32)
        if bits == 64:
            return np.frombuffer(raw, "<f8").astype(np.float32)
    raise AudioFileError(path, f"unsupported WAV encoding (format tag {tag:#06x}, {bits} bits)")


def load_audio(path: str | Path, sample_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Any audio file as mono float32 at ``sample_rate`` (WAV parsed here, other formats via PyAV)."""
    path = Path(path)
    _check_file(path)
    with open(path, "rb") as fh:
        head = fh.read(12)
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return read_wav(path).to_rate(sample_rate).samples
    _check_probed_duration(path)
    try:
        from faster_whisper.audio import decode_audio

        samples = decode_audio(str(path), sampling_rate=sample_rate)
    except Exception as exc:  # PyAV raises a zoo of errors (InvalidDataError, ValueError...)
        raise AudioFileError(path, f"not an audio file PyAV can decode ({type(exc).__name__})") from exc
    samples = np.asarray(samples, dtype=np.float32)
    if samples.size == 0:
        raise AudioFileError(path, "no audio samples decoded")
    return samples


def _check_probed_duration(path: Path) -> None:
    """The container's own duration, checked before decoding (which resamples everything at once)."""
    try:
        import av

        with av.open(str(path)) as container:
            seconds = (container.duration or 0) / 1e6  # av.time_base: microseconds
    except Exception:  # not decodable: decode_audio below says so
        return
    if seconds > MAX_DURATION_S:
        raise AudioFileError(path, f"too long: {seconds / 3600:.1f} hours (at most {MAX_DURATION_S / 3600:.0f})")


# --------------------------------------------------------------------------------------- writing
def from_pcm16(data: bytes) -> np.ndarray:
    """Little-endian 16-bit PCM bytes as float32 samples in [-1, 1)."""
    if len(data) % 2:
        raise ValueError("16-bit PCM with an odd number of bytes")
    return np.frombuffer(data, "<i2").astype(np.float32) / 32768.0


def to_pcm16(samples: np.ndarray) -> bytes:
    """Float samples in [-1, 1] as little-endian 16-bit PCM bytes (clipped).

    The inverse of reading (``int16 / 32768``), so 16-bit audio survives a read/write exactly."""
    x = np.round(np.asarray(samples, dtype=np.float64) * 32768.0)
    return np.clip(x, -32768, 32767).astype("<i2").tobytes()


def write_wav(path: str | Path, samples: np.ndarray, sample_rate: int = SAMPLE_RATE) -> Path:
    """Write mono 16-bit PCM, atomically. Returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    samples = np.asarray(samples, dtype=np.float32).reshape(-1)
    pcm = to_pcm16(samples)
    header = b"RIFF" + struct.pack("<I", 36 + len(pcm)) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, _WAVE_FORMAT_PCM, 1, sample_rate, sample_rate * 2, 2, 16)
    header += b"data" + struct.pack("<I", len(pcm))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(header)
            fh.write(pcm)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


# ------------------------------------------------------------------------------------- durations
def duration_s(source: str | Path | np.ndarray, sample_rate: int = SAMPLE_RATE) -> float:
    """Duration of an audio file (decoded: a WAV at its own rate, never resampled) or of an
    array at ``sample_rate``."""
    if isinstance(source, np.ndarray):
        return len(source) / float(sample_rate)
    path = Path(source)
    if path.suffix.lower() == ".wav":
        return read_wav(path).duration_s
    return len(load_audio(path, SAMPLE_RATE)) / float(SAMPLE_RATE)


# ------------------------------------------------------------------------------------ resampling
def resample(samples: np.ndarray, from_rate: int, to_rate: int = SAMPLE_RATE) -> np.ndarray:
    """Band-limited resampling (Kaiser-windowed sinc, exact rational polyphase).

    Good enough for speech recognition and playback; costs a few milliseconds per second of audio.
    The whole clip goes through a :class:`StreamResampler`, zero-padded at the end so its last
    outputs are not held back.
    """
    x = np.asarray(samples, dtype=np.float32).reshape(-1)
    if from_rate == to_rate or x.size == 0:
        return x.copy()
    stream = StreamResampler(from_rate, to_rate)
    n_out = int(math.ceil(len(x) * stream.up / stream.down))
    return stream.process(np.concatenate([x, np.zeros(stream.half + 1, np.float32)]))[:n_out]


@lru_cache(maxsize=16)
def _filter_bank(up: int, down: int, half_taps: int = 16, beta: float = 8.0) -> tuple[np.ndarray, int]:
    """Filter taps for each of the ``up`` fractional phases; rows sum to 1 (unity DC gain)."""
    cutoff = min(1.0, up / down) * 0.95  # fraction of the input Nyquist
    half = int(math.ceil(half_taps / min(1.0, up / down)))
    offsets = np.arange(-half + 1, half + 1, dtype=np.float64)
    frac = np.arange(up, dtype=np.float64) / up
    t = offsets[None, :] - frac[:, None]  # distance (in input samples) from output position
    window = np.i0(beta * np.sqrt(np.clip(1.0 - (t / (half + 1)) ** 2, 0.0, 1.0))) / np.i0(beta)
    taps = cutoff * np.sinc(cutoff * t) * window
    taps /= taps.sum(axis=1, keepdims=True)
    return taps.astype(np.float32), half


class StreamResampler:
    """:func:`resample` for a stream of blocks (a live device): no clicks at block edges.

    Output lags the input by the filter's half length (~1 ms at 48 kHz -> 16 kHz)."""

    _STEP = 8192  # outputs computed at once (bounds the index matrix for long clips)

    def __init__(self, from_rate: int, to_rate: int = SAMPLE_RATE) -> None:
        g = math.gcd(int(from_rate), int(to_rate))
        self.up, self.down = int(to_rate) // g, int(from_rate) // g
        self._bank, self.half = _filter_bank(self.up, self.down)
        self._buffer = np.zeros(self.half, dtype=np.float32)  # left zero padding
        self._offset = -self.half  # input index of _buffer[0]
        self._next = 0  # next output index

    def process(self, block: np.ndarray) -> np.ndarray:
        if self.up == self.down:
            return np.asarray(block, dtype=np.float32).copy()
        self._buffer = np.concatenate([self._buffer, np.asarray(block, dtype=np.float32).reshape(-1)])
        available = self._offset + len(self._buffer)  # input samples seen so far
        # output k needs input up to base(k) + half, base(k) = k * down // up
        last = (available - self.half - 1) * self.up // self.down
        if last < self._next:
            return np.zeros(0, dtype=np.float32)
        out = np.empty(last + 1 - self._next, dtype=np.float32)
        offsets = np.arange(-self.half + 1, self.half + 1)
        for start in range(self._next, last + 1, self._STEP):
            k = np.arange(start, min(start + self._STEP, last + 1))
            pos = k * self.down
            base, phase = pos // self.up, pos % self.up
            idx = base[:, None] + offsets[None, :] - self._offset
            out[start - self._next : start - self._next + len(k)] = np.einsum(
                "ij,ij->i", self._buffer[idx], self._bank[phase])
        self._next = last + 1
        keep_from = (self._next * self.down // self.up) - self.half + 1 - self._offset
        if keep_from > 0:
            self._buffer = self._buffer[keep_from:]
            self._offset += keep_from
        return out
