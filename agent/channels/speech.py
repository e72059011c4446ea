"""Speech for the channels: one TTS engine and one STT model per run, and the timing of replies.

Loaded once, before the first question, so no model load sits between an answer and the reply.
"""
from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import numpy as np

from audio.endpointing import EndpointingOptions
from audio.listen import CapturedAnswer, ListenOptions
from audio.models import models_dir
from audio.stt import Transcriber
from audio.tts import CANDIDATE_VOICE as AUDIO_CANDIDATE_VOICE
from audio.tts import (INTERVIEWER_VOICE, PIPER_VOICE, SpeechChunk, Synthesizer, Voice, save_chunks,
                       split_first_clause, split_sentences, without_gaps)

# --tts: the interviewer's engine. pyttsx3 (espeak-ng) answers fastest; piper sounds human.
TTS_ENGINES = {"pyttsx3": INTERVIEWER_VOICE, "piper": PIPER_VOICE}

# The candidate of a scripted run speaks a little slower than audio's default: at 150 words per
# minute tiny.en misrecognises about a fifth fewer words of espeak's voice than at 160-165.
CANDIDATE_VOICE = AUDIO_CANDIDATE_VOICE.with_(rate=150)


@dataclass
class SpeechSettings:
    stt_model: str | None = None  # a CTranslate2 Whisper folder; None: the embedded tiny.en
    beam_size: int = 5
    tts: str = "pyttsx3"  # the interviewer's engine, a key of TTS_ENGINES
    voice: str | None = None  # interviewer voice id; None: the engine's voice in TTS_ENGINES
    rate: int | None = None  # interviewer words per minute
    patience_s: float | None = None  # a fixed silence that ends an answer; None: semantic end of turn
    # Rendered lines are kept here: espeak-ng never renders a line to the same samples twice, so a
    # cache is what makes a scripted run repeatable (same script, same audio, same transcripts).
    tts_cache_dir: str | None = None

    def public(self) -> dict:
        return {"stt_model": self.stt_model or "tiny.en (embedded)", "beam_size": self.beam_size,
                "tts": self.tts, "voice": self.voice or TTS_ENGINES[self.tts].id,
                "end_of_turn": "smart-turn v3.2 + words" if self.patience_s is None else f"{self.patience_s} s of silence"}


@dataclass
class SpeechKit:
    synth: Synthesizer
    transcriber: Transcriber
    interviewer: Voice
    candidate: Voice
    settings: SpeechSettings
    _prefetcher: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1, "tts-prefetch"))
    _prefetched: dict[tuple[str, str | None], Future] = field(default_factory=dict)

    @classmethod
    def load(cls, settings: SpeechSettings | None = None) -> "SpeechKit":
        from audio.heap import pin_mmap_threshold
        from audio.stt import TranscribeOptions

        pin_mmap_threshold()  # before the models: each transcription's buffers go back to the system
        s = settings or SpeechSettings()
        transcriber = Transcriber(s.stt_model, TranscribeOptions(beam_size=s.beam_size))
        transcriber.warmup()
        interviewer = TTS_ENGINES[s.tts].with_(**{k: v for k, v in {"id": s.voice, "rate": s.rate}.items() if v})
        synth = Synthesizer(interviewer, cache_dir=s.tts_cache_dir)
        synth.start()
        if s.patience_s is None:
            _load_turn_model()
        return cls(synth, transcriber, interviewer, CANDIDATE_VOICE, s)

    def listen_options(self, cap_s: float | None, synthetic_voice: bool = False) -> ListenOptions:
        """How an answer is listened to; a synthetic voice's turns are judged on its words alone
        (the smart-turn model misreads espeak's flat intonation)."""
        return ListenOptions(endpointing=EndpointingOptions(patience_s=self.settings.patience_s, max_answer_s=cap_s,
                                                            use_model=not synthetic_voice))

    def sentences(self, text: str, voice: Voice | None = None) -> Iterator[SpeechChunk]:
        """The line one sentence at a time, each synthesised when asked for, so playback starts early.

        A sentence already synthesised by `prefetch` is taken from there. A neural voice (piper)
        renders slower: its line starts with the first clause, and starts only once the rest can
        be rendered while it plays (no gap that sounds like the end of the question)."""
        v = voice or self.interviewer

        def render(sentence: str) -> SpeechChunk:
            ready = self._prefetched.pop((sentence, v.id), None) if v is self.interviewer else None
            return ready.result() if ready is not None else self.synth.render(sentence, v)

        pieces = split_sentences(text)
        if v.engine == "espeak":  # a hundred times faster than real time: every sentence is there in time
            yield from map(render, pieces)
            return
        if pieces and (pieces[0], v.id) not in self._prefetched:
            pieces = split_first_clause(pieces[0]) + pieces[1:]
        yield from without_gaps(pieces, render)

    def prefetch(self, sentence: str) -> None:
        """Start synthesising an interviewer sentence now, e.g. as an LLM streams its follow-up."""
        key = (sentence, self.interviewer.id)
        if key not in self._prefetched:
            self._prefetched[key] = self._prefetcher.submit(self.synth.render, sentence, self.interviewer)

    def close(self) -> None:
        self._prefetcher.shutdown(wait=True, cancel_futures=True)
        self.synth.close()


def _load_turn_model() -> None:
    """Load the end-of-turn model now, not in the middle of the first answer (a run goes on
    without it, judging on words alone, if pipecat-ai is missing)."""
    from audio.smart_turn import SmartTurnUnavailable, shared_model

    try:
        shared_model()
    except SmartTurnUnavailable:
        pass


def default_tts_cache_dir() -> str:
    return str(models_dir().parent / "tts")


class ReplyTimer:
    """Turn latency: from the last speech sample of an answer to the first sample of the reply."""

    def __init__(self) -> None:
        self._last_speech_at: float | None = None  # perf_counter

    def answer_heard(self, captured: CapturedAnswer) -> None:
        gap = captured.timings.get("last_speech_to_transcript_s")
        self._last_speech_at = None if gap is None else time.perf_counter() - gap

    def reply_started(self, at: float | None) -> dict[str, float]:
        since, self._last_speech_at = self._last_speech_at, None
        return {} if since is None or at is None else {"reply_after_speech_s": at - since}


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
        """Write what was played to `rel` in the session folder; return its duration."""
        return round(save_chunks(self.played, folder / rel), 3)
