"""A scripted run: the same interview, answered from a script instead of a person.

The whole audio path is exercised: the interviewer's lines are synthesised to WAV and "played"
on a file speaker; a text answer is spoken by the TTS in the candidate's voice, streamed through a
file microphone and taken through the same VAD, end-of-turn and STT path as a live answer; an
audio answer is streamed the same way. `via: text` skips the audio for that one answer.

By default time is virtual (files stream as fast as the CPU allows); `realtime=True` plays and
streams at real-time speed, as a person would, for latency measurements.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Callable

from agent.channels.base import spoken_duration_s
from agent.channels.speech import ReplyTimer, SpeechKit, SpokenLine
from agent.channels.turns import audio_name, audio_path, spoken_turn, text_turn
from agent.progress import waiting
from agent.script import Script
from agent.session import Turn, now_iso
from agent.state import Prompt
from audio.clock import RealClock, VirtualClock
from audio.file_devices import FileMicrophone, FileSpeaker
from audio.listen import capture_answer
from audio.wav import SAMPLE_RATE

LEAD_IN_S = 0.4  # the candidate draws breath before answering


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

    def take_turn(self, prompt: Prompt, folder: Path) -> Turn:
        self.echo(f"[{prompt.turn:03d}] {prompt.kind}: {prompt.text}")
        prompt_rel = audio_name(prompt.turn, "prompt")
        prompt_s, latency = self._say(prompt.text, folder, prompt_rel)
        if prompt.turn > len(self.script.answers):
            self.echo("      (script has no more answers: ending the interview)")
            return text_turn(prompt, "", prompt_audio=prompt_rel, prompt_duration_s=prompt_s, duration_s=0.0,
                             ended_by="end")
        answer = self.script.answers[prompt.turn - 1]
        if answer.via == "text":
            self.echo(f"      answer (text): {answer.text}")
            return text_turn(prompt, answer.text or "", prompt_audio=prompt_rel, prompt_duration_s=prompt_s,
                             duration_s=spoken_duration_s(answer.text or ""))
        started_at = now_iso()
        if answer.text is not None:
            chunk = self.speech.synth.render(answer.text, self.speech.candidate)
            source, rate = chunk.samples, chunk.sample_rate
        else:
            source, rate = answer.audio, SAMPLE_RATE
        # Silence after the answer lets the end-of-turn detector end it, as it would end a live one.
        mic = FileMicrophone(source, source_rate=rate, clock=self.clock, speed=1.0 if self.realtime else math.inf,
                             leading_silence_s=LEAD_IN_S, trailing_silence_s=self.speech.settings.patience_s + 1.0)
        with waiting(f"listening to and transcribing answer {prompt.turn}…"):
            captured = capture_answer(mic, self.speech.transcriber, self.speech.listen_options(prompt.answer_cap_s))
        self.timer.answer_heard(captured)
        self.echo(f"      heard: {captured.text or '(no answer)'}")
        return spoken_turn(folder, prompt, captured, prompt_audio=prompt_rel, prompt_duration_s=prompt_s,
                           started_at=started_at, latency=latency)

    def prefetch(self, sentence: str) -> None:
        self.speech.prefetch(sentence)

    def say(self, text: str, folder: Path, stem: str) -> tuple[str | None, float]:
        self.echo(f"[end] {text}")
        rel = audio_path(stem)
        duration, _ = self._say(text, folder, rel)
        return rel, duration

    def close(self) -> None:
        if self._speech is not None:
            self._speech.close()
