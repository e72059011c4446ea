"""The voice loop on a virtual clock: end of turn, thinking pauses, cap, barge-in, no self-transcription.

The candidate's answers are real TTS speech streamed through a FileMicrophone at real-time speed
in virtual time; the agent's prompts are played on a FileSpeaker on the same clock.
"""

from __future__ import annotations

import time

import numpy as np
import pytest

from audio.clock import RealClock, VirtualClock
from audio.endpointing import EndpointingOptions
from audio.file_devices import EchoMicrophone, FileMicrophone, FileSpeaker
from audio.listen import ListenOptions, capture_answer, speak_with_barge_in
from audio.tts import INTERVIEWER_VOICE
from audio.wav import SAMPLE_RATE, resample
from audio.wer import word_errors

pytestmark = pytest.mark.slow

PARTS = [
    "First I would scope the problem with the engineering lead.",
    "Then I would check the dashboards to find the slowest endpoint.",
    "Finally we decide together whether to roll back the release.",
]


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(round(seconds * SAMPLE_RATE)), dtype=np.float32)


def options(patience: float = 1.5, **endpointing) -> ListenOptions:
    return ListenOptions(endpointing=EndpointingOptions(patience_s=patience, **endpointing))


@pytest.fixture(scope="module")
def answer_with_think_pauses(say):
    """Three sentences with 1 s think-pauses between them; returns (audio, speech end in s)."""
    audio = np.concatenate([silence(0.6), say(PARTS[0]), silence(1.0), say(PARTS[1]), silence(1.0), say(PARTS[2])])
    return audio, len(audio) / SAMPLE_RATE


def test_think_pauses_do_not_cut_the_candidate_off(transcriber, answer_with_think_pauses):
    audio, speech_end = answer_with_think_pauses
    clock = VirtualClock()
    partials: list[str] = []
    mic = FileMicrophone(audio, clock=clock, trailing_silence_s=2.5)
    answer = capture_answer(mic, transcriber, options(1.5), on_partial=partials.append)
    assert answer.ended_by == "silence"
    text = answer.text.lower()
    assert "engineering" in text and "dashboard" in text and "roll back the release" in text
    assert word_errors(" ".join(PARTS), answer.text).wer < 0.3
    assert answer.last_speech_end_s == pytest.approx(speech_end, abs=0.15)
    # the turn ends once 1.5 s of silence have passed, and no later than 300 ms after that
    ended_at = answer.last_speech_end_s + answer.timings["end_of_turn_delay_s"]
    assert speech_end + 1.5 - 0.1 <= ended_at <= speech_end + 1.5 + 0.3
    assert clock.now() <= speech_end + 1.5 + 0.3 + 0.05  # no more audio was consumed
    # stretches were transcribed while the candidate spoke
    assert answer.timings["stretches"] >= 2 and partials and "engineering" in partials[0].lower()
    assert answer.duration_s == pytest.approx(answer.last_speech_end_s + 0.5, abs=0.05)
    words = answer.transcript.words
    assert words[-1].end == pytest.approx(speech_end, abs=0.6)  # word times are answer-relative


def test_end_of_turn_timing_is_deterministic(transcriber, answer_with_think_pauses):
    audio, _ = answer_with_think_pauses
    runs = []
    for _ in range(2):
        answer = capture_answer(FileMicrophone(audio, clock=VirtualClock(), trailing_silence_s=2.5),
                                transcriber, options(1.5))
        runs.append((answer.last_speech_end_s, answer.timings["end_of_turn_delay_s"], answer.text))
    assert runs[0] == runs[1]


def test_real_time_end_of_turn_latency(transcriber, say):
    """At real-time speed the turn ends after the patience, and the latency it records is the one
    that passed (how fast that is on this machine is bench/turn_latency_bench.py's business)."""
    audio = np.concatenate([silence(0.3), say(PARTS[0]), silence(1.0), say("That is my answer.")])
    speech_end = len(audio) / SAMPLE_RATE
    # Silence enough for a loaded machine's slow transcription: the turn must end on the patience,
    # not on the file running out (the capture stops at the end of turn, so it costs nothing).
    mic = FileMicrophone(audio, clock=RealClock(), trailing_silence_s=10.0)
    start = time.monotonic()
    answer = capture_answer(mic, transcriber, options(1.5))
    wall = time.monotonic() - start
    assert answer.ended_by == "silence" and "my answer" in answer.text.lower()
    assert answer.last_speech_end_s == pytest.approx(speech_end, abs=0.15)
    # the patience was waited, and no more time is claimed than had passed since the speech ended
    assert 1.5 - 0.05 <= answer.timings["last_speech_to_transcript_s"] <= wall - answer.last_speech_end_s + 0.05


