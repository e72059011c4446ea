"""Speech to text: a faster-whisper model loaded once, and plain result dataclasses.

    transcriber = Transcriber()                 # tiny.en, int8, CPU; loads once (~0.5 s)
    result = transcriber.transcribe("answer.wav")
    result.text, result.segments[0].words[0].start, result.no_answer

Guards against Whisper's habit of inventing text: Silero VAD filtering, no conditioning on the
previous text, segments that are likely not speech are dropped, and less than ``min_speech_s`` of
detected speech counts as no answer (short clips make Whisper hallucinate "We'll be right back.").
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from audio.encoder_window import EncoderWindow, fitted_whisper_model
from audio.errors import TranscriptionError
from audio.models import ModelInfo, resolve_model
from audio.unclear import UNCLEAR, UnclearRules
from audio.vad import speech_duration_s
from audio.wav import SAMPLE_RATE, load_audio


@dataclass
class Word:
    start: float
    end: float
    word: str
    probability: float


@dataclass
class Segment:
    start: float
    end: float
    text: str
    words: list[Word] = field(default_factory=list)
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0
    compression_ratio: float = 0.0


@dataclass
class Transcript:
    """What was said in one clip. Times are seconds from the start of the clip."""

    text: str
    segments: list[Segment]
    audio_duration_s: float
    speech_s: float
    no_answer: bool
    elapsed_s: float
    model: str = ""

    @classmethod
    def empty(cls, audio_duration_s: float = 0.0, speech_s: float = 0.0, elapsed_s: float = 0.0,
              model: str = "") -> "Transcript":
        return cls("", [], audio_duration_s, speech_s, True, elapsed_s, model)

    @property
    def words(self) -> list[Word]:
        return [w for s in self.segments for w in s.words]

    @classmethod
    def join(cls, parts: list["Transcript"], audio_duration_s: float, min_speech_s: float = 0.5) -> "Transcript":
        """Concatenate transcripts of consecutive stretches (already shifted to the whole clip)."""
        segments = [s for p in parts for s in p.segments]
        speech = sum(p.speech_s for p in parts)
        text = _join_text(s.text for s in segments)
        no_answer = speech < min_speech_s or not text
        if no_answer:
            segments, text = [], ""
        model = next((p.model for p in parts if p.model), "")
        return cls(text, segments, audio_duration_s, speech, no_answer, sum(p.elapsed_s for p in parts), model)

    def shifted(self, offset_s: float) -> "Transcript":
        """The same words, ``offset_s`` later (the clip now follows other audio)."""
        segments = [replace(s, start=round(s.start + offset_s, 3), end=round(s.end + offset_s, 3),
                            words=[replace(w, start=round(w.start + offset_s, 3), end=round(w.end + offset_s, 3))
                                   for w in s.words]) for s in self.segments]
        return replace(self, segments=segments, audio_duration_s=self.audio_duration_s + offset_s)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Transcript":
        segments = [
            Segment(**{**s, "words": [Word(**w) for w in s.get("words", [])]}) for s in data["segments"]
        ]
        return cls(**{**data, "segments": segments})


@dataclass
class TranscribeOptions:
    """Decoding options. Defaults suit short spoken answers on a 2-core CPU."""

    beam_size: int = 5
    language: str | None = "en"  # None: detect (multilingual models only)
    vad_filter: bool = True  # Silero VAD before Whisper: no text invented on silence or noise
    condition_on_previous_text: bool = False  # stops one bad segment from derailing the rest
    word_timestamps: bool = True
    min_speech_s: float = 0.5  # less detected speech than this is "no answer"
    # A segment is dropped as "probably not speech" when Whisper says so (no_speech_prob above
    # ``max_no_speech_prob`` with avg_logprob below ``no_speech_logprob``, Whisper's own rule),
    # when it is very sure (no_speech_prob above ``drop_no_speech_prob``), or when the text is
    # gibberish (avg_logprob below ``drop_avg_logprob``).
    max_no_speech_prob: float = 0.6
    no_speech_logprob: float = -1.0
    drop_no_speech_prob: float = 0.9
    drop_avg_logprob: float = -1.5
    # Temperature fallback re-decodes a doubtful segment with sampling: slower, and random. Off by
    # default (a single greedy/beam pass); when on, the sampler is seeded so results repeat.
    temperatures: tuple[float, ...] = (0.0,)
    seed: int = 0
    # Speech Whisper could not make out (it loops, or is unsure of every word) becomes "(unclear)".
    unclear: UnclearRules = field(default_factory=UnclearRules)
    # The encoder's window, fitted to the speech (None: Whisper's fixed 30 s): audio.encoder_window.
    window: EncoderWindow | None = field(default_factory=EncoderWindow)

    def __post_init__(self) -> None:
        if self.beam_size < 1:
            raise TranscriptionError(f"beam size must be at least 1, not {self.beam_size}")

    def keeps(self, no_speech_prob: float, avg_logprob: float) -> bool:
        if no_speech_prob > self.max_no_speech_prob and avg_logprob < self.no_speech_logprob:
            return False
        return no_speech_prob <= self.drop_no_speech_prob and avg_logprob >= self.drop_avg_logprob


class Transcriber:
    """One CTranslate2 Whisper model, loaded once, used from any thread (calls are serialised)."""

    def __init__(
        self,
        model: str | os.PathLike[str] | None = None,
        options: TranscribeOptions | None = None,
        *,
        device: str = "cpu",
        compute_type: str = "int8",
        cpu_threads: int | None = None,
    ) -> None:
        self.model_info: ModelInfo = resolve_model(model)
        self.options = options or TranscribeOptions()
        threads = cpu_threads if cpu_threads is not None else min(os.cpu_count() or 1, 8)
        started = time.perf_counter()
        self._model = fitted_whisper_model(
            str(self.model_info.path), device=device, compute_type=compute_type, cpu_threads=threads
        )
        self.load_s = time.perf_counter() - started
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.model_info.name

    def warmup(self) -> float:
        """Run the model once on a short tone so the first real call is not slower. Returns seconds."""
        started = time.perf_counter()
        t = np.arange(SAMPLE_RATE, dtype=np.float32) / SAMPLE_RATE
        with self._lock:
            segments, _ = self._model.transcribe(
                0.1 * np.sin(2 * np.pi * 220 * t).astype(np.float32), beam_size=1,
                language=self.options.language, vad_filter=False, without_timestamps=True,
            )
            list(segments)
        return time.perf_counter() - started

    def transcribe(
        self,
        audio: np.ndarray | str | os.PathLike[str],
        *,
        offset_s: float = 0.0,
        min_speech_s: float | None = None,
    ) -> Transcript:
        """Transcribe a clip (mono float32 at 16 kHz, or any audio file).

        ``offset_s`` is added to every timestamp (for stretches of a longer recording);
        ``min_speech_s`` overrides the option of that name.
        """
        opts = self.options
        started = time.perf_counter()
        if isinstance(audio, (str, Path, os.PathLike)):
            samples = load_audio(audio, SAMPLE_RATE)
        else:
            samples = np.asarray(audio, dtype=np.float32).reshape(-1)
        duration = len(samples) / SAMPLE_RATE
        min_speech = opts.min_speech_s if min_speech_s is None else min_speech_s
        speech = speech_duration_s(samples) if samples.size else 0.0
        if speech < min_speech:
            return Transcript.empty(duration, speech, time.perf_counter() - started, self.name)

        with self._lock:
            if len(opts.temperatures) > 1:
                import ctranslate2

                ctranslate2.set_random_seed(opts.seed)
            kept = self._decode(samples, offset_s, opts.window)
            if self._model.shortened and _looks_invented(kept, opts.unclear):
                kept = self._decode(samples, offset_s, None)  # a shortened window can make tiny.en loop
        kept = [s for s in kept if s.text]
        if opts.unclear.unclear(kept):  # invented text is never saved as the candidate's words
            kept = [Segment(kept[0].start, kept[-1].end, UNCLEAR, [], min(s.avg_logprob for s in kept),
                            max(s.no_speech_prob for s in kept), max(s.compression_ratio for s in kept))]
        text = _join_text(s.text for s in kept)
        elapsed = time.perf_counter() - started
        if not text:
            return Transcript.empty(duration, speech, elapsed, self.name)
        return Transcript(text, kept, duration, speech, False, elapsed, self.name)


    def _decode(self, samples: np.ndarray, offset_s: float, window: EncoderWindow | None) -> list[Segment]:
        """The model's segments kept as speech (call with the lock held)."""
        opts = self.options
        self._model.use(window)
        raw_segments, _info = self._model.transcribe(
            samples,
            beam_size=opts.beam_size,
            language=opts.language,
            temperature=list(opts.temperatures),
            vad_filter=opts.vad_filter,
            condition_on_previous_text=opts.condition_on_previous_text,
            word_timestamps=opts.word_timestamps,
        )
        return [_to_segment(s, offset_s) for s in raw_segments if opts.keeps(s.no_speech_prob, s.avg_logprob)]


def _looks_invented(segments: list[Segment], rules: UnclearRules) -> bool:
    """A loop, or text the unclear rules would reject."""
    text = " ".join(s.text for s in segments)
    return (rules.loops(text) or any(s.compression_ratio > rules.max_compression_ratio for s in segments)
            or rules.unclear(segments))


def _to_segment(s: Any, offset_s: float) -> Segment:
    words = [
        Word(round(w.start + offset_s, 3), round(w.end + offset_s, 3), w.word, round(float(w.probability), 4))
        for w in (s.words or [])
    ]
    return Segment(
        round(s.start + offset_s, 3), round(s.end + offset_s, 3), s.text.strip(), words,
        round(float(s.avg_logprob), 4), round(float(s.no_speech_prob), 4), round(float(s.compression_ratio), 4),
    )


def _join_text(parts: Any) -> str:
    """Texts joined by spaces; an unclear stretch next to another reads as one "(unclear)"."""
    out: list[str] = []
    for p in (p.strip() for p in parts if p and p.strip()):
        if not (p == UNCLEAR and out and out[-1] == UNCLEAR):
            out.append(p)
    return " ".join(out)

