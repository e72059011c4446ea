"""espeak render latency of the interviewer's first sentence: this TTS worker against another
revision's, in turns, so the machine's load falls on both alike.

The first sentence of a line is what the candidate waits for after the brain has answered (the
rest renders while it plays). Each line is asked for after a short pause, as in a run, with the
candidate's voice rendered in between; last, whether the same text renders to the same samples
twice (a worker whose renders depend on earlier ones does not).

Usage: .venv/bin/python bench/tts_render_bench.py --against REV [--rounds 6]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "bench")]

import audio.tts as tts  # noqa: E402
from audio.tts import CANDIDATE_VOICE, INTERVIEWER_VOICE, Synthesizer, split_sentences  # noqa: E402
from tts_bench import interviewer_lines, pct  # noqa: E402


def one_round(worker: Path, lines: list[str]) -> tuple[list[float], bool]:
    tts._WORKER = worker
    synth = Synthesizer(INTERVIEWER_VOICE)
    try:
        synth.start()
        synth.render("Warm up.")
        times = []
        for line in lines:
            time.sleep(0.3)  # a run asks after the candidate has spoken, not back to back
            started = time.perf_counter()
            synth.render(line)
            times.append(time.perf_counter() - started)
            synth.render("Okay.", CANDIDATE_VOICE)
        first, again = synth.render(lines[0]).samples, synth.render(lines[0]).samples
        return times, bool(np.array_equal(first, again))
    finally:
        synth.close()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--against", required=True, metavar="REV", help="git revision of the other worker")
    p.add_argument("--rounds", type=int, default=6)
    args = p.parse_args()
    other = Path(tempfile.mkdtemp(prefix="tts-worker-")) / "tts_worker.py"
    other.write_text(subprocess.run(["git", "-C", str(REPO), "show", f"{args.against}:audio/tts_worker.py"],
                                    capture_output=True, text=True, check=True).stdout)
    workers = {args.against: other, "this tree": tts._WORKER}
    lines = [split_sentences(line)[0] for line in interviewer_lines(8)]
    times: dict[str, list[float]] = {name: [] for name in workers}
    repeatable: dict[str, bool] = dict.fromkeys(workers, True)
    loads = []
    for r in range(args.rounds):
        for name in (list(workers) if r % 2 == 0 else list(reversed(workers))):
            got, same = one_round(workers[name], lines)
            times[name] += got
            repeatable[name] &= same
        loads.append(os.getloadavg()[0])
    print(f"{len(lines)} first sentences x {args.rounds} rounds; load {min(loads):.1f}-{max(loads):.1f}")
    print("| worker | render p50 | p90 | mean | same text, same samples |")
    print("|---|---|---|---|---|")
    for name, xs in times.items():
        print(f"| {name} | {statistics.median(xs) * 1000:.0f} ms | {pct(xs, 0.9) * 1000:.0f} ms "
              f"| {statistics.mean(xs) * 1000:.0f} ms | {'yes' if repeatable[name] else 'no'} |")


if __name__ == "__main__":
    main()