def test_a_thinking_phrase_extends_the_patience(transcriber, say):
    audio = np.concatenate([say("Hmm, let me think."), silence(2.5), say("I would ship the smaller version first.")])
    answer = capture_answer(FileMicrophone(audio, clock=VirtualClock(), trailing_silence_s=2.5),
                            transcriber, options(1.5, thinking_wait_s=4.0))
    assert answer.thinking_phrases == ["let me think"]
    assert "smaller version" in answer.text.lower()
    assert answer.ended_by == "silence"
    # without the phrase, the same pause ends the turn
    audio2 = np.concatenate([say("I would ship it."), silence(2.5), say("I would ship the smaller version first.")])
    answer2 = capture_answer(FileMicrophone(audio2, clock=VirtualClock(), trailing_silence_s=2.5),
                             transcriber, options(1.5))
    assert answer2.thinking_phrases == [] and "smaller" not in answer2.text.lower()


def test_the_cap_ends_a_monologue(transcriber, say):
    sentence = say("We measured the latency of every endpoint and compared it with last week.")
    audio = np.concatenate([sentence, silence(0.4)] * 5)
    answer = capture_answer(FileMicrophone(audio, clock=VirtualClock()), transcriber,
                            options(1.8, max_answer_s=8.0, cap_grace_s=4.0))
    assert answer.ended_by == "cap"
    assert 8.0 <= answer.timings["audio_s"] <= 8.0 + 4.0 + 0.1
    # What was said before the cap is kept (words espeak's voice carries reliably to tiny.en).
    assert all(w in answer.text.lower() for w in ("measured", "compared", "week")), answer.text


def test_silence_or_noise_through_the_microphone_is_no_answer(transcriber):
    rng = np.random.default_rng(3)
    for clip in (silence(6.0), (rng.standard_normal(6 * SAMPLE_RATE) * 0.05).astype(np.float32)):
        answer = capture_answer(FileMicrophone(clip, clock=VirtualClock()), transcriber,
                                options(1.5, no_speech_timeout_s=4.0))
        assert answer.no_answer and answer.text == ""
        assert answer.ended_by == "silence" and answer.no_speech_timeout
        assert answer.timings["audio_s"] == pytest.approx(4.0, abs=0.05)
    short = capture_answer(FileMicrophone(silence(2.0), clock=VirtualClock()), transcriber, options(1.5))
    assert short.ended_by == "end_of_input" and short.no_answer


@pytest.fixture(scope="module")
def prompt(tts):
    chunk = tts.render("Describe how you would price the zebra marmalade subscription for Antarctica, "
                       "and which metric you would watch in the first month.", INTERVIEWER_VOICE)
    return resample(chunk.samples, chunk.sample_rate, SAMPLE_RATE)


def test_barge_in_stops_playback_within_300_ms(transcriber, say, prompt):
    clock = VirtualClock()
    speaker = FileSpeaker(clock=clock)
    onset = 1.5
    candidate = say("Sorry to interrupt, I think we should start with the customer segments.")
    mic = FileMicrophone(np.concatenate([silence(onset), candidate]), clock=clock, trailing_silence_s=2.0)
    result = speak_with_barge_in(speaker, mic, prompt, SAMPLE_RATE)
    assert result.interrupted
    stopped_at = speaker.stop_times[0]
    assert onset + 0.5 <= stopped_at <= onset + 0.5 + 0.3
    assert result.played_s == pytest.approx(stopped_at, abs=0.01) and result.played_s < result.duration_s
    assert not speaker.is_playing() and speaker.events[0].stopped_t == pytest.approx(stopped_at)
    assert result.speech_onset_at == pytest.approx(onset, abs=0.15)
    # the candidate's turn begins with what they said over the agent
    answer = capture_answer(mic, transcriber, options(1.5), preroll=result.captured)
    assert "sorry to interrupt" in answer.text.lower() and "customer segments" in answer.text.lower()


