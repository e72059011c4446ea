"""The live voice channel: speak through the speaker, listen on the microphone.

While the interviewer speaks, the microphone never feeds the transcript (no self-transcription);
if the candidate talks over it for ~0.5 s, playback stops and their answer starts with what they
already said. What they say between their turn's end and the next line opens their next answer;
what they say over the closing line is kept (``last_words``) and joins their last answer.

The devices are kept going through stalls and xruns (:mod:`audio.resilience`): the candidate sees
what happened in the live view, the runner records it as session events (``drain_events``), and
only a device gone for the whole retry period ends the run (``DeviceLostError``).

Each answer goes to disk as it is heard (``audio/NNN-answer-cut-off.wav``, an :mod:`audio.journal`),
so a run that stops mid-answer (the device lost, Ctrl-C, a crash, a kill) keeps what was said.
When ``interview resume`` asks that question again, the new answer opens with those words, so the
turn a coach replays and the grade read all of it; the cut-off file stays as it was. Once a turn
is in session.json (``turn_saved``) its journal is removed.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from agent.channels.live_view import LiveView
from agent.channels.speech import ReplyTimer, SpeechKit, SpokenLine
from agent.channels.turns import audio_name, audio_path, spoken_turn
from agent.session import AUDIO_DIR, Event, Turn, now_iso
from agent.state import Prompt
from audio.devices import Microphone, Speaker
from audio.journal import AudioJournal, JournaledMicrophone, read_journal
from audio.listen import BargeInOptions, CapturedAnswer, PlaybackResult, capture_answer, speak_with_barge_in
from audio.resilience import DeviceEvent, DeviceLostError, ResilienceOptions, SteadyMicrophone, SteadySpeaker
from audio.vad import speech_duration_s
from audio.wav import SAMPLE_RATE

MIN_CUT_OFF_SPEECH_S = 0.2  # a cut-off recording with less speech than this holds no words to keep


class VoiceChannel:
    name = "voice"
    shows_progress = True  # its live view says what is happening; the runner adds no spinner

    def __init__(self, mic: Microphone, speaker: Speaker, speech: SpeechKit, view: LiveView | None = None,
                 barge_in: BargeInOptions | None = None, resilience: ResilienceOptions | None = None):
        self.mic = SteadyMicrophone(mic, resilience, on_event=self._device_event)
        self.speaker = SteadySpeaker(speaker, resilience, on_event=self._device_event)
        self.speech = speech
        self.view = view.__enter__() if view else None
        self.barge_in = barge_in or BargeInOptions()
        self.timer = ReplyTimer()
        self._events: list[Event] = []
        self._last_words: CapturedAnswer | None = None
        self._journals: dict[int, AudioJournal] = {}  # answers heard whole, until their turn is saved

    def _device_event(self, event: DeviceEvent) -> None:  # from the thread reading the device
        self._events.append(Event(kind=f"{event.device}_{event.kind}", message=event.message))
        if self.view:
            self.view.device(event.device, event.kind)

    def drain_events(self) -> list[Event]:
        """Device events since the last call, for session.json."""
        events, self._events = self._events, []
        return events

    def _speak(self, text: str, folder: Path, rel: str):
        line = SpokenLine(self.speech.sentences(text))
        if self.view:
            self.view.speaking(text)
        playback = speak_with_barge_in(self.speaker, self.mic, line, line.sample_rate, self.barge_in)
        latency = self.timer.reply_started(line.first_chunk_at)
        if playback.interrupted:
            latency["barge_in_stop_s"] = playback.stop_latency_s or 0.0
        return line.save(folder, rel), playback, latency

    def _listen(self, cap_s: float | None, playback: PlaybackResult, journal: AudioJournal | None = None
                ) -> CapturedAnswer:
        """The candidate's answer, from what they said over the line (barge-in) on."""
        if self.view:
            self.view.listening()
        return capture_answer(
            JournaledMicrophone(self.mic, journal) if journal else self.mic,
            self.speech.transcriber, self.speech.listen_options(cap_s),
            on_partial=self.view.partial if self.view else None,
            preroll=playback.captured if playback.interrupted else None,
        )

    def _said_before(self, playback: PlaybackResult) -> CapturedAnswer | None:
        """What the candidate said after their turn ended and before the line started, when they
        stopped before it (had they gone on, they interrupted it: it opens their answer)."""
        if playback.interrupted or not len(playback.said_before):
            return None
        audio = playback.said_before
        return CapturedAnswer(audio, self.speech.transcriber.transcribe(audio), "silence", {})

    def take_turn(self, prompt: Prompt, folder: Path) -> Turn:
        prompt_rel = audio_name(prompt.turn, "prompt")
        prompt_s, playback, latency = self._speak(prompt.text, folder, prompt_rel)
        started_at = now_iso()
        earlier_runs = [path for _, path in _cut_off_recordings(folder, prompt.turn)]
        earlier = self._said_before(playback)
        journal = AudioJournal(_free_cut_off_path(folder, prompt.turn))
        journal.write(playback.captured if playback.interrupted else playback.said_before)
        try:
            captured = self._listen(prompt.answer_cap_s, playback, journal)
        except DeviceLostError:
            self._keep_cut_off(prompt, folder, journal)
            raise
        finally:
            journal.close()  # kept on disk until the turn is saved (``turn_saved``)
        self._journals[prompt.turn] = journal
        if earlier is not None:  # nothing of an answer is dropped: those words open this turn
            captured = captured.after(earlier.audio, earlier.transcript)
        if len(playback.said_before):
            latency["carried_over_s"] = round(len(playback.said_before) / SAMPLE_RATE, 3)
        before_stop = self._heard_before_stop(prompt, folder, earlier_runs)
        if before_stop is not None:  # ...nor what was said before the run stopped
            captured = captured.after(before_stop.audio, before_stop.transcript)
            latency["heard_before_stop_s"] = round(before_stop.duration_s, 3)
        self.timer.answer_heard(captured)
        if self.view:
            self.view.finished(captured.text)
        turn = spoken_turn(folder, prompt, captured, prompt_audio=prompt_rel, prompt_duration_s=prompt_s,
                           started_at=started_at, latency=latency)
        if playback.interrupted:  # only what was heard of the prompt counts on the clock
            turn.prompt_duration_s = round(playback.played_s, 3)
        return turn

    def turn_saved(self, index: int) -> None:
        """Turn ``index`` is in session.json: its answer's journal is no longer needed."""
        journal = self._journals.pop(index, None)
        if journal is not None:
            journal.discard()

    def _heard_before_stop(self, prompt: Prompt, folder: Path, recordings: list[Path]) -> CapturedAnswer | None:
        """What earlier runs heard of this answer before they stopped (their cut-off ``recordings``,
        in order), if it holds words; recorded as an event."""
        parts = [(p, read_journal(p)) for p in recordings]
        parts = [(p, a) for p, a in parts if speech_duration_s(a) >= MIN_CUT_OFF_SPEECH_S]
        if not parts:
            return None
        audio = np.concatenate([a for _, a in parts])
        heard = CapturedAnswer(audio, self.speech.transcriber.transcribe(audio), "silence", {})
        files = ", ".join(str(p.relative_to(folder)) for p, _ in parts)
        self._events.append(Event(kind="answer_resumed", message=(
            f"turn {prompt.turn}: the answer opens with {heard.duration_s:.1f} s heard before the run stopped "
            f"({files}): {heard.text or '(no words)'}")))
        return heard

    def _keep_cut_off(self, prompt: Prompt, folder: Path, journal: AudioJournal) -> None:
        """The microphone died mid-answer: what it heard is on disk (the question is asked again on
        resume, and the new answer opens with it)."""
        audio = read_journal(journal.path)
        if not len(audio):
            journal.discard()
            return
        text = self.speech.transcriber.transcribe(audio).text
        self._events.append(Event(kind="answer_cut_off", message=(
            f"turn {prompt.turn}: {len(audio) / SAMPLE_RATE:.1f} s heard before the microphone was lost, "
            f"saved in {journal.path.relative_to(folder)}: {text or '(no words)'}")))

    def prefetch(self, sentence: str) -> None:
        self.speech.prefetch(sentence)

    def say(self, text: str, folder: Path, stem: str) -> tuple[str | None, float]:
        """Say a closing line; what the candidate says over it (or just before it) is kept for
        ``last_words``."""
        rel = audio_path(stem)
        duration, playback, _ = self._speak(text, folder, rel)
        self._last_words = self._said_before(playback) or (
            self._listen(None, playback) if playback.interrupted else None)
        if self._last_words is not None and self.view:
            self.view.finished(self._last_words.text)
        self.speaker.wait()
        return rel, duration

    def last_words(self) -> CapturedAnswer | None:
        """The candidate's words over the last line said (None: they said nothing)."""
        words, self._last_words = self._last_words, None
        return words

    def close(self) -> None:
        if self.view:
            self.view.__exit__(None, None, None)
        self.speech.close()
        self.mic.stop()
        self.speaker.close()


def _cut_off_recordings(folder: Path, turn: int) -> list[tuple[int, Path]]:
    """(run, path) of each cut-off recording of answer ``turn``, one per run that stopped in it
    (``NNN-answer-cut-off.wav``, then ``-2``, ``-3``...), oldest first."""
    stem = Path(audio_name(turn, "answer-cut-off")).stem
    pattern = re.compile(rf"{re.escape(stem)}(?:-(\d+))?\.wav")
    found = [(int(m.group(1) or 1), p) for p in (folder / AUDIO_DIR).glob(f"{stem}*.wav")
             if (m := pattern.fullmatch(p.name))]
    return sorted(found)


def _free_cut_off_path(folder: Path, turn: int) -> Path:
    """Where this run's recording of answer ``turn`` goes: never over an earlier run's."""
    base = folder / audio_name(turn, "answer-cut-off")
    runs = _cut_off_recordings(folder, turn)
    return base.with_name(f"{base.stem}-{runs[-1][0] + 1}.wav") if runs else base
