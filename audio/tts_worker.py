"""The text-to-speech worker process: owns the one pyttsx3 (espeak-ng) engine.

Started by :class:`audio.tts.Synthesizer` as ``python tts_worker.py`` (by path, so it needs
nothing but the standard library and pyttsx3). It reads requests on stdin and answers on a
duplicate of stdout; the real stdout goes to /dev/null, because pyttsx3 prints "Audio saved to
..." there. Each message is a 4-byte little-endian length followed by a pickle.

Requests: ``{"op": "synth", "text", "voice", "rate", "volume", "pitch"}`` answers
``{"ok": True, "sample_rate", "pcm"}`` (16-bit mono); ``{"op": "voices"}``; ``{"op": "ping"}``;
``{"op": "hang", "seconds"}`` (for tests of the hard timeout).
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


def _voices(engine: Any) -> list[dict[str, Any]]:
    return [
        {"id": v.id, "name": v.name, "languages": list(v.languages or []), "gender": v.gender}
        for v in engine.getProperty("voices")
    ]


def serve() -> None:
    requests = sys.stdin.buffer
    replies = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # pyttsx3 prints on stdout; keep it off the protocol channel
    sys.stdout = open(os.devnull, "w")

    import pyttsx3

    from pyttsx3.drivers import _espeak

    engine = pyttsx3.init("espeak")
    defaults = {name: engine.getProperty(name) for name in ("voice", "rate", "volume", "pitch")}
    finished: list[bool] = []
    engine.connect("finished-utterance", lambda name=None, completed=True, **_: finished.append(completed))

    def idle(limit_s: float = 5.0) -> None:
        # espeak synthesises on its own thread; if it still "plays" the previous text when
        # runAndWait starts, pyttsx3 cancels the new one (an empty or cut WAV). Wait it out.
        deadline = time.monotonic() + limit_s
        while _espeak.IsPlaying() and time.monotonic() < deadline:
            time.sleep(0.005)
    workdir = tempfile.mkdtemp(prefix="tts-worker-")
    counter = 0
    try:
        while True:
            request = _read_message(requests)
            if request is None:
                return
            op = request.get("op")
            try:
                if op == "synth":
                    counter += 1
                    path = os.path.join(workdir, f"{counter}.wav")
                    for name in ("voice", "rate", "volume", "pitch"):
                        value = request.get(name)
                        engine.setProperty(name, defaults[name] if value is None else value)
                    reply = {"ok": False, "error": "the engine produced no audio", "restart": True}
                    for _attempt in range(4):
                        idle()
                        finished.clear()
                        engine.save_to_file(request["text"], path)  # one file per runAndWait
                        engine.runAndWait()
                        if not os.path.exists(path):
                            continue
                        with wave.open(path, "rb") as wav:
                            rate, pcm = wav.getframerate(), wav.readframes(wav.getnframes())
                        os.unlink(path)
                        if pcm and all(finished):  # complete, not cancelled half-way
                            reply = {"ok": True, "sample_rate": rate, "pcm": pcm}
                            break
                elif op == "voices":
                    reply = {"ok": True, "voices": _voices(engine)}
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
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    serve()
