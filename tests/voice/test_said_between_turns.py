"""Nothing the candidate says on a live channel is dropped, whenever they say it: after their turn
was (wrongly) ended and before the next question, or over the interviewer's closing line.

File devices on a virtual clock (the only fake is the sound card); real TTS, VAD and STT. The
interviewer's thinking between turns is the clock moving on while the microphone keeps capturing.
"""
from __future__ import annotations

import numpy as np
import pytest

from agent.channels.speech import SpeechKit, SpeechSettings
from agent.channels.turns import add_last_words
from agent.channels.voice import VoiceChannel
from agent.state import Prompt
from audio.clock import VirtualClock
from audio.file_devices import FileMicrophone, FileSpeaker
from audio.vad import speech_timestamps
from audio.wav import SAMPLE_RATE, load_audio, resample
from audio.wer import normalize_text

pytestmark = pytest.mark.slow

FIRST = "I would roll back the release first."
SECOND = "Then I would read the traces with the engineer on call."
THIRD = "We would measure the error budget every week."


@pytest.fixture(scope="module")
def kit():
    # A fixed half second of silence ends a turn: the pause inside an answer ends it too early,
    # which is the case under test (the semantic end of turn makes it rarer, not impossible).
    k = SpeechKit.load(SpeechSettings(patience_s=0.5))
    yield k
    k.close()


def _voice(kit: SpeechKit, text: str) -> np.ndarray:
    chunk = kit.synth.render(text, kit.candidate)
    return resample(chunk.samples, chunk.sample_rate, SAMPLE_RATE)


def _silence(s: float) -> np.ndarray:
    return np.zeros(int(s * SAMPLE_RATE), np.float32)


def _channel(kit: SpeechKit, *parts: np.ndarray):
    clock = VirtualClock()
    speaker = FileSpeaker(clock=clock)
    mic = FileMicrophone(np.concatenate(parts), clock=clock, trailing_silence_s=30.0)
    return VoiceChannel(mic, speaker, kit), clock


def _prompt(turn: int, text: str) -> Prompt:
    return Prompt(turn=turn, kind="question", question_id="latency_regression", text=text)


def _words(text: str) -> set[str]:
    return set(normalize_text(text))


def _found_in(window: np.ndarray, audio: np.ndarray) -> bool:
    """Is ``window`` a stretch of ``audio``, sample for sample (16-bit)?"""
    w, a = (np.round(x * 32768).astype(np.int32) for x in (window, audio))
    return any(np.array_equal(a[i : i + len(w)], w) for i in np.flatnonzero(a[: len(a) - len(w) + 1] == w[0]))


@pytest.mark.parametrize("said_before_s", [1.0, 0.1])
def test_words_said_while_the_interviewer_thinks_open_the_next_turn(kit, tmp_path, said_before_s):
    # The candidate pauses 0.8 s after their first sentence (the turn ends), goes on while the
    # interviewer prepares its next line, and is still talking when it starts: one second into
    # their words, or a mere sliver of them.
    first_voice, second_voice = _voice(kit, FIRST), _voice(kit, SECOND)
    channel, clock = _channel(kit, _silence(3.0), first_voice, _silence(0.8), second_voice,
                              _silence(1.0), _voice(kit, THIRD))
    first = channel.take_turn(_prompt(1, "What do you do first?"), tmp_path)
    assert "release" in _words(first.transcript) and "traces" not in _words(first.transcript), first.transcript
    onset = speech_timestamps(second_voice)[0][0]
    second_starts = 3.0 + len(first_voice) / SAMPLE_RATE + 0.8 + onset  # the microphone's clock started at 0
    clock.sleep(second_starts - clock.now() + said_before_s)
    second = channel.take_turn(_prompt(2, "Tell me more about how you would decide on the rollback."), tmp_path)
    heard = _words(second.transcript)
    assert {"read", "traces", "engineer", "call"} <= heard, second.transcript  # not one word of it lost
    assert second.latency["carried_over_s"] > 0.0
    assert "barge_in_stop_s" in second.latency, "the interviewer talked over a candidate still talking"
    assert second.prompt_duration_s < 1.0
    # its very first sounds are in the turn's audio
    words_start = second_voice[int(onset * SAMPLE_RATE) : int((onset + 0.25) * SAMPLE_RATE)]
    assert _found_in(words_start, load_audio(tmp_path / second.answer_audio))


def test_a_sentence_finished_before_the_next_question_is_kept_at_the_start_of_that_turn(kit, tmp_path):
    # The candidate adds a whole sentence while the interviewer thinks (5 s) and stops; the next
    # question is asked in full and its answer follows the added sentence in the same turn.
    channel, clock = _channel(kit, _silence(3.0), _voice(kit, FIRST), _silence(0.8), _voice(kit, SECOND),
                              _silence(8.0), _voice(kit, THIRD))
    channel.take_turn(_prompt(1, "What do you do first?"), tmp_path)
    clock.sleep(5.0)
    second = channel.take_turn(_prompt(2, "How would you know it worked?"), tmp_path)
    assert "barge_in_stop_s" not in second.latency
    text = normalize_text(second.transcript)
    assert "traces" in text and "budget" in text, second.transcript
    assert text.index("traces") < text.index("budget"), "the added sentence comes first"
    # the turn's audio holds both, and its word times point into that audio
    audio = load_audio(tmp_path / second.answer_audio)
    assert abs(len(audio) / SAMPLE_RATE - second.duration_s) < 0.05
    budget = next(w for s in second.segments for w in s.words if "budget" in w.word.lower())
    assert budget.start > second.latency["carried_over_s"] - 0.1 and budget.end <= second.duration_s


def test_words_over_the_closing_line_join_the_last_answer(kit, tmp_path):
    channel, clock = _channel(kit, _silence(3.0), _voice(kit, FIRST), _silence(4.0),
                              _voice(kit, "One more thing: I would also add an alert on the error rate."))
    turn = channel.take_turn(_prompt(1, "What do you do first?"), tmp_path)
    before = turn.duration_s
    channel.say("Thank you, that is all the time we have today. You will get your report now.", tmp_path,
                "closing")
    words = channel.last_words()
    assert words is not None and {"thing", "alert", "rate"} <= _words(words.text), words and words.text
    add_last_words(tmp_path, turn, words)
    assert {"release", "alert", "rate"} <= _words(turn.transcript), turn.transcript
    assert turn.duration_s > before + 2.0
    assert abs(len(load_audio(tmp_path / turn.answer_audio)) / SAMPLE_RATE - turn.duration_s) < 0.05
    assert channel.last_words() is None  # taken once
