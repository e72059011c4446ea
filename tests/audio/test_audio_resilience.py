"""SteadyMicrophone on a file microphone that stalls, vanishes or overruns (virtual time)."""
from __future__ import annotations

import numpy as np
import pytest

from audio.clock import VirtualClock
from audio.errors import AudioDeviceError
from audio.file_devices import DeviceFault, FileMicrophone
from audio.resilience import DeviceLostError, ResilienceOptions, SteadyMicrophone
from audio.wav import SAMPLE_RATE


def _ramp_mic(seconds: float, faults=()) -> FileMicrophone:
    """Sample i holds i: a frame's first sample says which moment of the input it carries."""
    samples = np.arange(int(seconds * SAMPLE_RATE), dtype=np.float32)
    return FileMicrophone(samples, clock=VirtualClock(), faults=faults)


def _read_all(mic) -> list:
    frames = []
    while (frame := mic.read()) is not None:
        frames.append(frame)
    return frames


def test_a_bare_file_microphone_fails_like_a_sound_card_during_a_stall():
    mic = _ramp_mic(5.0, [DeviceFault(1.0, 3.0)])
    with pytest.raises(AudioDeviceError, match="delivered nothing for 0.5 s"):
        while mic.read(0.5) is not None:
            pass


def test_a_stall_is_waited_out_and_what_it_swallowed_is_lost_not_shifted():
    events = []
    mic = SteadyMicrophone(_ramp_mic(5.0, [DeviceFault(1.0, 3.0)]), on_event=events.append)
    frames = _read_all(mic)
    # the audio of the stall never arrives; the audio after it arrives at its own time
    starts = np.array([f.samples[0] / SAMPLE_RATE for f in frames])
    assert starts[-1] > 4.9 and not np.any((starts > 1.05) & (starts < 2.95))
    assert np.allclose([f.t for f in frames], starts, atol=0.04)
    assert [e.kind for e in events] == ["stalled", "recovered"]
    assert 1.9 <= events[1].duration_s <= 2.2


def test_a_vanished_device_is_reopened_once_it_is_back():
    events = []
    mic = SteadyMicrophone(_ramp_mic(12.0, [DeviceFault(1.0, 4.0, "gone")]), on_event=events.append)
    frames = _read_all(mic)
    assert frames[-1].samples[0] / SAMPLE_RATE > 11.9
    assert [e.kind for e in events] == ["stalled", "recovered"]
    assert "reopened" in events[1].message


def test_a_device_that_never_comes_back_is_given_up_after_the_retry_period():
    events = []
    raw = _ramp_mic(60.0, [DeviceFault(1.0, 1e9, "gone")])
    mic = SteadyMicrophone(raw, ResilienceOptions(give_up_after_s=10.0), on_event=events.append)
    with pytest.raises(DeviceLostError, match="did not come back within 10 s"):
        _read_all(mic)
    assert 10.0 <= raw.clock.now() <= 13.0
    assert [e.kind for e in events] == ["stalled", "lost"]


def test_overruns_are_reported_but_not_on_every_frame():
    events = []
    raw = _ramp_mic(70.0)
    mic = SteadyMicrophone(raw, ResilienceOptions(xrun_report_s=30.0), on_event=events.append)
    for i in range(2000):  # 64 s of frames, an overrun every 10
        raw.xruns = i // 10
        mic.read()
    assert [e.kind for e in events] == ["xrun"] * 3
