"""Offline grading time of a 45-minute session (target: under 1 s).

    .venv/bin/python bench/grade_bench.py [--repeat N]

The session is built from the grading tests' answers: 12 main questions from the bank with two
follow-ups each (36 answers), about 30 minutes of candidate speech at ~140 wpm with word
timestamps, plus the interviewer's prompts: 45 minutes in all.
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import yaml

from agent.grading import compute_delivery, grade_session
from agent.session import Segment, Session, Turn, Word
from question_flows import load_bank
from rubrics import get_rubric

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = yaml.safe_load((ROOT / "tests/grading/fixtures/answers.yaml").read_text())
WPS = 140 / 60


def _segments(text: str, t0: float) -> tuple[list[Segment], float]:
    import re

    segs, t = [], t0
    for sent in re.split(r"(?<=[.!?])\s+", text.strip()):
        words = []
        for w in sent.split():
            words.append(Word(start=round(t, 2), end=round(t + 0.35, 2), word=" " + w))
            t += 1 / WPS
        segs.append(Segment(start=words[0].start, end=words[-1].end, text=" " + sent, words=words))
        t += 0.4
    return segs, t


def build_session(minutes: float = 45.0) -> Session:
    bank = load_bank()
    qids = sorted(ANSWERS)
    extra = [q for q in sorted(bank) if q not in ANSWERS]
    turns: list[Turn] = []
    spoken = 0.0
    n = 0
    i = 0
    while spoken < minutes * 60:
        qid = qids[i % len(qids)] if i < len(qids) else extra[i % len(extra)]
        own = ANSWERS.get(qid) or ANSWERS[qids[i % len(qids)]]
        for kind, text in (("question", own["strong"]), ("follow_up", own["medium"]), ("follow_up", own["weak"])):
            # Stretch each answer to a realistic length (~50 s of speech) with fresh sentences.
            body = f"{text} In short, for question {i + 1} my point is the one I just made, with the numbers I gave."
            n += 1
            segs, end = _segments(body, 0.6)
            prompt_s = 12.0
            turns.append(Turn(index=n, kind=kind, question_id=qid, prompt_text=bank[qid].text if kind == "question"
                              else "Can you say more?", transcript=body, segments=segs, duration_s=end,
                              prompt_duration_s=prompt_s, started_at=""))
            spoken += end + prompt_s
        i += 1
    return Session(id="bench", flow="system_design", level="senior", turns=turns, started_at="")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    t0 = time.perf_counter()
    bank, rubric = load_bank(), get_rubric("tpm_scorecard")
    load_s = time.perf_counter() - t0
    session = build_session()
    words = sum(len(t.transcript.split()) for t in session.turns)
    minutes = sum(t.duration_s + t.prompt_duration_s for t in session.turns) / 60
    times, dtimes = [], []
    for _ in range(args.repeat):
        t = time.perf_counter()
        g = grade_session(session, rubric, "senior", bank=bank, created_at="bench")
        times.append(time.perf_counter() - t)
        t = time.perf_counter()
        compute_delivery(session)
        dtimes.append(time.perf_counter() - t)
    print(f"session: {len(session.turns)} answers, {words} words, {minutes:.1f} min (answers + prompts)")
    print(f"bank+rubric load: {load_s:.3f} s (once per process)")
    print(f"offline grade: first call {times[0]:.3f} s (cold caches), median {statistics.median(times):.3f} s, "
          f"max {max(times):.3f} s over {args.repeat} runs (overall {g.overall}, {g.recommendation})")
    print(f"delivery: median {statistics.median(dtimes) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
