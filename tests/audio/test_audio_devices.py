"""Microphone/Speaker interfaces: file implementations on real and virtual clocks; no sound card."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from audio.clock import RealClock, VirtualClock
from audio.devices import Microphone, Speaker, probe_devices
from audio.errors import NoAudioDeviceError
from audio.file_devices import EchoMicrophone, FileMicrophone, FileSpeaker
from audio.wav import read_wav, write_wav


def _ramp(seconds: float) -> np.ndarray:
    return np.linspace(-0.5, 0.5, int(seconds * 16000), dtype=np.float32)


def test_file_devices_satisfy_the_interfaces(tmp_path):
    assert isinstance(FileMicrophone(_ramp(0.1)), Microphone)
    assert isinstance(FileSpeaker(tmp_path / "o.wav"), Speaker)


def test_file_microphone_streams_frames_in_virtual_real_time(tmp_path):
    path = write_wav(tmp_path / "in.wav", _ramp(1.0), 16000)
    clock = VirtualClock()
    mic = FileMicrophone(path, clock=clock, trailing_silence_s=0.5)
    frames = []
    while (frame := mic.read()) is not None:
        frames.append(frame)
    assert len(frames) == math.ceil(1.5 * 16000 / 512)
    assert all(len(f.samples) == 512 and f.samples.dtype == np.float32 for f in frames)
    assert clock.now() == pytest.approx(len(frames) * 0.032)  # each frame waits for its capture time
    assert frames[3].t == pytest.approx(3 * 0.032)
    joined = np.concatenate([f.samples for f in frames])
    assert np.allclose(joined[:16000], read_wav(path).samples, atol=1e-4)
    assert not np.any(joined[16000 + 512 :])  # the trailing silence
    assert mic.read() is None and mic.ended


def test_file_microphone_real_time_pacing_and_speedup():
    for speed, expected in ((1.0, 0.5), (5.0, 0.1)):
        mic = FileMicrophone(_ramp(0.5), clock=RealClock(), speed=speed)
        start = time.monotonic()
        while mic.read() is not None:
            pass
        # Paced, never early; a busy machine can only make it late, so the upper bound is loose.
        assert expected - 0.02 <= time.monotonic() - start < expected + 0.5
    mic = FileMicrophone(_ramp(5.0), speed=math.inf)
    start = time.monotonic()
    while mic.read() is not None:
        pass
    assert time.monotonic() - start < 0.2


def test_flush_drops_what_a_live_device_would_have_captured():
    clock = VirtualClock()
    mic = FileMicrophone(_ramp(2.0), clock=clock)
    mic.start()
    clock.advance(1.0)
    assert mic.flush() == int(1.0 / 0.032)
    assert mic.read().t == pytest.approx(int(1.0 / 0.032) * 0.032)


def test_file_speaker_plays_on_the_clock_and_stops_mid_way(tmp_path):
    clock = VirtualClock()
    spk = FileSpeaker(tmp_path / "out.wav", clock=clock)
    spk.play(np.full(22050 * 2, 0.25, np.float32), 22050)  # 2 s at 22.05 kHz
    spk.play(np.full(16000, 0.5, np.float32), 16000)  # queued behind it
    assert spk.is_playing()
    clock.advance(0.75)
    spk.stop()
    assert not spk.is_playing()
    assert spk.stop_times == [pytest.approx(0.75)]
    assert spk.events[0].played_s == pytest.approx(0.75)
    assert spk.events[1].played_s == 0.0  # dropped before it began
    spk.close()
    written = read_wav(tmp_path / "out.wav")
    assert written.duration_s == pytest.approx(0.75, abs=0.002)
    assert np.allclose(written.samples[100:-100], 0.25, atol=1e-3)


def test_file_speaker_wait_and_reference():
    clock = VirtualClock()
    spk = FileSpeaker(clock=clock)
    clock.advance(1.0)
    spk.play(np.full(8000, 0.5, np.float32), 16000)
    assert spk.wait()
    assert clock.now() == pytest.approx(1.5)
    ref = spk.reference(0.75, 16000)  # from 0.75 s to 1.75 s
    assert not np.any(ref[:4000]) and np.allclose(ref[4000:12000], 0.5) and not np.any(ref[12000:])


def test_echo_microphone_hears_the_speaker():
    clock = VirtualClock()
    spk = FileSpeaker(clock=clock)
    mic = EchoMicrophone(FileMicrophone(np.zeros(16000, np.float32), clock=clock), spk, gain=0.5, delay_s=0.1)
    mic.start()
    spk.play(np.full(16000, 0.4, np.float32), 16000)
    frames = [mic.read() for _ in range(10)]
    first_loud = next(i for i, f in enumerate(frames) if np.any(f.samples))
    assert first_loud == 3  # 0.1 s delay: frame 3 starts at 0.096 s
    assert np.allclose(frames[6].samples, 0.2)


def test_no_sound_card_gives_a_clear_error():
    report = probe_devices()
    if report.input_device is not None:
        pytest.skip(f"this machine has a microphone: {report.input_device}")
    from audio.devices import SoundDeviceMicrophone, SoundDeviceSpeaker

    with pytest.raises(NoAudioDeviceError, match="^no microphone found"):
        SoundDeviceMicrophone()
    assert report.input_error and report.input_error.startswith("no microphone found")
    if report.output_device is None:
        with pytest.raises(NoAudioDeviceError, match="^no speaker found"):
            SoundDeviceSpeaker()


_NULL_CARD_SCRIPT = r"""
import json, time
import numpy as np
from audio.devices import SoundDeviceMicrophone, SoundDeviceSpeaker, probe_devices
out = {"report": probe_devices().ok}
mic = SoundDeviceMicrophone()
mic.start()
frames = [mic.read(2.0) for _ in range(10)]
mic.stop()
out["frames"] = [len(f.samples) for f in frames]
out["dtype"] = str(frames[0].samples.dtype)
out["ordered"] = all(b.t > a.t for a, b in zip(frames, frames[1:]))
spk = SoundDeviceSpeaker()
tone = (0.3 * np.sin(2 * np.pi * 440 * np.arange(22050 * 3) / 22050)).astype(np.float32)
spk.play(tone, 22050)
out["playing"] = spk.is_playing()
time.sleep(0.3)
out["reference"] = spk.reference(spk.clock.now() - 0.25, 1600) is not None
t = time.monotonic()
spk.stop()
while spk.is_playing() and time.monotonic() - t < 2:
    time.sleep(0.005)
out["stop_s"] = time.monotonic() - t
spk.close()
print(json.dumps(out))
"""


def test_sound_card_classes_on_an_alsa_null_device(tmp_path):
    """No sound card here, but ALSA's null device lets the sounddevice classes run for real."""
    import json
    import os
    import subprocess
    import sys

    (tmp_path / ".asoundrc").write_text("pcm.!default {\n    type null\n}\n")
    env = {**os.environ, "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", _NULL_CARD_SCRIPT], env=env, capture_output=True, text=True,
                          timeout=60, cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    if done.returncode != 0 and "PortAudio" in done.stderr:
        pytest.skip("PortAudio (libportaudio2) is not installed")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["report"] and out["playing"] and out["ordered"]
    assert out["frames"] == [512] * 10 and out["dtype"] == "float32"
    assert out["stop_s"] < 0.3
    assert out["reference"]  # it reports what it played (the null device is too fast to check timing)
