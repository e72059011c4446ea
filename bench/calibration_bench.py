"""Calibration: does a grader rank answers the way a human interviewer would?

    .venv/bin/python bench/calibration_bench.py                  # the offline grader, the whole set
    .venv/bin/python bench/calibration_bench.py --set tests/data/calibration_holdout.yaml  # the held-out set
    .venv/bin/python bench/calibration_bench.py --brain llm --base-url http://127.0.0.1:8765/v1 \
        --model qwen2.5-coder-1.5b-instruct --questions ID,ID --grades llm.jsonl  # the LLM brain on a few questions

Every answer in the set (default tests/data/calibration.yaml) is graded alone, as a one-turn
transcript, through the same calls as `interview grade transcript.yaml`; its score is the grade's overall (0-100). Reported:
  - pairwise ordering accuracy over the strong>medium, medium>weak and strong>weak pairs (a tie fails),
  - Spearman correlation between the intended order (weak 0, medium 1, strong 2) and the scores,
    pooled over all answers and averaged per question,
  - adversarial answers (salad, injection, off-topic, fluff, padded) NOT strictly below their
    question's medium answer (target: none),
  - determinism: everything graded twice gives byte-identical grades (offline only; skip with --once).
Exit status 1 when the run misses a target (--check): pairs >= 95 %, no adversarial at or above
medium, deterministic.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from agent.grading import grade_session  # noqa: E402
from agent.grading.transcript import TranscriptFile, transcript_session  # noqa: E402
from agent.session import Grade  # noqa: E402
from question_flows import Question, load_bank  # noqa: E402
from rubrics import get_rubric  # noqa: E402

SET_FILE = ROOT / "tests/data/calibration.yaml"
TIERS = ("strong", "medium", "weak")
PAIRS = (("strong", "medium"), ("medium", "weak"), ("strong", "weak"))
ADVERSARIAL_KINDS = ("salad", "injection", "off_topic", "fluff", "padded")
FIXED_TIME = "2026-01-01T00:00:00+00:00"  # every grade stamped alike, so two runs compare byte for byte
PAIR_TARGET = 0.95


@dataclass(frozen=True)
class Adversarial:
    kind: str
    text: str


@dataclass(frozen=True)
class CalibrationQuestion:
    id: str
    question: str
    category: str
    answers: dict[str, str]  # tier -> answer
    adversarial: tuple[Adversarial, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class CalibrationSet:
    level: str
    questions: tuple[CalibrationQuestion, ...]


def load_set(path: Path = SET_FILE, bank: dict[str, Question] | None = None) -> CalibrationSet:
    """The set, checked against the bank: a bad entry fails loudly, naming the question."""
    bank = load_bank() if bank is None else bank
    raw = yaml.safe_load(path.read_text())
    out = []
    for entry in raw["questions"]:
        qid = entry["id"]
        if qid not in bank:
            raise ValueError(f"{path}: question {qid!r} is not in the bank")
        answers = entry["answers"]
        if set(answers) != set(TIERS):
            raise ValueError(f"{path}: {qid}: answers must be exactly {', '.join(TIERS)}")
        adv = tuple(Adversarial(a["kind"], a["text"]) for a in entry.get("adversarial") or ())
        for a in adv:
            if a.kind not in ADVERSARIAL_KINDS:
                raise ValueError(f"{path}: {qid}: unknown adversarial kind {a.kind!r}")
        out.append(CalibrationQuestion(qid, entry.get("question") or bank[qid].text, bank[qid].category,
                                       {t: answers[t].strip() for t in TIERS}, adv, entry.get("note", "")))
    return CalibrationSet(raw.get("level", "mid"), tuple(out))


class AnswerGrader:
    """Grades one answer as a one-turn transcript, exactly as `interview grade FILE` does."""

    def __init__(self, level: str, brain: Any = None, rubric_id: str = "tpm_scorecard") -> None:
        self.level = level
        self.brain = brain
        self.rubric = get_rubric(rubric_id)
        self.bank = load_bank()

    def grade(self, q: CalibrationQuestion, answer: str) -> Grade:
        tf = TranscriptFile.model_validate(
            {"level": self.level, "turns": [{"question": q.question, "question_id": q.id, "answer": answer}]})
        session, questions = transcript_session(tf, self.rubric, self.bank, self.level, q.id)
        return grade_session(session, self.rubric, self.level, self.brain, bank=self.bank, questions=questions,
                             created_at=FIXED_TIME)


@dataclass
class QuestionScores:
    question: CalibrationQuestion
    tiers: dict[str, int]
    adversarial: list[tuple[Adversarial, int]] = field(default_factory=list)


def score_set(cal: CalibrationSet, grade: Callable[[CalibrationQuestion, str], Grade],
              on_answer: Callable[[str], None] | None = None) -> tuple[list[QuestionScores], list[Grade]]:
    """Scores per question, and every grade in order (for the determinism and fallback checks)."""
    results, grades = [], []

    def one(q: CalibrationQuestion, label: str, text: str) -> int:
        g = grade(q, text)
        grades.append(g)
        if on_answer:
            on_answer(f"{q.id}/{label}: {g.overall} ({g.brain})")
        return g.overall

    for q in cal.questions:
        qs = QuestionScores(q, {t: one(q, t, q.answers[t]) for t in TIERS})
        qs.adversarial = [(a, one(q, a.kind, a.text)) for a in q.adversarial]
        results.append(qs)
    return results, grades


# ---- metrics ---------------------------------------------------------------------------------

def _ranks(xs: list[float]) -> list[float]:
    """1-based ranks, ties sharing their average rank."""
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    ranks = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float:
    """Spearman's rho (Pearson on average ranks); 0 when either side has no spread."""
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = statistics.fmean(rx), statistics.fmean(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    return cov / (vx * vy) ** 0.5 if vx and vy else 0.0


@dataclass
class Report:
    questions: int
    answers: int
    pairs_ok: int
    pairs_total: int
    pair_misses: list[str]
    spearman_pooled: float
    spearman_per_question: float
    adversarial_total: int
    adversarial_misses: list[str]

    @property
    def pair_accuracy(self) -> float:
        return self.pairs_ok / self.pairs_total if self.pairs_total else 0.0


def evaluate(results: list[QuestionScores]) -> Report:
    ok, total, misses = 0, 0, []
    intended, scores, per_q = [], [], []
    adv_total, adv_misses = 0, []
    for r in results:
        s = r.tiers
        for hi, lo in PAIRS:
            total += 1
            if s[hi] > s[lo]:
                ok += 1
            else:
                misses.append(f"{r.question.id}: {hi} {s[hi]} <= {lo} {s[lo]}")
        ranks = [2 - TIERS.index(t) for t in TIERS]
        intended += ranks
        scores += [s[t] for t in TIERS]
        per_q.append(spearman(ranks, [s[t] for t in TIERS]))
        for a, score in r.adversarial:
            adv_total += 1
            if score >= s["medium"]:
                adv_misses.append(f"{r.question.id}: {a.kind} {score} >= medium {s['medium']}")
    return Report(len(results), len(scores) + adv_total, ok, total, misses, spearman(intended, scores),
                  statistics.fmean(per_q) if per_q else 0.0, adv_total, adv_misses)


def format_report(rep: Report, label: str, seconds: float, deterministic: bool | None,
                  set_name: str = SET_FILE.name) -> str:
    lines = [
        f"calibration ({label}, {set_name}): {rep.questions} questions, {rep.answers} answers graded in {seconds:.1f} s",
        f"  pairwise ordering   {rep.pairs_ok}/{rep.pairs_total} = {100 * rep.pair_accuracy:.1f} %"
        f"  (target >= {100 * PAIR_TARGET:.0f} %)",
        f"  Spearman            pooled {rep.spearman_pooled:.3f}, mean per question {rep.spearman_per_question:.3f}",
        f"  adversarial >= medium  {len(rep.adversarial_misses)}/{rep.adversarial_total}  (target 0)",
    ]
    if deterministic is not None:
        lines.append(f"  deterministic       {'yes' if deterministic else 'NO: two runs differ'}")
    if rep.pair_misses:
        lines.append("  misordered pairs:")
        lines += [f"    {m}" for m in rep.pair_misses]
    if rep.adversarial_misses:
        lines.append("  adversarial not below medium:")
        lines += [f"    {m}" for m in rep.adversarial_misses]
    return "\n".join(lines)


def _dumps(grades: list[Grade]) -> list[str]:
    return [g.model_dump_json() for g in grades]


def _label(q: CalibrationQuestion, text: str) -> str:
    return next((t for t in TIERS if q.answers[t] == text), None) or next(a.kind for a in q.adversarial if a.text == text)


def _writing_grades(grade: Callable[[CalibrationQuestion, str], Grade], path: Path
                    ) -> Callable[[CalibrationQuestion, str], Grade]:
    """`grade`, also appending each grade to `path` at once, so a long LLM run that is stopped keeps what it made."""
    path.write_text("")

    def graded(q: CalibrationQuestion, text: str) -> Grade:
        t0 = time.perf_counter()
        g = grade(q, text)
        row = {"question": q.id, "answer": _label(q, text), "seconds": round(time.perf_counter() - t0, 1),
               "grade": g.model_dump(mode="json")}
        with path.open("a") as f:
            f.write(json.dumps(row) + "\n")
        return g

    return graded


def _brain(args: argparse.Namespace):
    if args.brain == "offline":
        return None
    from agent.brain.llm import LLMBrain
    from agent.llm.config import LLMConfig

    return LLMBrain(LLMConfig(model=args.model, base_url=args.base_url, timeout_s=args.timeout, judge_asks=args.asks))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--set", type=Path, default=SET_FILE, metavar="FILE",
                   help="calibration set to grade (default tests/data/calibration.yaml; the held-out set is "
                        "tests/data/calibration_holdout.yaml)")
    p.add_argument("--brain", choices=("offline", "llm"), default="offline")
    p.add_argument("--base-url", default="http://127.0.0.1:8765/v1", help="OpenAI-compatible server (--brain llm)")
    p.add_argument("--model", default="qwen2.5-coder-1.5b-instruct", help="model name (--brain llm)")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds per LLM request (--brain llm)")
    p.add_argument("--limit", type=int, help="grade only the first N questions (the LLM is slow on 2 cores)")
    p.add_argument("--questions", metavar="ID,ID", help="grade only these questions")
    p.add_argument("--asks", type=int, default=3, help="LLM asks per signal, median kept (--brain llm; default 3)")
    p.add_argument("--once", action="store_true", help="skip the second run (the determinism check)")
    p.add_argument("--verbose", action="store_true", help="print each answer's score as it is graded")
    p.add_argument("--json", type=Path, metavar="FILE", help="also write every score and the figures to FILE")
    p.add_argument("--grades", type=Path, metavar="FILE",
                   help="also write each whole grade, as it is made, to FILE (JSON lines), to read them as a coach would")
    p.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = p.parse_args(argv)

    if not args.set.is_file():
        p.error(f"--set: no such file: {args.set}")
    try:
        cal = load_set(args.set)
    except (ValueError, KeyError, TypeError, yaml.YAMLError) as e:
        p.error(f"--set {args.set}: {e}")
    if args.questions:
        wanted = args.questions.split(",")
        unknown = set(wanted) - {q.id for q in cal.questions}
        if unknown:
            p.error(f"--questions: not in the set: {', '.join(sorted(unknown))}")
        cal = CalibrationSet(cal.level, tuple(q for q in cal.questions if q.id in wanted))
    if args.limit:
        cal = CalibrationSet(cal.level, cal.questions[: args.limit])
    grader = AnswerGrader(cal.level, _brain(args))
    grade = grader.grade if args.grades is None else _writing_grades(grader.grade, args.grades)
    t0 = time.perf_counter()
    results, grades = score_set(cal, grade, (lambda s: print(" ", s, flush=True)) if args.verbose else None)
    seconds = time.perf_counter() - t0
    deterministic = None
    if not args.once and args.brain == "offline":
        deterministic = _dumps(score_set(cal, grader.grade)[1]) == _dumps(grades)
    rep = evaluate(results)
    label = "offline" if args.brain == "offline" else f"llm {args.model}, {args.asks} asks per signal"
    print(format_report(rep, label, seconds, deterministic, args.set.name))
    fell_back = sum(g.brain == "offline" for g in grades) if args.brain == "llm" else 0
    if fell_back:
        print(f"  WARNING: {fell_back} of {len(grades)} answers were graded offline (the LLM fell back): "
              "these figures are not the LLM's")
    if args.json:
        args.json.write_text(json.dumps({
            "brain": label, "pair_accuracy": rep.pair_accuracy, "spearman_pooled": rep.spearman_pooled,
            "spearman_per_question": rep.spearman_per_question, "adversarial_misses": rep.adversarial_misses,
            "scores": {r.question.id: {**r.tiers, "adversarial": [[a.kind, s] for a, s in r.adversarial]}
                       for r in results},
        }, indent=2))
    missed = rep.pair_accuracy < PAIR_TARGET or rep.adversarial_misses or deterministic is False
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
