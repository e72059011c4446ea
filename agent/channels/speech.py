"""Speech for the channels: one TTS engine and one STT model per run, and the turn records they make.

Loaded once, before the first question, so no model load sits between an answer and the reply.
"""
from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np

from agent.session import AUDIO_DIR, Segment, Turn, Word, now_iso
from agent.state import Prompt
from audio.endpointing import EndpointingOptions
from audio.listen import CapturedAnswer, ListenOptions
from audio.models import models_dir
from audio.stt import Transcriber, Transcript
from audio.tts import CANDIDATE_VOICE as AUDIO_CANDIDATE_VOICE
from audio.tts import INTERVIEWER_VOICE, SpeechChunk, Synthesizer, Voice, split_sentences
from audio.wav import write_wav

# The candidate of a scripted run speaks a little slower than audio's default: at 150 words per
# minute tiny.en misrecognises about a fifth fewer words of espeak's voice than at 160-165.
CANDIDATE_VOICE = AUDIO_CANDIDATE_VOICE.with_(rate=150)
DEFAULT_PATIENCE_S = 1.8  # interviews have thinking pauses: end a turn only after this much silence


@dataclass
class SpeechSettings:
    stt_model: str | None = None  # a CTranslate2 Whisper folder; None: the embedded tiny.en
    beam_size: int = 5
    voice: str | None = None  # interviewer voice id (espeak); None: INTERVIEWER_VOICE
    rate: int | None = None  # interviewer words per minute
    patience_s: float = DEFAULT_PATIENCE_S
    # Rendered lines are kept here: espeak-ng never renders a line to the same samples twice, so a
    # cache is what makes a scripted run repeatable (same script, same audio, same transcripts).
    tts_cache_dir: str | None = None

    def public(self) -> dict:
        return {"stt_model": self.stt_model or "tiny.en (embedded)", "beam_size": self.beam_size,
                "voice": self.voice or INTERVIEWER_VOICE.id, "patience_s": self.patience_s}


@dataclass
class SpeechKit:
    synth: Synthesizer
    transcriber: Transcriber
    interviewer: Voice
    candidate: Voice
    settings: SpeechSettings
    load_s: dict[str, float] = field(default_factory=dict)
    _prefetcher: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1, "tts-prefetch"))
    _prefetched: dict[tuple[str, str | None], Future] = field(default_factory=dict)

    @classmethod
    def load(cls, settings: SpeechSettings | None = None) -> "SpeechKit":
        from audio.stt import TranscribeOptions

        s = settings or SpeechSettings()
        t0 = time.perf_counter()
        transcriber = Transcriber(s.stt_model, TranscribeOptions(beam_size=s.beam_size))
        transcriber.warmup()
        t1 = time.perf_counter()
        interviewer = INTERVIEWER_VOICE.with_(**{k: v for k, v in {"id": s.voice, "rate": s.rate}.items() if v})
        synth = Synthesizer(interviewer, cache_dir=s.tts_cache_dir)
        synth.start()
        t2 = time.perf_counter()
        return cls(synth, transcriber, interviewer, CANDIDATE_VOICE, s, {"stt_s": t1 - t0, "tts_s": t2 - t1})

    def listen_options(self, cap_s: float | None) -> ListenOptions:
        return ListenOptions(endpointing=EndpointingOptions(patience_s=self.settings.patience_s, max_answer_s=cap_s))

    def sentences(self, text: str, voice: Voice | None = None) -> Iterator[SpeechChunk]:
        """The line one sentence at a time, each synthesised when asked for, so playback starts early.

        A sentence already synthesised by `prefetch` is taken from there."""
        v = voice or self.interviewer
        for sentence in split_sentences(text):
            ready = self._prefetched.pop((sentence, v.id), None) if v is self.interviewer else None
            yield ready.result() if ready is not None else self.synth.render(sentence, v)

    def prefetch(self, sentence: str) -> None:
        """Start synthesising an interviewer sentence now, e.g. as an LLM streams its follow-up."""
        key = (sentence, self.interviewer.id)
        if key not in self._prefetched:
            self._prefetched[key] = self._prefetcher.submit(self.synth.render, sentence, self.interviewer)

    def close(self) -> None:
        self._prefetcher.shutdown(wait=True, cancel_futures=True)
        self.synth.close()


def default_tts_cache_dir() -> str:
    return str(models_dir().parent / "tts")


def audio_name(turn: int, what: str) -> str:
    return f"{AUDIO_DIR}/{turn:03d}-{what}.wav"


def save_audio(folder: Path, rel: str, samples: np.ndarray, rate: int) -> float:
    write_wav(folder / rel, samples, rate)
    return round(len(samples) / rate, 3)


def session_segments(transcript: Transcript) -> list[Segment]:
    return [
        Segment(start=round(s.start, 3), end=round(s.end, 3), text=s.text.strip(),
                words=[Word(start=round(w.start, 3), end=round(w.end, 3), word=w.word,
                            probability=round(w.probability, 3)) for w in s.words])
        for s in transcript.segments
    ]


def turn_from_capture(prompt: Prompt, captured: CapturedAnswer, *, prompt_audio: str, prompt_duration_s: float,
                      answer_audio: str, started_at: str, latency: dict[str, float]) -> Turn:
    ended_by = {"cap": "cap", "silence": "answer", "end_of_input": "answer"}[captured.ended_by]
    if captured.no_answer:
        ended_by = "silence"
    return Turn(
        index=prompt.turn, kind=prompt.kind, question_id=prompt.question_id, area=prompt.area,
        prompt_text=prompt.text, prompt_audio=prompt_audio, prompt_duration_s=prompt_duration_s,
        answer_audio=answer_audio, transcript=captured.text.strip(), segments=session_segments(captured.transcript),
        started_at=started_at, duration_s=round(captured.duration_s, 3), via="audio", ended_by=ended_by,
        latency={k: round(v, 4) for k, v in {**latency, "speech_s": captured.transcript.speech_s}.items()},
    )


def text_turn(prompt: Prompt, text: str, *, prompt_audio: str | None, prompt_duration_s: float,
              duration_s: float, via: str = "text") -> Turn:
    return Turn(
        index=prompt.turn, kind=prompt.kind, question_id=prompt.question_id, area=prompt.area,
        prompt_text=prompt.text, prompt_audio=prompt_audio, prompt_duration_s=prompt_duration_s,
        transcript=text, started_at=now_iso(), duration_s=duration_s, via=via,
    )


class SpokenLine:
    """Collects the chunks of a line as they are played, to save the line's audio afterwards."""

    def __init__(self, chunks: Iterator[SpeechChunk]):
        self._chunks = chunks
        self.played: list[SpeechChunk] = []
        self.first_chunk_at: float | None = None  # perf_counter when the first audio was ready

    def __iter__(self) -> Iterator[np.ndarray]:
        for chunk in self._chunks:
            if self.first_chunk_at is None:
                self.first_chunk_at = time.perf_counter()
            self.played.append(chunk)
            yield chunk.samples

    @property
    def sample_rate(self) -> int:
        return self.played[0].sample_rate if self.played else 22050

    def save(self, folder: Path, rel: str) -> float:
        samples = np.concatenate([c.samples for c in self.played]) if self.played else np.zeros(0, np.float32)
        return save_audio(folder, rel, samples, self.sample_rate)
