"""A scripted run: the same interview, answered from a script instead of a person.

The whole audio path is exercised: the interviewer's lines are synthesised to WAV and "played"
on a file speaker; a text answer is spoken by the TTS in the candidate's voice, streamed through a
file microphone and taken through the same VAD, end-of-turn and STT path as a live answer; an
audio answer is streamed the same way. `via: text` skips the audio for that one answer.

Nothing of an answer is dropped: when a turn ends while the answer's audio still holds speech (the
end of turn judged a pause as the end), the rest goes on playing, as a person would go on talking,
over the interviewer's next line. That stops the interviewer (barge-in) and the words land in the
next turn, ahead of the script's next answer. Words the line covered before the candidate stopped
it open that turn too (the file microphone hears only the candidate). After the last answer, what
is left goes on over the closing line and joins the last answer (``last_words``).

By default time is virtual (files stream as fast as the CPU allows); `realtime=True` plays and
streams at real-time speed, as a person would, for latency measurements.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np

from agent.channels.base import spoken_duration_s
from agent.channels.speech import ReplyTimer, SpeechKit, SpokenLine
from agent.channels.turns import audio_name, audio_path, spoken_turn, text_turn
from agent.progress import waiting
from agent.script import Script, ScriptAnswer
from agent.session import Turn, now_iso
from agent.state import Prompt
from audio.clock import RealClock, VirtualClock
from audio.file_devices import FileMicrophone, FileSpeaker
from audio.listen import BargeInOptions, CapturedAnswer, PlaybackResult, capture_answer, speak_with_barge_in
from audio.vad import speech_timestamps
from audio.wav import SAMPLE_RATE, load_audio, resample

LEAD_IN_S = 0.4  # the candidate draws breath before answering
MIN_CARRY_SPEECH_S = 0.1  # less speech than this left over is a breath, not words
CARRY_TAIL_S = 0.15  # silence kept after the last words carried over


def _has_words(audio: np.ndarray) -> bool:
    return len(audio) > 0 and sum(end - start for start, end in speech_timestamps(audio)) >= MIN_CARRY_SPEECH_S


class ScriptedChannel:
    """Answers turn N with the script's answer N; when the script runs out, the interview ends."""

    name = "script"

    def __init__(self, script: Script, speech: Callable[[], SpeechKit], echo=print, realtime: bool = False):
        self.script = script
        self._speech_factory = speech
        self._speech: SpeechKit | None = None
        self.echo = echo
        self.realtime = realtime
        self.clock = RealClock() if realtime else VirtualClock()
        self.speaker = FileSpeaker(clock=self.clock)
        self.timer = ReplyTimer()
        self._carry = np.zeros(0, np.float32)  # the last answer's audio still to be heard (16 kHz)
        self._carry_synthetic = False  # ...spoken by the TTS
        self._last_words: CapturedAnswer | None = None  # said over the closing line

    @property
    def speech(self) -> SpeechKit:
        if self._speech is None:
            with waiting("loading speech models…"):
                self._speech = self._speech_factory()
        return self._speech

    def _say(self, text: str, folder: Path, rel: str) -> tuple[float, dict[str, float]]:
        line = SpokenLine(self.speech.sentences(text))
        for samples in line:
            self.speaker.play(samples, line.sample_rate)
        if self.realtime:
            self.speaker.wait()
        return line.save(folder, rel), self.timer.reply_started(line.first_chunk_at)

    def _say_over(self, text: str, folder: Path, rel: str, mic: FileMicrophone
                  ) -> tuple[float, dict[str, float], PlaybackResult]:
        """Say a line while the candidate is still talking: they may stop it (barge-in)."""
        line = SpokenLine(self.speech.sentences(text))
        # the file microphone hears only the candidate: no echo of the interviewer to cancel
        playback = speak_with_barge_in(self.speaker, mic, line, line.sample_rate, BargeInOptions(echo_cancel=False))
        latency = self.timer.reply_started(line.first_chunk_at)
        if playback.interrupted:
            latency["barge_in_stop_s"] = playback.stop_latency_s or 0.0
        return line.save(folder, rel), latency, playback

    def _script_answer(self, prompt: Prompt) -> ScriptAnswer | None:
        """The script's answer to this prompt (turns count from 1); None once the script has run out."""
        return self.script.answers[prompt.turn - 1] if prompt.turn <= len(self.script.answers) else None

    def _answer_audio(self, prompt: Prompt, spoken: bool) -> np.ndarray | None:
        """The script's answer to this prompt as 16 kHz audio (None: no spoken answer); ``spoken``
        speaks even a `via: text` answer (the candidate is already talking)."""
        answer = self._script_answer(prompt)
        if answer is None:
            return None
        if answer.text is not None and (answer.via != "text" or spoken):
            chunk = self.speech.synth.render(answer.text, self.speech.candidate)
            return resample(chunk.samples, chunk.sample_rate, SAMPLE_RATE)
        return None if answer.via == "text" else load_audio(answer.audio, SAMPLE_RATE)

    def take_turn(self, prompt: Prompt, folder: Path) -> Turn:
        self.echo(f"[{prompt.turn:03d}] {prompt.kind}: {prompt.text}")
        prompt_rel = audio_name(prompt.turn, "prompt")
        carry, self._carry = self._carry, np.zeros(0, np.float32)
        if not len(carry):
            prompt_s, latency = self._say(prompt.text, folder, prompt_rel)
            answer = self._script_answer(prompt)
            if answer is None:
                self.echo("      (script has no more answers: ending the interview)")
                return text_turn(prompt, "", prompt_audio=prompt_rel, prompt_duration_s=prompt_s, duration_s=0.0,
                                 ended_by="end")
            if answer.via == "text":
                self.echo(f"      answer (text): {answer.text}")
                return text_turn(prompt, answer.text or "", prompt_audio=prompt_rel, prompt_duration_s=prompt_s,
                                 duration_s=spoken_duration_s(answer.text or ""))
        started_at = now_iso()
        source = self._answer_audio(prompt, spoken=bool(len(carry)))
        # after words carried over, the candidate goes straight on to this answer
        lead_in = np.zeros(0 if len(carry) else int(LEAD_IN_S * SAMPLE_RATE), np.float32)
        spoken = np.concatenate([carry, lead_in] + ([source] if source is not None else []))
        synthetic = self._synthetic(prompt) and (not len(carry) or self._carry_synthetic)
        options = self.speech.listen_options(prompt.answer_cap_s, synthetic_voice=synthetic)
        # Silence after the answer lets the end-of-turn detector end it, as it would end a live one.
        mic = FileMicrophone(spoken, clock=self.clock, trailing_silence_s=options.endpointing.longest_wait_s + 1.0)
        preroll, covered = None, np.zeros(0, np.float32)
        if len(carry):  # the candidate is still talking from the last answer
            prompt_s, latency, playback = self._say_over(prompt.text, folder, prompt_rel, mic)
            latency["carried_over_s"] = round(len(carry) / SAMPLE_RATE, 3)
            if playback.interrupted:
                preroll, prompt_s = playback.captured, round(playback.played_s, 3)
            covered = self._covered_by_line(mic, spoken, playback)
        with waiting(f"listening to and transcribing answer {prompt.turn}…"):
            captured = capture_answer(mic, self.speech.transcriber, options, preroll=preroll)
            if _has_words(covered):
                captured = captured.after(covered, self.speech.transcriber.transcribe(covered))
        self._carry, self._carry_synthetic = self._left_over(mic, len(spoken)), synthetic
        self.timer.answer_heard(captured)
        self.echo(f"      heard: {captured.text or '(no answer)'}")
        if len(self._carry):
            self.echo(f"      ({len(self._carry) / SAMPLE_RATE:.1f} s of the answer goes on over the next question)")
        return spoken_turn(folder, prompt, captured, prompt_audio=prompt_rel, prompt_duration_s=prompt_s,
                           started_at=started_at, latency=latency)

    def _synthetic(self, prompt: Prompt) -> bool:
        """Is this answer spoken by the TTS (whose voice the end-of-turn model misreads)?"""
        answer = self._script_answer(prompt)
        return answer is not None and answer.text is not None

    @staticmethod
    def _covered_by_line(mic: FileMicrophone, spoken: np.ndarray, playback: PlaybackResult) -> np.ndarray:
        """What the candidate said while the line played and before what opens their answer (the
        barge-in's audio, or what the microphone delivers next): words too short or too early to
        stop the line. Together they are ``spoken`` from its start, with no gap."""
        delivered = len(spoken) - len(mic.unread(len(spoken)))
        return spoken[: max(0, delivered - (len(playback.captured) if playback.interrupted else 0))]

    @staticmethod
    def _left_over(mic: FileMicrophone, spoken_samples: int) -> np.ndarray:
        """What the microphone has not yet delivered of the answer, up to shortly after its last
        speech (nothing if it holds no speech)."""
        rest = mic.unread(spoken_samples)
        if not _has_words(rest):
            return np.zeros(0, np.float32)
        return rest[: int((speech_timestamps(rest)[-1][1] + CARRY_TAIL_S) * SAMPLE_RATE)]

    def prefetch(self, sentence: str) -> None:
        self.speech.prefetch(sentence)

    def say(self, text: str, folder: Path, stem: str) -> tuple[str | None, float]:
        """Say the closing line. If the last answer is still going on, it goes on over the line (it
        may stop it) and is kept, all of it, for ``last_words``."""
        self.echo(f"[end] {text}")
        rel = audio_path(stem)
        carry, self._carry = self._carry, np.zeros(0, np.float32)
        if not len(carry):
            duration, _ = self._say(text, folder, rel)
            return rel, duration
        duration, _, _ = self._say_over(text, folder, rel, FileMicrophone(carry, clock=self.clock))
        self._last_words = CapturedAnswer(carry, self.speech.transcriber.transcribe(carry), "silence", {})
        self.echo(f"      heard over the closing line: {self._last_words.text or '(no words)'}")
        return rel, duration

    def last_words(self) -> CapturedAnswer | None:
        """What the last answer still held when the closing line began (None: nothing)."""
        words, self._last_words = self._last_words, None
        return words

    def close(self) -> None:
        if self._speech is not None:
            self._speech.close()
