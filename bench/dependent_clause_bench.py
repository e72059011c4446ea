"""How often the "only a dependent clause" cue (audio/turn_cues.py) calls a finished sentence
unfinished: every sentence of the calibration answers (written, finished) and of the real
tiny.en transcripts in tests/grading/fixtures/asr_sessions.yaml, each read as the last sentence
said at a pause. A sentence it flags would wait up to 4 s instead of ~0.6 s. Usage:
    .venv/bin/python bench/dependent_clause_bench.py [--verbose]
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audio.turn_cues import SUBORDINATORS, dependent_clause_only  # noqa: E402
from audio.wer import normalize_text  # noqa: E402

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+")


def calibration_answers(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text())
    return [text for q in data["questions"]
            for text in [*q["answers"].values(), *(a["text"] for a in q.get("adversarial", []))]]


def transcribed_answers(path: Path) -> list[str]:
    sessions = yaml.safe_load(path.read_text())
    return [" ".join(seg[2] for seg in turn.get("segments") or [])
            for session in sessions.values() for turn in session["turns"]]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    sets = {
        "calibration.yaml": calibration_answers(ROOT / "tests/data/calibration.yaml"),
        "calibration_holdout.yaml": calibration_answers(ROOT / "tests/data/calibration_holdout.yaml"),
        "asr_sessions.yaml (tiny.en)": transcribed_answers(ROOT / "tests/grading/fixtures/asr_sessions.yaml"),
    }
    for name, answers in sets.items():
        sentences = [s for a in answers for s in _SENTENCE_END.split(a.strip()) if s.strip()]
        opened = [s for s in sentences if any(normalize_text(s)[: len(o.split())] == o.split() for o in SUBORDINATORS)]
        flagged = [s for s in sentences if dependent_clause_only(s)]
        print(f"{name}: {len(sentences)} sentences, {len(opened)} open with a subordinator, "
              f"{len(flagged)} called unfinished")
        for s in flagged if args.verbose else []:
            print("   ", s)


if __name__ == "__main__":
    main()
