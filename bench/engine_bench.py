"""Engine benchmark: wall time of a 10-question scripted run with text answers (no audio).

Measures the interview engine alone: graph steps with the SQLite checkpointer, the offline brain,
session.json rewrites, grading and reports. Usage: .venv/bin/python bench/engine_bench.py
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

from agent.cli import main
from question_flows import load_bank

ANSWER = ("I would start by asking which users are affected and what the constraint is, then look at the "
          "metrics and traces with the engineers, name the tradeoff, pick a side and say what would flip it, "
          "and plan a rollback with a feature flag if the numbers go the wrong way.")


def ten_questions() -> list[str]:
    """The system design flow's own category mix (7), plus three from other categories."""
    bank = load_bank()
    by_category: dict[str, list[str]] = {}
    for qid, q in sorted(bank.items()):
        if "senior" in q.levels:
            by_category.setdefault(q.category, []).append(qid)
    mix = {"system_architecture": 3, "platform_api_data": 2, "tradeoff_execution": 1, "ai_ml_fluency": 1,
           "technical_fundamentals": 1, "product_sense_diagnosis": 1, "engineering_partnership_behavioral": 1}
    return [qid for cat, n in mix.items() for qid in by_category[cat][:n]]


def main_bench() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "script.yaml"
        pinned = ten_questions()
        script.write_text(yaml.safe_dump({
            "flow": "system_design", "level": "senior", "questions": pinned,
            "answers": [{"text": ANSWER, "via": "text"}] * 60,
        }))
        folder = Path(tmp) / "session"
        t0 = time.perf_counter()
        rc = main(["run", "--script", str(script), "--session-dir", str(folder)])
        wall = time.perf_counter() - t0
        assert rc == 0
        session = json.loads((folder / "session.json").read_text())
    turns = session["turns"]
    questions = [t for t in turns if t["kind"] == "question"]
    return {
        "wall_s": round(wall, 2), "turns": len(turns), "main_questions": len(questions),
        "per_turn_ms": round(1000 * wall / len(turns), 1),
        "pinned_asked": sum(t["question_id"] in pinned for t in questions),
    }


if __name__ == "__main__":
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        result = main_bench()
    print(json.dumps(result))
    bank = load_bank()
    print(json.dumps(Counter(q.category for q in bank.values()), sort_keys=True), file=sys.stderr)
