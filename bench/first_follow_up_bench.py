"""The offline brain's first follow-up decision: what an empty embedding cache costs, and where.

The live PulseAudio runs once waited 20-26 s before their first follow-up. Their HOME was a temp
folder, so the embedding disk cache (`make setup` fills it with the bank's texts) was empty, and
the first follow-up embedded the whole bank on the reply path. Each case runs in a fresh process
(quick_practice, the live scenario's first answer) and times the graph step that picks the
follow-up:

- warm:      the disk cache `make setup` filled (a desk);
- cold:      an empty cache, no warm-up: what the live rig did before (the bank on the reply path);
- cold+warm-up: an empty cache, the brain's warm-up (model and bank) given ``--lead`` seconds
  first, as the first question and answer give it in a live run.

Usage: .venv/bin/python bench/first_follow_up_bench.py [--lead 30] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time, threading, sqlite3
sys.path.insert(0, sys.argv[1])
warm_up, lead = sys.argv[2] == "1", float(sys.argv[3])
import agent.brain.offline as offline
if not warm_up:
    offline.warm_up_in_background = lambda: None
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.types import Command
from agent.graph import build_graph
from agent.state import Answer
from question_flows import get_flow, load_bank
flow, bank = get_flow("quick_practice"), load_bank()
brain = offline.OfflineBrain()
started = time.perf_counter()
while warm_up and time.perf_counter() - started < lead and any(
        t.name == "meaning-warm-up" for t in threading.enumerate()):
    time.sleep(0.1)
warm_up_s = time.perf_counter() - started
graph = build_graph(flow, bank, brain, SqliteSaver(sqlite3.connect(":memory:", check_same_thread=False)))
config = {"configurable": {"thread_id": "bench"}}
graph.invoke({"flow_id": flow.id, "level": "mid", "seed": 0, "pinned": [], "prefer": [], "exchanges": [],
              "decisions": []}, config)
answer = Answer(transcript="I would start with the users and the goal, then sketch the main services, the data "
                "store and the cache, and name the trade offs on latency and cost.", duration_s=10.0,
                prompt_duration_s=5.0, ended_by="answer").model_dump()
t0 = time.perf_counter()
graph.invoke(Command(resume=answer), config)
print(json.dumps({"first_follow_up_s": time.perf_counter() - t0, "waited_for_warm_up_s": warm_up_s}))
"""


def run_case(name: str, cache: str | None, warm_up: bool, lead: float) -> dict:
    env = dict(os.environ)
    if cache is not None:
        env["INTERVIEW_EMBEDDINGS_DIR"] = cache
    out = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), "1" if warm_up else "0", str(lead)],
                         env=env, capture_output=True, text=True, check=True, timeout=900)
    result = {"case": name, **json.loads(out.stdout.strip().splitlines()[-1])}
    print(f"{name:14s} first follow-up {result['first_follow_up_s']:6.2f} s"
          + (f"  (after {result['waited_for_warm_up_s']:.1f} s of warm-up)" if warm_up else ""))
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lead", type=float, default=30.0, help="seconds the warm-up gets (first question + answer)")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    print(f"load average: {os.getloadavg()[0]:.1f} / {os.getloadavg()[1]:.1f} / {os.getloadavg()[2]:.1f}")
    results = [run_case("warm", None, True, args.lead)]
    with tempfile.TemporaryDirectory() as cold:
        results.append(run_case("cold", cold, False, args.lead))
    with tempfile.TemporaryDirectory() as cold:
        results.append(run_case("cold+warm-up", cold, True, args.lead))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
