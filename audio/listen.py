"""Listening: capture one spoken answer, and speak while watching for the candidate talking over.

``capture_answer`` reads the microphone frame by frame: VAD, end-of-turn detection (each pause judged
by the smart-turn model and the words so far, see ``audio.endpointing``) and background
transcription of finished stretches, until the turn ends by silence, by the per-answer cap, or
because the input ended. Every stage's latency lands in ``CapturedAnswer.timings``.

``speak_with_barge_in`` plays the agent's audio. The microphone is only watched, never
transcribed, while the agent speaks (the agent cannot transcribe itself); if the candidate talks
over it for ``min_speech_s`` the playback stops and the candidate's audio so far is returned, to
be passed to ``capture_answer(preroll=...)`` so their turn starts with it. What the candidate said
after their last turn ended and before the line started is theirs too: it counts toward a
barge-in (still talking: the line stops at once) and is returned as ``said_before``.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, Iterator, Literal

import numpy as np

from audio.devices import AudioFrame, Microphone, Speaker
from audio.echo import canceller_for
from audio.endpointing import EndOfTurn, EndOfTurnDetector, EndpointingOptions, PauseToJudge, TurnDecision, judge
from audio.resilience import DeviceLostError
from audio.smart_turn import WINDOW_S, SmartTurnUnavailable, shared_model
from audio.streaming import StreamingOptions, StreamingTranscriber
from audio.stt import Transcriber, Transcript
from audio.vad import VADOptions, make_vad
from audio.wav import SAMPLE_RATE

log = logging.getLogger(__name__)

EndedBy = Literal["silence", "cap", "end_of_input"]


@dataclass
class ListenOptions:
    endpointing: EndpointingOptions = field(default_factory=EndpointingOptions)
    vad: VADOptions = field(default_factory=VADOptions)
    streaming: StreamingOptions = field(default_factory=StreamingOptions)
    keep_trailing_silence_s: float = 0.5  # silence kept after the last speech in the saved audio
    read_timeout_s: float = 2.0
    finalize_timeout_s: float = 120.0


@dataclass
class CapturedAnswer:
    audio: np.ndarray  # float32, 16 kHz, from the start of listening to shortly after the last speech
    transcript: Transcript
    ended_by: EndedBy
    timings: dict[str, float]
    last_speech_end_s: float | None = None  # audio time speech last stopped
    thinking_phrases: list[str] = field(default_factory=list)  # phrases that extended the patience
    end_of_turn: list[TurnDecision] = field(default_factory=list)  # every judged pause
    no_speech_timeout: bool = False  # nothing was said before no_speech_timeout_s

    @property
    def duration_s(self) -> float:
        return len(self.audio) / SAMPLE_RATE

    @property
    def text(self) -> str:
        return self.transcript.text

    @property
    def no_answer(self) -> bool:
        return self.transcript.no_answer

    def after(self, audio: np.ndarray, transcript: Transcript) -> "CapturedAnswer":
        """This answer preceded by words said earlier (``audio``, transcribed as ``transcript``):
        one clip, every time in it shifted."""
        offset = len(audio) / SAMPLE_RATE
        shifted = self.transcript.shifted(offset)
        joined = Transcript.join([transcript, shifted], shifted.audio_duration_s)
        return replace(
            self, audio=np.concatenate([np.asarray(audio, np.float32), self.audio]), transcript=joined,
            last_speech_end_s=None if self.last_speech_end_s is None else self.last_speech_end_s + offset,
            end_of_turn=[replace(d, at_s=d.at_s + offset) for d in self.end_of_turn],
        )


def _turn_model(options: EndpointingOptions):
    """The smart-turn model when the policy uses it; None (the words alone decide) without it."""
    if not (options.semantic and options.use_model):
        return None
    try:
        return shared_model()
    except SmartTurnUnavailable as exc:
        log.warning("end of turn without the smart-turn model: %s", exc)
        return None


def _frames_of(samples: np.ndarray, size: int) -> Iterator[np.ndarray]:
    for i in range(0, len(samples), size):
        yield samples[i : i + size]


def capture_answer(
    mic: Microphone,
    transcriber: Transcriber,
    options: ListenOptions | None = None,
    on_partial: Callable[[str], None] | None = None,
    *,
    preroll: np.ndarray | None = None,
) -> CapturedAnswer:
    """Listen to one answer and transcribe it.

    ``preroll``: 16 kHz audio that already belongs to this answer (from a barge-in).
    ``on_partial``: called (from a background thread) with the text recognised so far.
    """
    o = options or ListenOptions()
    vad = make_vad(o.vad)
    detector = EndOfTurnDetector(o.endpointing)
    stream = StreamingTranscriber(transcriber, o.streaming, on_partial)
    model = _turn_model(o.endpointing)
    wall_start = time.perf_counter()
    vad_s = judge_s = model_s = 0.0
    samples_in = 0
    last_speech_wall = wall_start  # when the latest speech frame came in
    thinking: list[str] = []
    speculated: float | None = None  # the end of the speech whose pause went to the worker early

    def feed(samples: np.ndarray) -> EndOfTurn | PauseToJudge | None:
        nonlocal vad_s, samples_in, last_speech_wall, speculated
        t0 = time.perf_counter()
        speech = vad.is_speech(samples)
        vad_s += time.perf_counter() - t0
        if speech:
            last_speech_wall = t0
        stream.push(samples, speech)
        samples_in += len(samples)
        event = detector.update(samples_in / SAMPLE_RATE, speech, len(samples) / SAMPLE_RATE)
        after = o.streaming.speculate_after_s
        if event is None and after is not None and detector.state.last_speech_end != speculated:
            judged_at = detector.judged_at(after, len(samples) / SAMPLE_RATE)
            if judged_at is not None:  # transcribe now what the judgement will read
                stream.speculate(judged_at)
                speculated = detector.state.last_speech_end
        return event

    def judge_pause() -> EndOfTurn | None:
        """Is the candidate done? Ask the model about the last seconds of audio while the words
        said so far are transcribed, then weigh both."""
        nonlocal judge_s, model_s
        t0 = time.perf_counter()
        stream.commit(early=True)
        probability = None
        if model is not None:
            prediction = model.predict(stream.tail(WINDOW_S))
            probability, model_s = prediction.probability, model_s + prediction.elapsed_s
        so_far = stream.wait(o.finalize_timeout_s)
        judgement = judge(probability, so_far.text, o.endpointing)
        if judgement.thinking_phrase:
            thinking.append(judgement.thinking_phrase)
        judge_s += time.perf_counter() - t0
        return detector.decide(judgement, probability)

    def frames() -> Iterator[np.ndarray | None]:
        if preroll is not None and len(preroll):
            yield from _frames_of(np.asarray(preroll, dtype=np.float32), mic.frame_samples)
        mic.start()
        while True:
            frame = mic.read(o.read_timeout_s)
            yield None if frame is None else frame.samples

    ended_by: EndedBy = "end_of_input"
    end: EndOfTurn | None = None
    decided_at = 0.0
    try:
        for samples in frames():
            if samples is None:
                break
            event = feed(samples)
            decided_at = time.perf_counter()
            if isinstance(event, PauseToJudge):
                event = judge_pause()
            if event is None:
                continue
            end = event
            ended_by = "cap" if event.reason == "cap" else "silence"
            break
        if end is None:
            decided_at = time.perf_counter()
        transcript = stream.finalize(o.finalize_timeout_s)
    except DeviceLostError as exc:  # the answer so far goes with it, to be saved
        raise DeviceLostError(str(exc), heard=stream.audio) from None
    finally:
        stream.close()
    ready_at = time.perf_counter()

    last_end = detector.state.last_speech_end
    audio = stream.audio
    if last_end is not None:
        audio = audio[: int((last_end + o.keep_trailing_silence_s) * SAMPLE_RATE)]
    finalize_s = ready_at - decided_at
    timings: dict[str, float] = {
        "capture_s": ready_at - wall_start,
        "audio_s": samples_in / SAMPLE_RATE,
        "vad_s": vad_s,
        "judge_s": judge_s,
        "smart_turn_s": model_s,
        "finalize_s": finalize_s,
        "stt_background_s": stream.stats.background_stt_s,
        "stt_jobs": float(stream.stats.jobs),
        "stretches": float(stream.stats.stretches),
        "merges": float(stream.stats.merges),
        "tail_audio_s": stream.stats.tail_audio_s,
    }
    if last_end is not None:
        end_at = end.at_s if end is not None else samples_in / SAMPLE_RATE
        timings["end_of_turn_delay_s"] = end_at - last_end
        # on a real-time microphone the wall clock tells (judging may leave frames queued); on a
        # virtual one, the silence waited plus the work after the decision
        timings["last_speech_to_transcript_s"] = max(end_at - last_end + finalize_s, ready_at - last_speech_wall)
        timings["patience_s"] = detector.patience_s
        if end is not None and end.reason == "silence":
            timings["beyond_patience_s"] = timings["last_speech_to_transcript_s"] - end.patience_s
    return CapturedAnswer(
        audio=audio,
        transcript=transcript,
        ended_by=ended_by,
        timings=timings,
        last_speech_end_s=last_end,
        thinking_phrases=thinking,
        end_of_turn=detector.decisions,
        no_speech_timeout=end is not None and end.reason == "no_speech",
    )


# ------------------------------------------------------------------------------------- barge-in
@dataclass
class BargeInOptions:
    enabled: bool = True
    min_speech_s: float = 0.5  # talking over the agent this long (within window_s) interrupts it
    window_s: float = 1.0  # the speech may be spread over this long (words have gaps)
    preroll_s: float = 0.3  # audio kept from before the detected onset
    echo_cancel: bool = True  # subtract the agent's own voice when the speaker can tell what it played
    echo_tail_s: float = 0.1  # microphone audio dropped after playback ends (room echo, device latency)
    # Speech heard between the candidate's last turn and this line is theirs (a turn ended too
    # early, or a remark while the interviewer got ready): kept, unless shorter than this (a cough).
    carry_min_speech_s: float = 0.2
    carry_tail_s: float = 0.3  # silence kept after the last of those words
    vad: VADOptions = field(default_factory=VADOptions)


@dataclass
class PlaybackResult:
    interrupted: bool
    duration_s: float  # audio handed to the speaker
    played_s: float  # audio actually played
    started_at: float  # clock times
    ended_at: float
    speech_onset_at: float | None = None  # the talk-over started (clock time)
    barge_in_at: float | None = None  # the talk-over was confirmed
    stop_latency_s: float | None = None  # from confirmation to the speaker being silent
    captured: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))  # candidate audio
    frames_ignored: int = 0  # microphone frames heard during playback, never transcribed
    # The candidate's speech heard before the line started (since the microphone was last read);
    # on a barge-in it is also the start of ``captured``.
    said_before: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))


def _heard_before(frames: list[AudioFrame], vad, o: BargeInOptions) -> tuple[list[AudioFrame], list[tuple[float, float]]]:
    """Of the frames heard before a line starts: those from just before the candidate's first
    words on (none without words), and each frame's (time, seconds of speech) for the barge-in
    window: a candidate still talking when the line starts interrupts it at once."""
    speech = [(f.t, f.duration_s if vad.is_speech(f.samples) else 0.0) for f in frames]
    onset = next((t for t, d in speech if d > 0), None)
    if onset is None:
        return [], speech
    return [f for f in frames if f.end_t > onset - o.preroll_s], speech


def _joined(frames: list[AudioFrame]) -> np.ndarray:
    return np.concatenate([f.samples for f in frames]) if frames else np.zeros(0, np.float32)


def speak_with_barge_in(
    speaker: Speaker,
    mic: Microphone,
    audio: np.ndarray | Iterable[np.ndarray],
    sample_rate: int,
    options: BargeInOptions | None = None,
) -> PlaybackResult:
    """Play ``audio`` (an array, or chunks such as sentences as they are synthesised) and return
    when it is done or when the candidate has talked over it for ``min_speech_s``."""
    o = options or BargeInOptions()
    clock = speaker.clock
    chunks: Iterator[np.ndarray] = iter([audio]) if isinstance(audio, np.ndarray) else iter(audio)
    vad = make_vad(o.vad)
    canceller = canceller_for(speaker) if o.echo_cancel else None
    keep = int((o.preroll_s + o.window_s + 0.5) * SAMPLE_RATE / mic.frame_samples) + 1
    recent: deque[AudioFrame] = deque(maxlen=keep)
    window: deque[tuple[float, float]] = deque()  # (frame time, seconds of speech) in the last window_s

    mic.start()
    before, window_before = _heard_before(mic.drain(), vad, o)
    window.extend(window_before)
    duration = 0.0
    more = True

    def queue_next() -> None:
        nonlocal duration, more
        try:
            chunk = np.asarray(next(chunks), dtype=np.float32).reshape(-1)
        except StopIteration:
            more = False
            return
        speaker.play(chunk, sample_rate)
        duration += len(chunk) / sample_rate

    queue_next()
    started_at = clock.now()
    ignored = 0
    result: PlaybackResult | None = None
    while True:
        if more:
            queue_next()
        if not speaker.is_playing() and not more:
            break
        frame = mic.read(0.5)
        if frame is None:  # input over: nobody can interrupt any more
            while more:
                queue_next()
            speaker.wait()
            break
        ignored += 1
        if not o.enabled:
            continue
        samples = canceller.process(frame.samples, frame.t, speaker) if canceller else frame.samples
        frame = AudioFrame(samples, frame.t)
        recent.append(frame)
        speech = vad.is_speech(samples)
        if canceller is not None and canceller.echo_dominated:
            speech = False  # the agent hearing itself
        window.append((frame.t, frame.duration_s if speech else 0.0))
        while window and window[0][0] <= frame.end_t - o.window_s - 1e-9:
            window.popleft()
        talked = sum(d for _, d in window)
        if talked >= o.min_speech_s - 1e-9:
            onset = next(t for t, d in window if d > 0)
            barge_in_at = clock.now()
            speaker.stop()
            stopped_at = clock.now()
            start_t = onset - o.preroll_s
            captured = before + [f for f in recent if f.end_t > start_t]
            result = PlaybackResult(
                interrupted=True, duration_s=duration, played_s=min(duration, stopped_at - started_at),
                started_at=started_at, ended_at=stopped_at, speech_onset_at=onset, barge_in_at=barge_in_at,
                stop_latency_s=stopped_at - barge_in_at, captured=_joined(captured),
                frames_ignored=ignored - len(captured) + len(before), said_before=_joined(before),
            )
            break
    if result is None:
        ended_at = clock.now()
        ignored += mic.flush()  # what the mic heard while the agent spoke is dropped
        tail_end = ended_at + o.echo_tail_s  # and the echo still ringing after it
        while o.echo_tail_s > 0:
            frame = mic.read(0.5)
            if frame is None:
                break
            ignored += 1
            if frame.end_t >= tail_end - 1e-6:
                break
        result = PlaybackResult(False, duration, duration, started_at, ended_at, frames_ignored=ignored,
                                said_before=_joined(_words_only(before, window_before, o)))
    return result


def _words_only(frames: list[AudioFrame], speech: list[tuple[float, float]], o: BargeInOptions) -> list[AudioFrame]:
    """``frames`` up to shortly after their last speech; none if that is too short to be words."""
    if sum(d for _, d in speech) < o.carry_min_speech_s - 1e-9:
        return []
    last_end = max(t + d for t, d in speech if d > 0)
    return [f for f in frames if f.t < last_end + o.carry_tail_s]
