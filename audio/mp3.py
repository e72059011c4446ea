"""Speech compressed to MP3 (libmp3lame inside PyAV, already installed for faster-whisper).

MP3 rather than Opus for embedding in a shared report: every browser plays it, phones included,
and at 32 kbit/s mono a voice stays clear at about a tenth of the WAV's size.
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from audio.wav import read_wav, to_pcm16

SPEECH_BITRATE = 32_000


def mp3_bytes(path: str | Path, bitrate: int = SPEECH_BITRATE) -> bytes:
    """A WAV file (any rate, mono) as MP3 bytes at its own sample rate."""
    import av  # loaded only when a report embeds its audio

    data = read_wav(path)
    pcm = np.frombuffer(to_pcm16(data.samples), "<i2")[None, :]
    out_buf = io.BytesIO()
    with av.open(out_buf, "w", format="mp3") as out:
        stream = out.add_stream("libmp3lame", rate=data.sample_rate)
        stream.bit_rate = bitrate
        stream.layout = "mono"
        frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
        frame.sample_rate = data.sample_rate
        for packet in (*stream.encode(frame), *stream.encode(None)):
            out.mux(packet)
    return out_buf.getvalue()
