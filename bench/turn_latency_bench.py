"""Turn latency of a scripted interview played at real-time speed (offline brain).

Latency of a turn: from the last speech sample of the candidate's answer to the first sample of
the interviewer's next line. It includes the silence the end of turn waits (judged per pause by
default; ``--patience S`` for a fixed one), transcribing the tail, saving the turn, the graph's
decision and synthesising the first sentence.

Answers are complete thoughts: espeak speaking ANSWERS (judged on the words alone, as scripted
runs judge the TTS voice), or with ``--human`` the LibriVox clips of real speech (judged by the
smart-turn model and the words).

Usage: .venv/bin/python bench/turn_latency_bench.py [--turns 24] [--human] [--patience S]
"""
from __future__ import annotations

import argparse
import importlib.util
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


def answers(n: int, human: bool) -> list[dict]:
    if not human:
        return [{"text": ANSWERS[i % len(ANSWERS)]} for i in range(n)]
    spec = importlib.util.spec_from_file_location("data_fetch", Path(__file__).resolve().parents[1] / "tests" / "data_fetch.py")
    data_fetch = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(data_fetch)
    clips = [str(wav) for wav, _ in data_fetch.librivox_clips()]
    if not clips:
        raise SystemExit("no LibriVox clips: run .venv/bin/python tests/data_fetch.py")
    return [{"audio": clips[i % len(clips)]} for i in range(n)]


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    k = (len(xs) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (k - lo)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--turns", type=int, default=24)
    ap.add_argument("--patience", type=float, default=None, help="a fixed patience instead of judging each pause")
    ap.add_argument("--human", action="store_true", help="answer with the LibriVox clips (tests/data_fetch.py)")
    ap.add_argument("--keep", type=Path, help="keep the session folder here")
    args = ap.parse_args()
    from agent.cli import main as interview

    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "script.yaml"
        script.write_text(yaml.safe_dump({
            "flow": "system_design", "level": "senior",
            "questions": ["latency_regression", "api_breaking_change", "caching_tradeoffs",
                          "batch_vs_stream_ingest", "rate_limiting_spec", "event_stream_vs_sync", "url_shortener"],
            "answers": answers(args.turns + 1, args.human),
        }))
        folder = args.keep or Path(tmp) / "s"
        started = time.perf_counter()
        rc = interview(["run", "--script", str(script), "--session-dir", str(folder), "--realtime"]
                       + ([] if args.patience is None else ["--patience", str(args.patience)]))
        wall = time.perf_counter() - started
        assert rc == 0
        turns = json.loads((folder / "session.json").read_text())["turns"]
    gaps = [t["latency"]["reply_after_speech_s"] for t in turns if "reply_after_speech_s" in t["latency"]]
    waited = [t["latency"]["end_of_turn_delay_s"] for t in turns if "end_of_turn_delay_s" in t["latency"]]
    tails = [t["latency"].get("finalize_s", 0.0) for t in turns if t["via"] == "audio"]
    judge = [t["latency"]["judge_s"] for t in turns if t["latency"].get("judge_s")]
    result = {
        "turns_measured": len(gaps), "answers": "LibriVox (human)" if args.human else "espeak",
        "end_of_turn": "judged" if args.patience is None else f"fixed {args.patience} s",
        "reply_after_last_speech_p50_s": round(statistics.median(gaps), 3),
        "reply_after_last_speech_p95_s": round(percentile(gaps, 0.95), 3),
        "silence_waited_p50_s": round(statistics.median(waited), 3),
        "silence_waited_p95_s": round(percentile(waited, 0.95), 3),
        "judging_a_pause_p50_s": round(statistics.median(judge), 3) if judge else None,
        "stt_tail_after_end_of_turn_p50_s": round(statistics.median(tails), 3),
        "session_wall_s": round(wall, 1),
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