def test_short_noises_do_not_interrupt(say, prompt):
    clock = VirtualClock()
    speaker = FileSpeaker(clock=clock)
    yes = say("Yes.")  # shorter than 0.5 s
    assert len(yes) / SAMPLE_RATE < 0.45
    mic = FileMicrophone(np.concatenate([silence(1.0), yes, silence(3.0)]), clock=clock)
    result = speak_with_barge_in(speaker, mic, prompt, SAMPLE_RATE)
    assert not result.interrupted and speaker.stop_times == []
    assert result.played_s == pytest.approx(len(prompt) / SAMPLE_RATE)
    assert clock.now() == pytest.approx(len(prompt) / SAMPLE_RATE, abs=0.05)


AGENT_WORDS = ("zebra", "marmalade", "antarctica", "subscription")


def over_echo(transcriber, say, prompt, candidate: str, *, onset_s: float, gain: float, delay_s: float):
    """The agent plays ``prompt`` on a speakerphone (the microphone hears it at ``gain``, ``delay_s``
    later) while the candidate starts saying ``candidate`` at ``onset_s``; then their answer is
    captured, starting with what they said over the agent. The agent's words never reach the
    transcript. Returns the playback result, the speaker and the lower-cased transcript."""
    clock = VirtualClock()
    speaker = FileSpeaker(clock=clock)
    inner = FileMicrophone(np.concatenate([silence(onset_s), say(candidate)]), clock=clock, trailing_silence_s=2.5)
    mic = EchoMicrophone(inner, speaker, gain=gain, delay_s=delay_s)
    result = speak_with_barge_in(speaker, mic, prompt, SAMPLE_RATE)
    text = capture_answer(mic, transcriber, options(1.5), preroll=result.captured).text.lower()
    assert not any(w in text for w in AGENT_WORDS), text
    return result, speaker, text


def test_the_agent_never_transcribes_itself(transcriber, say, prompt):
    """A speakerphone: the microphone hears the agent (echo) and then the candidate answers."""
    prompt_s = len(prompt) / SAMPLE_RATE
    result, _, text = over_echo(transcriber, say, prompt, "I would start with a small pilot and measure retention.",
                                onset_s=prompt_s + 0.5, gain=0.6, delay_s=0.08)
    assert not result.interrupted  # its own voice does not count as a barge-in
    assert result.frames_ignored >= int(prompt_s / 0.032) - 2
    assert "small pilot" in text and "measure" in text


def test_barge_in_over_echo_keeps_the_agent_out_of_the_transcript(transcriber, say, prompt):
    result, speaker, text = over_echo(transcriber, say, prompt, "Can I ask a question about the pricing model first?",
                                      onset_s=2.0, gain=0.5, delay_s=0.05)
    assert result.interrupted and 2.5 <= speaker.stop_times[0] <= 2.8
    assert "question" in text and "pricing" in text


def test_a_30_second_conversation_runs_in_virtual_time(transcriber, say, tts):
    clock = VirtualClock()
    speaker = FileSpeaker(clock=clock)
    questions = ["What is the first metric you would look at?", "And how would you explain it to executives?",
                 "Thank you, what would you do next?"]
    answers = ["Weekly active users, for each country.", "I would show the trend and one clear decision we need.",
               "I would run a small experiment on the onboarding flow."]
    keywords = [("weekly", "active", "users"), ("trend", "decision"), ("small experiment", "onboarding")]
    transcripts, audio_s = [], 0.0
    for q, a in zip(questions, answers):
        chunk = tts.render(q, INTERVIEWER_VOICE)
        played = speak_with_barge_in(speaker, FileMicrophone(silence(0.1), clock=clock), chunk.samples, chunk.sample_rate)
        mic = FileMicrophone(np.concatenate([silence(0.8), say(a)]), clock=clock, trailing_silence_s=3.0)
        answer = capture_answer(mic, transcriber, options(1.8))
        transcripts.append(answer.text)
        audio_s += played.duration_s + answer.timings["audio_s"]
    # the conversation's time is its audio's alone, however long the models took on this machine
    assert clock.now() > 20.0 and clock.now() == pytest.approx(audio_s, abs=0.05)
    for words, got in zip(keywords, transcripts):
        assert all(w in got.lower() for w in words), (words, got)
