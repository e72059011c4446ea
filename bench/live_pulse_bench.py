"""Turn-taking of a live `interview run` through a real PulseAudio server, measured from the audio.

A private PulseAudio daemon (tests/live/pulse_rig.py) gives the run a speaker (null sink) and a
microphone (the monitor of a second null sink). The candidate's answers (espeak-ng) are played
into it with paplay; both sinks are recorded with parecord on one clock. Per run (quick_practice,
offline brain, 4 answers: one after a 3 s microphone stall, one talking over the question):

- reply gap: end of the candidate's sound -> the interviewer's first sound (perceived turn-taking);
- barge-in stop: the candidate's first sound over the question -> the interviewer's sound ends
  (includes the 0.5 s of speech that confirms a barge-in; "beyond confirmation" subtracts it);
- what the agent itself recorded (turn.latency reply_after_speech_s, barge_in_stop_s) and the
  stall events.

Usage: .venv/bin/python bench/live_pulse_bench.py [--runs 2] [--json out.json]
Skipped (exit 0, with the reason) when pulseaudio cannot start.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from audio.listen import BargeInOptions  # noqa: E402
from tests.live.pulse_rig import PulseServer, PulseUnavailable, live_answers, run_live_interview  # noqa: E402


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    k = (len(xs) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def summary(name: str, xs: list[float]) -> str:
    if not xs:
        return f"{name}: none"
    return (f"{name}: n={len(xs)} p50={percentile(xs, 0.5):.2f} s p95={percentile(xs, 0.95):.2f} s "
            f"min={min(xs):.2f} max={max(xs):.2f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    gaps, agent_gaps, stops, agent_stops, stalls, failures = [], [], [], [], [], 0
    with tempfile.TemporaryDirectory(prefix="live-pulse-") as tmp:
        root = Path(tmp)
        try:
            server = PulseServer(root / "pulse").start()
        except PulseUnavailable as exc:
            print(f"skipped: {exc}")
            return 0
        try:
            answers = live_answers(root)
            for i in range(args.runs):
                run = run_live_interview(server, answers, root / f"session-{i}")
                if run.returncode != 0:
                    failures += 1
                    print(f"run {i}: exit {run.returncode}: {run.stderr.strip().splitlines()[-1:]}")
                    continue
                session = run.session()
                gaps += run.reply_gaps()
                stops += run.barge_in_stops()
                for turn in session["turns"]:
                    lat = turn["latency"]
                    if "barge_in_stop_s" in lat:
                        agent_stops.append(lat["barge_in_stop_s"])
                    elif "reply_after_speech_s" in lat:
                        agent_gaps.append(lat["reply_after_speech_s"])
                stalls += [e["message"] for e in session["events"] if e["kind"].startswith("microphone_")]
                print(f"run {i}: reply gaps {[round(float(g), 2) for g in run.reply_gaps()]}, "
                      f"barge-in stops {[round(float(s), 2) for s in run.barge_in_stops()]}")
        finally:
            server.stop()
    confirm = BargeInOptions().min_speech_s
    print(f"load: {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f} (1/5/15 min)")
    print(summary("reply gap, from the recordings", gaps))
    print(summary("reply gap, as the agent timed it (reply_after_speech_s)", agent_gaps))
    print(summary("barge-in stop from the candidate's onset, recorded", stops))
    print(summary(f"barge-in stop beyond the {confirm} s confirmation, recorded", [s - confirm for s in stops]))
    print(summary("barge-in stop as the agent timed it (stop call)", agent_stops))
    print(f"microphone events: {stalls}")
    print(f"failed runs: {failures}/{args.runs}")
    if args.json:
        args.json.write_text(json.dumps({"reply_gaps": gaps, "agent_reply_gaps": agent_gaps,
                                         "barge_in_stops": stops, "agent_barge_in_stops": agent_stops,
                                         "events": stalls, "failures": failures}, indent=2))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
