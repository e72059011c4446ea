"""The WebSocket microphone and speaker: what a client sends becomes frames, what the agent says goes out."""

from __future__ import annotations

import json

import numpy as np
import pytest

from audio.clock import VirtualClock
from audio.errors import AudioDeviceError
from audio.wav import SAMPLE_RATE, from_pcm16, to_pcm16
from audio.ws_devices import ClientGone, WsLink, WsMicrophone, WsSpeaker


def _tone(hz: float, seconds: float, rate: int) -> np.ndarray:
    return (0.5 * np.sin(2 * np.pi * hz * np.arange(int(seconds * rate)) / rate)).astype(np.float32)


def _link(clock=None):
    sent: list = []
    return WsLink(sent.append, clock=clock or VirtualClock()), sent


def test_a_48k_client_is_heard_as_16k_frames_in_order():
    link, _ = _link()
    mic = WsMicrophone(link)
    link.receive(json.dumps({"type": "start", "sample_rate": 48000}))
    tone = _tone(440, 1.0, 48000)
    for i in range(0, len(tone), 960):  # 20 ms messages, as voicebench and a browser send them
        link.clock.sleep(0.02)
        link.receive(to_pcm16(tone[i : i + 960]))
    frames = [mic.read(0.1) for _ in range(SAMPLE_RATE // mic.frame_samples)]
    audio = np.concatenate([f.samples for f in frames])
    assert all(len(f.samples) == 512 for f in frames)
    assert np.allclose(np.diff([f.t for f in frames]), 512 / SAMPLE_RATE)  # contiguous on the clock
    spectrum = np.abs(np.fft.rfft(audio[1000:]))
    assert abs(np.argmax(spectrum) * SAMPLE_RATE / len(audio[1000:]) - 440) < 5
    with pytest.raises(AudioDeviceError, match="delivered nothing"):  # connected but silent: a stall
        mic.read(0.1)


def test_interrupting_the_interviewer_tells_the_client_to_drop_the_rest():
    link, sent = _link()
    speaker = WsSpeaker(link)
    voice = _tone(220, 2.0, 22050)
    started = link.clock.now()
    speaker.play(voice, 22050)
    pcm = b"".join(m for m in sent if isinstance(m, bytes))
    assert len(from_pcm16(pcm)) == SAMPLE_RATE * 2  # all of it, at once, at the client's rate
    assert speaker.is_playing()
    link.clock.sleep(0.5)
    speaker.stop()
    assert json.loads(sent[-1]) == {"type": "clear"} and not speaker.is_playing()
    heard = speaker.reference(started, SAMPLE_RATE)  # its first second: half played, then cut
    assert np.abs(heard[: SAMPLE_RATE // 2 - 200]).max() > 0.3 and not heard[SAMPLE_RATE // 2 :].any()


def test_a_client_that_hangs_up_ends_listening_and_speaking():
    link, sent = _link()
    mic, speaker = WsMicrophone(link), WsSpeaker(link)
    link.receive(to_pcm16(np.zeros(600, np.float32)))
    link.disconnected()
    assert mic.read(0.1) is not None  # what arrived before the hang-up is still heard
    with pytest.raises(ClientGone):
        mic.read(0.1)
    with pytest.raises(ClientGone):
        speaker.play(np.zeros(100, np.float32), SAMPLE_RATE)
    speaker.stop()
    assert sent == []  # nothing is sent to a closed connection
