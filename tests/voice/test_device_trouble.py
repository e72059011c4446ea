"""A stalled, vanished or dead microphone on file devices (the fake is only the sound card):
the interview waits, reopens, tells the candidate, records it, and carries on; a device that never
comes back stops the run with every answer saved and the command to resume."""
from __future__ import annotations

import io

import numpy as np
import pytest
from rich.console import Console

from agent.brain.offline import OfflineBrain
from agent.channels.live_view import LiveView
from agent.channels.voice import VoiceChannel
from agent.cli.run import _run
from agent.errors import UserError
from agent.session import load_session
from agent.start import new_session
from audio.clock import VirtualClock
from audio.file_devices import DeviceFault, EchoMicrophone, FileMicrophone, FileSpeaker
from audio.resilience import DeviceLostError, ResilienceOptions
from audio.wav import SAMPLE_RATE

from .test_voice_channel import ANSWER, _candidate, _missing, _prompt, _prompt_seconds, kit  # noqa: F401

pytestmark = pytest.mark.slow

QUICK_GIVE_UP = ResilienceOptions(give_up_after_s=8.0)


def _devices(kit, answer_at: float, faults, clock=None):
    clock = clock or VirtualClock()
    speaker = FileSpeaker(clock=clock)
    audio = np.concatenate([np.zeros(int(answer_at * SAMPLE_RATE), np.float32), _candidate(kit, ANSWER)])
    inner = FileMicrophone(audio, clock=clock, trailing_silence_s=20.0, faults=faults)
    return EchoMicrophone(inner, speaker, gain=0.5), speaker


def _event_kinds(channel: VoiceChannel) -> list[str]:
    return [e.kind for e in channel.drain_events()]


@pytest.mark.parametrize("kind", ["stall", "gone"])
def test_a_microphone_that_stops_for_seconds_is_waited_for_and_the_answer_still_heard(kit, tmp_path, kind):
    prompt_s = _prompt_seconds(kit)
    # The microphone dies just as the question ends, for 4 s; the candidate starts 6 s after it.
    mic, speaker = _devices(kit, prompt_s + 6.0, [DeviceFault(prompt_s + 0.2, prompt_s + 4.2, kind)])
    console = Console(record=True, file=io.StringIO(), width=120)
    channel = VoiceChannel(mic, speaker, kit, LiveView("Priya", console), resilience=QUICK_GIVE_UP)
    turn = channel.take_turn(_prompt(), tmp_path)
    channel.view.__exit__(None, None, None)

    assert not _missing(turn.transcript), turn.transcript
    assert _event_kinds(channel) == ["microphone_stalled", "microphone_recovered"]
    screen = console.export_text()
    assert "The microphone stopped sending sound" in screen and "The microphone is back" in screen
    if kind == "gone":  # a vanished device only comes back by opening it again
        assert "reopened" in channel.mic.events[-1].message


def test_a_microphone_that_never_comes_back_ends_the_turn_with_device_lost(kit, tmp_path):
    mic, speaker = _devices(kit, 30.0, [DeviceFault(1.0, 1e9, "gone")])
    channel = VoiceChannel(mic, speaker, kit, resilience=QUICK_GIVE_UP)
    with pytest.raises(DeviceLostError, match="microphone stopped working .* within 8 s"):
        channel.take_turn(_prompt(), tmp_path)
    kinds = _event_kinds(channel)
    assert kinds[0] == "microphone_stalled" and kinds[-1] == "microphone_lost"
    assert mic.clock.now() < 1.0 + 8.0 + 3.0, "gave up long after the retry period"


def test_a_lost_microphone_stops_the_run_with_answers_saved_and_says_how_to_resume(kit, tmp_path):
    # The candidate answers the first question over the opening (a barge-in), then the microphone
    # is unplugged for good during the next prompt.
    mic, speaker = _devices(kit, 1.0, [DeviceFault(14.0, 1e9, "gone")])
    with new_session(tmp_path / "s", flow="quick_practice", level="mid", channel="voice", seed=0) as (folder, session):
        channel = VoiceChannel(mic, speaker, kit, resilience=QUICK_GIVE_UP)
        channel.speech = _KeepSpeechOpen(kit)  # the module's speech kit is shared with other tests
        with pytest.raises(UserError) as failure:
            _run(folder, session, channel, OfflineBrain())
    assert f"interview resume {folder}" in str(failure.value)
    assert "\n" not in str(failure.value)
    saved = load_session(folder)
    assert len(saved.turns) == 1 and not _missing(saved.turns[0].transcript), saved.turns[0].transcript
    assert (folder / saved.turns[0].answer_audio).is_file()
    assert saved.status == "running"  # resumable
    kinds = [e.kind for e in saved.events]
    assert "microphone_stalled" in kinds and kinds[-1] == "microphone_lost"


class _KeepSpeechOpen:
    """The kit, except that closing the channel does not close it."""

    def __init__(self, kit):
        self._kit = kit

    def __getattr__(self, name):
        return getattr(self._kit, name)

    def close(self) -> None:
        pass
