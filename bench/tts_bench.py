"""The interviewer's two voices on the same lines: espeak-ng (pyttsx3, the default) against piper.

For each engine, through the real Synthesizer and its worker process:
- start: a fresh worker until it answers (piper loads its ONNX model);
- time to first audio: from asking for a line to its first piece being ready to play (what the
  candidate waits for on top of end of turn and the brain), per line;
- silent gaps: played back to back from the moment each piece is ready, the silence mid-line while
  the next piece is still rendering (a gap of a second sounds like the end of the question);
- real-time factor: synthesis time / audio duration, per sentence (below 1: faster than it plays);
- the worker's peak memory (VmHWM).

Lines: each flow's opening followed by a question, then more questions of the bank.

Usage: .venv/bin/python bench/tts_bench.py [--lines 8]
"""
from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path


def interviewer_lines(n: int) -> list[str]:
    """Each flow's opening with a first question (the longest lines a run speaks), then questions."""
    from question_flows import load_bank, load_flows

    questions = [q.text for q in load_bank().values()]
    openings = [f"{flow.persona.opening.strip()} {q}" for flow, q in zip(load_flows().values(), questions)]
    return (openings + questions[len(openings):])[:n]


def peak_rss_mb(pid: int | None) -> float:
    if pid is None:
        return 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(voice, lines: list[str], as_run: bool = False) -> dict:
    """``as_run``: the line as the channel speaks a piper voice (first clause first, held back until
    the rest can be rendered while it plays); otherwise one sentence after the other."""
    from audio.tts import Synthesizer, split_first_clause, split_sentences, without_gaps

    synth = Synthesizer(voice)
    try:
        start_s = synth.start()
        synth.render("Warm up.")  # first inference allocates; a run warms up before its first question too
        first_audio, gaps, rtf, audio_s = [], [], [], 0.0
        for line in lines:
            pieces = split_sentences(line)
            if as_run:
                pieces = split_first_clause(pieces[0]) + pieces[1:]
            chunks = without_gaps(pieces, synth.render) if as_run else map(synth.render, pieces)
            asked = time.perf_counter()
            plays_until, gap = None, 0.0
            for chunk in chunks:  # played back to back from the moment each is ready
                ready = time.perf_counter() - asked
                if plays_until is None:
                    first_audio.append(ready)
                    plays_until = ready
                gap += max(0.0, ready - plays_until)
                plays_until = max(ready, plays_until) + chunk.duration_s
                rtf.append(chunk.synth_s / chunk.duration_s)
                audio_s += chunk.duration_s
            gaps.append(gap)
        return {"start_s": start_s, "first_audio": first_audio, "gaps": gaps, "rtf": rtf, "audio_s": audio_s,
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
    print("| engine | start | first audio p50 / p90 | silent gaps mid-line (total, max line) "
          "| real-time factor p50 / p90 | audio | worker peak RSS |")
    print("|---|---|---|---|---|---|---|")
    for name, voice, as_run in (("espeak-ng (pyttsx3)", INTERVIEWER_VOICE, False),
                                ("piper, sentence by sentence", PIPER_VOICE, False),
                                ("piper as run: first clause, held until gapless", PIPER_VOICE, True)):
        r = measure(voice, lines, as_run)
        print(f"| {name} | {r['start_s']:.2f} s | {statistics.median(r['first_audio']):.2f} s / "
              f"{pct(r['first_audio'], 0.9):.2f} s | {sum(r['gaps']):.1f} s, {max(r['gaps']):.1f} s "
              f"| {statistics.median(r['rtf']):.2f} / {pct(r['rtf'], 0.9):.2f} "
              f"| {r['audio_s']:.0f} s | {r['rss_mb']:.0f} MB |", flush=True)
    print(f"load after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
