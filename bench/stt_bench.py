"""STT benchmark: speed (times real time) and WER on the LibriVox clips; end-of-turn latency.

    .venv/bin/python tests/data_fetch.py          # once: the LibriVox clips into .cache/test-data
    .venv/bin/python bench/stt_bench.py           # tiny.en at beam 1 and 5 (+ base if installed)
    .venv/bin/python bench/stt_bench.py --eot 10  # also 10 real-time answers for end-of-turn latency
    .venv/bin/python bench/stt_bench.py --write   # and replace the "## STT" section of bench/RESULTS.md

Speed is measured two ways: per clip (each 3-7 s clip on its own, as an answer's stretch is
transcribed: Whisper pads every call to a 30 s window, so short clips cost more per second), and
on the five clips joined into one ~27 s recording (as ``interview transcribe`` sees a file). Each
figure is the median of ``--repeats`` runs after a warm-up call. WER uses audio.wer's
normalisation (case, punctuation, hyphens, "Mr." = "mister", numbers spelled out).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import re
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from audio.errors import ModelNotFoundError  # noqa: E402
from audio.models import resolve_model  # noqa: E402
from audio.stt import TranscribeOptions, Transcriber  # noqa: E402
from audio.wav import SAMPLE_RATE, load_audio  # noqa: E402
from audio.wer import WERResult, word_errors  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## STT"


def _clips() -> list[tuple[Path, str]]:
    spec = importlib.util.spec_from_file_location("data_fetch", ROOT / "tests" / "data_fetch.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    clips = module.librivox_clips()
    if not clips:
        raise SystemExit("no LibriVox clips: run `.venv/bin/python tests/data_fetch.py` first")
    return clips


def bench_model(name: str, beams: list[int], clips: list[tuple[Path, str]], repeats: int) -> list[dict]:
    transcriber = Transcriber(name)
    load_s = transcriber.load_s
    transcriber.warmup()
    audios = [load_audio(wav) for wav, _ in clips]
    joined = np.concatenate([np.concatenate([a, np.zeros(SAMPLE_RATE // 2, np.float32)]) for a in audios])
    total_audio = sum(len(a) for a in audios) / SAMPLE_RATE
    rows = []
    for beam in beams:
        transcriber.options = TranscribeOptions(beam_size=beam)
        errors = WERResult(0, 0, 0, 0)
        per_clip = []
        for audio, (_, reference) in zip(audios, clips):
            times = []
            for _ in range(repeats):
                result = transcriber.transcribe(audio)
                times.append(result.elapsed_s)
            per_clip.append(statistics.median(times))
            errors = errors + word_errors(reference, result.text)
        joined_times = []
        for _ in range(repeats):
            joined_result = transcriber.transcribe(joined)
            joined_times.append(joined_result.elapsed_s)
        joined_s = statistics.median(joined_times)
        reference_all = " ".join(r for _, r in clips)
        rows.append({
            "model": name, "beam": beam, "load_s": load_s, "size_mb": transcriber.model_info.size_mb,
            "wer": errors.wer, "errors": errors,
            "joined_wer": word_errors(reference_all, joined_result.text).wer,
            "clip_xrt": total_audio / sum(per_clip), "clip_latency_s": statistics.median(per_clip),
            "joined_xrt": (len(joined) / SAMPLE_RATE) / joined_s, "joined_s": joined_s,
            "audio_s": total_audio, "joined_audio_s": len(joined) / SAMPLE_RATE, "clips": len(clips),
        })
        print(f"{name:8s} beam {beam}: WER {errors.wer:6.1%} ({errors.errors}/{errors.reference_words}) | "
              f"per clip {rows[-1]['clip_xrt']:5.1f}x RT (median {rows[-1]['clip_latency_s']:.2f} s/clip) | "
              f"joined {rows[-1]['joined_xrt']:5.1f}x RT, WER {rows[-1]['joined_wer']:.1%} | load {load_s:.2f} s")
    return rows


def bench_end_of_turn(n: int, patience: float) -> dict:
    """Real-time answers (TTS speech with 1 s think-pauses) through a FileMicrophone on the real
    clock: how long after the last speech sample is the transcript ready?"""
    from audio.clock import RealClock
    from audio.endpointing import EndpointingOptions
    from audio.file_devices import FileMicrophone
    from audio.listen import ListenOptions, capture_answer
    from audio.tts import CANDIDATE_VOICE, Synthesizer
    from audio.wav import resample

    sentences = [
        "First I would scope the problem with the engineering lead.",
        "Then I would look at the dashboards for the slowest endpoints.",
        "We would agree on one metric and a guardrail before we ship.",
        "If the error rate goes up, we roll back the release right away.",
        "Finally I would write down what we learned and share it with the team.",
    ]
    transcriber = Transcriber()
    transcriber.warmup()
    tts = Synthesizer(CANDIDATE_VOICE)
    rng = np.random.default_rng(0)
    beyond, finalize, wall_after_speech = [], [], []
    try:
        for i in range(n):
            picked = rng.choice(len(sentences), size=int(rng.integers(1, 4)), replace=False)
            parts = []
            for k, j in enumerate(picked):
                chunk = tts.render(sentences[j])
                speech = resample(chunk.samples, chunk.sample_rate, SAMPLE_RATE)
                loud = np.flatnonzero(np.abs(speech) > 0.01)
                parts += [np.zeros(SAMPLE_RATE if k else SAMPLE_RATE // 2, np.float32), speech[loud[0]: loud[-1] + 1]]
            audio = np.concatenate(parts)
            mic = FileMicrophone(audio, clock=RealClock(), trailing_silence_s=patience + 1.0)
            options = ListenOptions(endpointing=EndpointingOptions(patience_s=patience))
            start = time.monotonic()
            answer = capture_answer(mic, transcriber, options)
            done = time.monotonic() - start
            t = answer.timings
            beyond.append(t["beyond_patience_s"])
            finalize.append(t["finalize_s"])
            wall_after_speech.append(done - len(audio) / SAMPLE_RATE)
            print(f"  answer {i + 1:2d}: {len(audio) / SAMPLE_RATE:4.1f} s, transcript ready "
                  f"{t['last_speech_to_transcript_s']:.2f} s after the last speech "
                  f"(patience {patience} s, +{t['beyond_patience_s']:.3f} s), {int(t['stretches'])} stretches")
    finally:
        tts.close()

    def pct(values: list[float], q: float) -> float:
        return float(np.percentile(values, q))

    return {"n": n, "patience": patience,
            "beyond_p50": pct(beyond, 50), "beyond_p95": pct(beyond, 95), "beyond_max": max(beyond),
            "finalize_p50": pct(finalize, 50), "finalize_p95": pct(finalize, 95),
            "wall_p50": pct(wall_after_speech, 50), "wall_p95": pct(wall_after_speech, 95)}


def render_section(rows: list[dict], eot: dict | None, load: tuple[float, float, float]) -> str:
    cpu = platform.processor() or platform.machine()
    lines = [
        SECTION,
        "",
        f"Machine: {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, CTranslate2 int8 on CPU; "
        f"load average during the run {load[0]:.1f} (shared machine: figures vary run to run).",
        f"Data: the {rows[0]['clips']} LibriVox clips of the `pocketsphinx` sdist "
        f"({rows[0]['audio_s']:.1f} s of real human speech, {rows[0]['errors'].reference_words} words). "
        "Options as in the app: `vad_filter`, no conditioning on previous text, word timestamps.",
        "Command: `.venv/bin/python bench/stt_bench.py --eot 10 --write`.",
        "",
        "| model | beam | WER | × real time, per clip | median time per 3-7 s clip | × real time, joined ~27 s | load |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['model']} ({r['size_mb']:.0f} MB) | {r['beam']} | {r['wer']:.1%} "
            f"({r['errors'].errors}/{r['errors'].reference_words}) | {r['clip_xrt']:.1f}× | "
            f"{r['clip_latency_s']:.2f} s | {r['joined_xrt']:.1f}× | {r['load_s']:.2f} s |")
    lines += [
        "",
        "Whisper pads every call to a 30 s window, so a short clip costs nearly as much as a long one:",
        "the per-clip speed is what a spoken answer's stretches see, the joined one what a long",
        "recording sees. The reader's own slip that the reference keeps (\"a more a amiable\") costs",
        "every model one error; tiny.en's other two are \"ill disposed\" heard as \"old-sposed\".",
        "On short clips beam 1 saves little (the encoder and the word-timestamp alignment dominate);",
        "on a long recording decoding weighs more and beam 1 is clearly faster, at the same WER here.",
    ]
    if eot:
        lines += [
            "",
            f"**End of turn** ({eot['n']} TTS answers with 1 s think-pauses, streamed at real-time speed, "
            f"patience {eot['patience']} s, tiny.en beam 5): the transcript is ready "
            f"{eot['beyond_p50'] * 1000:.0f} ms (p50) / {eot['beyond_p95'] * 1000:.0f} ms (p95) after the "
            f"patience expires (max {eot['beyond_max'] * 1000:.0f} ms): stretches are transcribed in the "
            "background while the candidate speaks and pauses, so the end of the turn rarely waits for "
            f"the model (finalize p50 {eot['finalize_p50'] * 1000:.0f} ms, p95 {eot['finalize_p95'] * 1000:.0f} ms).",
        ]
    return "\n".join(lines) + "\n"


def write_section(section: str) -> None:
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmark results\n"
    pattern = re.compile(rf"^{re.escape(SECTION)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(text):
        text = pattern.sub(lambda _: section + "\n", text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text.rstrip("\n") + "\n")
    print(f"updated the {SECTION!r} section of {RESULTS}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--beams", default="1,5")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--models", default="tiny.en,base", help="models to try (missing ones are skipped)")
    parser.add_argument("--eot", type=int, default=0, help="number of real-time end-of-turn answers")
    parser.add_argument("--patience", type=float, default=1.5)
    parser.add_argument("--write", action="store_true", help="update bench/RESULTS.md")
    args = parser.parse_args(argv)
    clips = _clips()
    beams = [int(b) for b in args.beams.split(",")]
    rows = []
    for name in args.models.split(","):
        try:
            resolve_model(name)
        except ModelNotFoundError as exc:
            print(f"skipping {name}: {exc}")
            continue
        rows += bench_model(name, beams, clips, args.repeats)
    eot = bench_end_of_turn(args.eot, args.patience) if args.eot else None
    if eot:
        print(f"end of turn: +{eot['beyond_p50']:.3f} s p50, +{eot['beyond_p95']:.3f} s p95 beyond the patience")
    section = render_section(rows, eot, os.getloadavg())
    print()
    print(section)
    if args.write:
        write_section(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
