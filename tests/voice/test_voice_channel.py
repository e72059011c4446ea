"""The live voice channel on file devices (the only fake is the sound card): real TTS, VAD and STT."""
from __future__ import annotations

import io

import numpy as np
import pytest

from rich.console import Console

from agent.channels.live_view import LiveView
from agent.channels.speech import SpeechKit
from agent.channels.voice import VoiceChannel
from agent.state import Prompt
from audio.clock import VirtualClock
from audio.file_devices import EchoMicrophone, FileMicrophone, FileSpeaker
from audio.wav import SAMPLE_RATE, load_audio, resample
from audio.wer import normalize_text, wer

pytestmark = pytest.mark.slow

PROMPT = "Picture a checkout page that became slow after yesterday's deployment. Walk me through your first hour."
ANSWER = "First I would roll back the release, and then I would read the traces with the on call engineer."


@pytest.fixture(scope="module")
def kit():
    k = SpeechKit.load()
    yield k
    k.close()


def _candidate(kit: SpeechKit, text: str) -> np.ndarray:
    chunk = kit.synth.render(text, kit.candidate)
    return resample(chunk.samples, chunk.sample_rate, SAMPLE_RATE)


def _prompt_seconds(kit: SpeechKit) -> float:
    return sum(c.duration_s for c in kit.sentences(PROMPT))


def _channel(kit, candidate_starts_at: float, tmp_path, view=None):
    clock = VirtualClock()
    speaker = FileSpeaker(clock=clock)
    answer = _candidate(kit, ANSWER)
    inner = FileMicrophone(np.concatenate([np.zeros(int(candidate_starts_at * SAMPLE_RATE), np.float32), answer]),
                           clock=clock, speed=1.0, trailing_silence_s=4.0)
    # The microphone also hears the interviewer's voice from the speaker, as at a real desk.
    return VoiceChannel(EchoMicrophone(inner, speaker, gain=0.5), speaker, kit, view), speaker


def _prompt():
    return Prompt(turn=0, kind="question", question_id="latency_regression", text=PROMPT)


# The answer's content words: every one must be heard (Whisper may vary "would"/"will").
KEY_WORDS = ("first", "roll back", "release", "traces", "engineer")


def _missing(heard: str) -> list[str]:
    text = " ".join(normalize_text(heard))
    return [w for w in KEY_WORDS if w not in text]


def test_answer_after_the_question_is_transcribed_without_the_interviewers_voice(kit, tmp_path):
    channel, speaker = _channel(kit, _prompt_seconds(kit) + 1.0, tmp_path)
    turn = channel.take_turn(_prompt(), tmp_path)
    # Through the interviewer's echo, VAD, streaming and end of turn, no word of the answer is lost.
    assert not _missing(turn.transcript), turn.transcript
    assert wer(ANSWER, turn.transcript) <= 0.35, turn.transcript
    heard = turn.transcript.lower()
    for word in ("checkout", "deployment", "picture", "hour"):
        assert word not in heard, f"the agent's own voice leaked into the transcript: {turn.transcript}"
    assert turn.segments and turn.segments[0].words, "no word timestamps"
    assert (tmp_path / turn.prompt_audio).is_file() and (tmp_path / turn.answer_audio).is_file()
    saved = load_audio(tmp_path / turn.answer_audio, SAMPLE_RATE)
    assert abs(len(saved) / SAMPLE_RATE - turn.duration_s) < 0.05
    assert "barge_in_stop_s" not in turn.latency


def test_talking_over_the_interviewer_stops_playback_and_starts_the_answer(kit, tmp_path):
    full = _prompt_seconds(kit)
    channel, speaker = _channel(kit, 1.5, tmp_path)
    turn = channel.take_turn(_prompt(), tmp_path)
    assert turn.latency["barge_in_stop_s"] <= 0.3
    assert turn.prompt_duration_s < full - 2.0, "playback was not cut"
    assert speaker.played_s < full - 2.0
    # Nothing the candidate said while interrupting is lost: the answer starts with their first words.
    assert turn.transcript.lower().startswith("first"), turn.transcript
    assert "roll back the release" in turn.transcript.lower()
    assert not _missing(turn.transcript), turn.transcript


def test_live_view_shows_the_question_and_the_words_recognised(kit, tmp_path):
    console = Console(record=True, file=io.StringIO(), width=120)
    view = LiveView("Priya", console)
    channel, _ = _channel(kit, _prompt_seconds(kit) + 1.0, tmp_path, view=view)
    turn = channel.take_turn(_prompt(), tmp_path)
    view.__exit__(None, None, None)
    screen = console.export_text()
    assert "Priya" in screen and "Picture a checkout page" in screen
    assert turn.transcript.split(",")[0] in screen and "release" in screen
