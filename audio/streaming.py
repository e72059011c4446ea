"""Transcribe an answer while it is being spoken, so only the tail is left when the turn ends.

Frames are pushed in order with their VAD decision. When a pause reaches ``commit_pause_s``, the
stretch of speech before it is cut in the middle of the pause and transcribed by a background
worker; the text so far is reported through ``on_partial`` (for a live view). A stretch with too
little speech to transcribe reliably on its own is merged into the stretch before it, which is
then transcribed again. ``finalize()`` commits whatever is left and waits for the worker, which by
then usually has nothing or a short tail to do.

A pause that will be judged (is the candidate done?) needs the words so far, so ``speculate()``
sends the stretch to the worker as soon as the pause begins, with silence standing in for the
part of the pause not heard yet: the transcript is under way while the candidate is still silent
rather than only from the judging point on. It stands unless the candidate speaks again before
the judging point (then the stretch goes on and is transcribed again with the new words). On a
TTS voice's digital silence it is the transcript judging would have made; on a live microphone's
room tone the words can differ a little, no worse on the whole (bench/speculation_room_tone_bench.py:
the same words for 28 of 31 answers, 164 errors against 176).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable

import numpy as np

from audio.errors import TranscriptionError
from audio.stt import Transcriber, Transcript
from audio.wav import SAMPLE_RATE

log = logging.getLogger(__name__)

PartialCallback = Callable[[str], None]


@dataclass
class StreamingOptions:
    commit_pause_s: float = 0.5  # a pause this long closes a stretch
    min_stretch_speech_s: float = 0.6  # less speech than this is not transcribed on its own
    max_stretch_s: float = 20.0  # a stretch is cut before Whisper's 30 s window
    speculate_after_s: float | None = 0.2  # a pause this long sends what will be judged (None: at judging)
    min_speech_s: float = 0.5  # an answer with less speech than this is no answer


@dataclass
class Stretch:
    start: int  # samples
    end: int
    speech_samples: int
    version: int = 0
    transcript: Transcript | None = None  # of the current version


class _Buffer:
    """A growable float32 array."""

    def __init__(self) -> None:
        self._data = np.zeros(SAMPLE_RATE * 30, dtype=np.float32)
        self.size = 0

    def append(self, x: np.ndarray) -> None:
        need = self.size + len(x)
        if need > len(self._data):
            grown = np.zeros(max(need, 2 * len(self._data)), dtype=np.float32)
            grown[: self.size] = self._data[: self.size]
            self._data = grown
        self._data[self.size : need] = x
        self.size = need

    def view(self, start: int = 0, end: int | None = None) -> np.ndarray:
        end = self.size if end is None else min(end, self.size)
        return self._data[start:end]


@dataclass
class StreamingStats:
    stretches: int = 0
    merges: int = 0
    background_stt_s: float = 0.0  # model time spent on stretches
    jobs: int = 0
    tail_audio_s: float = 0.0  # audio still untranscribed when finalize() was called


class StreamingTranscriber:
    """Background transcription of finished stretches of one answer."""

    def __init__(self, transcriber: Transcriber, options: StreamingOptions | None = None,
                 on_partial: PartialCallback | None = None) -> None:
        self.transcriber = transcriber
        self.options = options or StreamingOptions()
        self.on_partial = on_partial
        self.stats = StreamingStats()
        self._audio = _Buffer()
        self._stretches: list[Stretch] = []
        self._stretch_start = 0
        self._stretch_speech = 0
        self._pause_run = 0
        self._last_gap_end = 0  # end of the latest non-speech frame (for cutting long stretches)
        # A pause committed early (to judge it) that turns out shorter than commit_pause_s joins the
        # next stretch back onto the last one, so stretches stay cut where they would have been.
        self._early_in_pause = False
        self._rejoin = False
        self._jobs: deque[tuple[int, int]] = deque()  # (stretch index, version)
        self._busy = False
        self._failure: str | None = None  # the first transcription error, raised by wait()
        self._cond = threading.Condition()
        self._closed = False
        self._worker = threading.Thread(target=self._run, name="stt-stream", daemon=True)
        self._worker.start()

    # ---------------------------------------------------------------------------- feeding
    @property
    def audio(self) -> np.ndarray:
        return self._audio.view().copy()

    def tail(self, seconds: float) -> np.ndarray:
        """A copy of the last ``seconds`` of audio."""
        return self._audio.view(max(0, self._audio.size - int(seconds * SAMPLE_RATE))).copy()

    @property
    def duration_s(self) -> float:
        return self._audio.size / SAMPLE_RATE

    def push(self, samples: np.ndarray, is_speech: bool) -> None:
        o = self.options
        samples = np.asarray(samples, dtype=np.float32).reshape(-1)
        self._audio.append(samples)
        n = len(samples)
        pause_needed = int(o.commit_pause_s * SAMPLE_RATE)
        if is_speech:
            self._stretch_speech += n
            self._pause_run = 0
            self._rejoin = self._rejoin or self._early_in_pause
            self._early_in_pause = False
        else:
            self._pause_run += n
            self._last_gap_end = self._audio.size
            if self._pause_run >= pause_needed:
                self._early_in_pause = False
        if not is_speech and self._stretch_speech and self._pause_run >= pause_needed and \
                self._pause_run - n < pause_needed:
            cut = self._audio.size - self._pause_run + pause_needed // 2
            self._commit(cut, allow_pending=True)
        elif is_speech and self._audio.size - self._joined_start() >= int(o.max_stretch_s * SAMPLE_RATE):
            start = self._joined_start()
            gap = self._last_gap_end
            cut = gap if gap - start > 5 * SAMPLE_RATE else self._audio.size
            self._commit(cut, allow_pending=False)

    def _joined_start(self) -> int:
        """Where the stretch being spoken starts, counting the one it will be joined back onto."""
        return self._stretches[-1].start if self._rejoin and self._stretches else self._stretch_start

    def commit(self, early: bool = False) -> None:
        """Send everything not yet transcribed to the worker; ``early``: in a pause shorter than
        ``commit_pause_s`` (to judge the turn), undone if speech resumes before it gets that long."""
        had_speech = self._stretch_speech > 0
        self._commit(self._audio.size, allow_pending=False)
        if had_speech:  # (else nothing new was sent: a pause sent ahead by speculate stays early)
            self._early_in_pause = early and self._pause_run < int(self.options.commit_pause_s * SAMPLE_RATE)

    def speculate(self, until_s: float) -> None:
        """In a pause that will be judged at ``until_s`` (audio seconds): commit early, now, the
        stretch as it will be then (see ``_stretch_audio`` for the pause still to come)."""
        until = int(round(until_s * SAMPLE_RATE))
        pause_start, pause_needed = self._audio.size - self._pause_run, int(self.options.commit_pause_s * SAMPLE_RATE)
        if until - pause_start >= pause_needed:  # the pause closes the stretch before it is judged
            until = pause_start + pause_needed // 2
        if self._stretch_speech:
            self._commit(until, allow_pending=False)
            self._early_in_pause = True

    def _commit(self, cut: int, allow_pending: bool) -> None:
        start, speech = self._stretch_start, self._stretch_speech
        if cut <= self._joined_start():
            return
        min_speech = int(self.options.min_stretch_speech_s * SAMPLE_RATE)
        if speech == 0:
            self._stretch_start = cut  # only silence: nothing to transcribe
            return
        with self._cond:
            rejoin, self._rejoin = self._rejoin, False
            if (speech < min_speech or rejoin) and self._stretches:
                last = self._stretches[-1]  # too short alone: extend the previous stretch
                last.end, last.speech_samples = cut, last.speech_samples + speech
                last.version += 1
                last.transcript = None
                self._jobs.append((len(self._stretches) - 1, last.version))
                self.stats.merges += 1
            elif speech < min_speech and allow_pending:
                return  # keep it: it may be the start of something longer
            else:
                self._stretches.append(Stretch(start, cut, speech))
                self._jobs.append((len(self._stretches) - 1, 0))
                self.stats.stretches += 1
            self._cond.notify_all()
        self._stretch_start, self._stretch_speech = cut, 0

    def _stretch_audio(self, stretch: Stretch) -> np.ndarray:
        """A copy of the stretch's audio, silence for the part of a pause still to come (speculate)."""
        audio = self._audio.view(stretch.start, stretch.end)
        return np.pad(audio, (0, stretch.end - stretch.start - len(audio)))

    # ----------------------------------------------------------------------------- worker
    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._jobs and not self._closed:
                    self._cond.wait()
                if not self._jobs:
                    return
                index, version = self._jobs.popleft()
                stretch = self._stretches[index]
                if stretch.version != version:
                    continue  # superseded by a merge queued behind
                start, end = stretch.start, stretch.end
                audio = self._stretch_audio(stretch)
                self._busy = True
            try:
                result = self.transcriber.transcribe(audio, offset_s=start / SAMPLE_RATE,
                                                     min_speech_s=self.options.min_speech_s)
            except Exception as e:  # never kill the worker; wait() reports the failure
                log.debug("transcription of a stretch failed", exc_info=True)
                self._failure = self._failure or f"{type(e).__name__}: {e}"
                result = Transcript.empty((end - start) / SAMPLE_RATE)
            with self._cond:
                self._busy = False
                self.stats.jobs += 1
                self.stats.background_stt_s += result.elapsed_s
                if stretch.version == version:
                    stretch.transcript = result
                text = " ".join(s.transcript.text for s in self._stretches if s.transcript and s.transcript.text)
                self._cond.notify_all()
            if self.on_partial is not None:
                try:
                    self.on_partial(text)
                except Exception:
                    log.exception("on_partial callback failed")

    # ---------------------------------------------------------------------------- results
    def wait(self, timeout: float | None = None) -> Transcript:
        """Wait for every committed stretch; the transcript of everything committed so far."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while self._jobs or self._busy:
                remaining = None if deadline is None else deadline - time.monotonic()
                if remaining is not None and remaining <= 0:
                    raise TimeoutError("streaming transcription did not finish in time")
                self._cond.wait(remaining)
            parts = [s.transcript for s in self._stretches if s.transcript is not None]
            if self._failure:
                raise TranscriptionError(f"speech-to-text failed ({self._failure})")
        return Transcript.join(parts, self.duration_s, self.options.min_speech_s)

    def finalize(self, timeout: float | None = None) -> Transcript:
        """Commit the tail, wait, stop the worker; the transcript of the whole answer."""
        self.stats.tail_audio_s = max(0, self._audio.size - self._stretch_start) / SAMPLE_RATE
        self.commit()
        try:
            return self.wait(timeout)
        finally:
            self.close()

    def close(self) -> None:
        """Stop the worker. Stretches not yet transcribed are dropped (after finalize() there are
        none; after Ctrl-C nobody wants them), and a transcription in flight is waited for: a thread
        still inside the model when the interpreter exits aborts the process (SIGABRT)."""
        with self._cond:
            self._closed = True
            self._jobs.clear()
            self._cond.notify_all()
        if self._worker.is_alive() and threading.current_thread() is not self._worker:
            self._worker.join(timeout=60)
