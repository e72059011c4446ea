"""Turn latency of a scripted interview played at real-time speed (offline brain).

Latency of a turn: from the last speech sample of the candidate's answer to the first sample of
the interviewer's next line. It includes the end-of-turn patience (silence the candidate is given
to continue), transcribing the tail, saving the turn, the graph's decision and synthesising the
first sentence; the figure that matters is what comes on top of the patience.

Usage: .venv/bin/python bench/turn_latency_bench.py [--turns 24] [--patience 1.5]
"""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import yaml

ANSWERS = [
    "I'd first check which endpoints and which users are slow, and compare the traces before and after the release.",
    "I would roll back behind the feature flag while we keep digging on the old build.",
    "We'd add a latency alert on the p ninety nine and ship every release as a canary first.",
    "I'd trade the new feature for a week, because slow checkout costs more than a late launch.",
    "It's fixed when tail latency stays under two hundred and fifty milliseconds through a full peak day.",
    "I'd ask whether it has to break at all, and look at the usage logs to see who calls it.",
    "We'd ship it as version two and keep version one running for six months with a clear sunset date.",
    "A weekly dashboard of traffic per API key shows who has migrated and who needs a call.",
    "Short scheduled brownouts flush out the integrations nobody remembers owning.",
    "Success means no customer outage at the cutoff and support tickets back to their baseline.",
]


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    k = (len(xs) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--turns", type=int, default=24)
    ap.add_argument("--patience", type=float, default=1.5)
    ap.add_argument("--keep", type=Path, help="keep the session folder here")
    args = ap.parse_args()
    from agent.cli import main as interview

    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "script.yaml"
        script.write_text(yaml.safe_dump({
            "flow": "system_design", "level": "senior",
            "questions": ["latency_regression", "api_breaking_change", "caching_tradeoffs",
                          "batch_vs_stream_ingest", "rate_limiting_spec", "event_stream_vs_sync", "url_shortener"],
            "answers": [{"text": ANSWERS[i % len(ANSWERS)]} for i in range(args.turns + 1)],
        }))
        folder = args.keep or Path(tmp) / "s"
        started = time.perf_counter()
        rc = interview(["run", "--script", str(script), "--session-dir", str(folder), "--realtime",
                        "--patience", str(args.patience)])
        wall = time.perf_counter() - started
        assert rc == 0
        turns = json.loads((folder / "session.json").read_text())["turns"]
    gaps = [t["latency"]["reply_after_speech_s"] for t in turns if "reply_after_speech_s" in t["latency"]]
    beyond = [g - args.patience for g in gaps]
    tails = [t["latency"].get("finalize_s", 0.0) for t in turns if t["via"] == "audio"]
    result = {
        "turns_measured": len(gaps), "patience_s": args.patience,
        "reply_after_last_speech_p50_s": round(statistics.median(gaps), 3),
        "reply_after_last_speech_p95_s": round(percentile(gaps, 0.95), 3),
        "beyond_patience_p50_s": round(statistics.median(beyond), 3),
        "beyond_patience_p95_s": round(percentile(beyond, 0.95), 3),
        "stt_tail_after_end_of_turn_p50_s": round(statistics.median(tails), 3),
        "session_wall_s": round(wall, 1),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
