"""The interviewer's two voices on the same lines: espeak-ng (pyttsx3, the default) against piper.

For each engine, through the real Synthesizer and its worker process:
- start: a fresh worker until it answers (piper loads its ONNX model);
- time to first audio: from asking for a line to its first sentence being ready to play (what the
  candidate waits for on top of end of turn and the brain), per line;
- real-time factor: synthesis time / audio duration, per sentence (below 1: faster than it plays);
- the worker's peak memory (VmHWM).

Lines: the interviewer's opening and main questions of the bank, as spoken in a run.

Usage: .venv/bin/python bench/tts_bench.py [--lines 8]
"""
from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path


def interviewer_lines(n: int) -> list[str]:
    from question_flows import load_bank

    return [q.text for q in list(load_bank().values())[:n]]


def peak_rss_mb(pid: int | None) -> float:
    if pid is None:
        return 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(voice, lines: list[str], clause_first: bool = False) -> dict:
    """``clause_first``: start each line with its first clause, as the channel does for piper."""
    from audio.tts import Synthesizer, split_first_clause, split_sentences

    synth = Synthesizer(voice)
    try:
        start_s = synth.start()
        synth.render("Warm up.")  # first inference allocates; a run warms up before its first question too
        first_audio, rtf, audio_s = [], [], 0.0
        for line in lines:
            asked = time.perf_counter()
            pieces = split_sentences(line)
            if clause_first:
                pieces = split_first_clause(pieces[0]) + pieces[1:]
            for i, sentence in enumerate(pieces):
                began = time.perf_counter()
                chunk = synth.render(sentence)
                if i == 0:
                    first_audio.append(time.perf_counter() - asked)
                rtf.append((time.perf_counter() - began) / chunk.duration_s)
                audio_s += chunk.duration_s
        return {"start_s": start_s, "first_audio": first_audio, "rtf": rtf, "audio_s": audio_s,
                "rss_mb": peak_rss_mb(synth.worker_pid)}
    finally:
        synth.close()


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    k = (len(xs) - 1) * p
    lo = int(k)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def main() -> None:
    from audio.tts import INTERVIEWER_VOICE, PIPER_VOICE

    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lines", type=int, default=8, help="interviewer lines to speak (default 8)")
    args = p.parse_args()
    lines = interviewer_lines(args.lines)
    print(f"{len(lines)} lines, {sum(len(line.split()) for line in lines)} words; load {os.getloadavg()[0]:.1f}")
    print("| engine | start | first audio p50 / p90 | real-time factor p50 / p90 | audio | worker peak RSS |")
    print("|---|---|---|---|---|---|")
    for name, voice, clause_first in (("espeak-ng (pyttsx3)", INTERVIEWER_VOICE, False),
                                      ("piper en_US-joe-medium, whole first sentence", PIPER_VOICE, False),
                                      ("piper en_US-joe-medium, first clause first (as run)", PIPER_VOICE, True)):
        r = measure(voice, lines, clause_first)
        print(f"| {name} | {r['start_s']:.2f} s | {statistics.median(r['first_audio']):.2f} s / "
              f"{pct(r['first_audio'], 0.9):.2f} s | {statistics.median(r['rtf']):.2f} / {pct(r['rtf'], 0.9):.2f} "
              f"| {r['audio_s']:.0f} s | {r['rss_mb']:.0f} MB |", flush=True)
    print(f"load after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
