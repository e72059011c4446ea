"""The meaning layer (agent/meaning): memory, speed, and how well its relevance line is calibrated.

    .venv/bin/python bench/meaning_bench.py

- model: load time, and the resident memory it adds once its weights are paged in;
- follow-up decision: the offline brain's next_step on a fresh answer, the bank already embedded
  (as after `make setup`); target under 100 ms;
- a 45-minute session's answers embedded cold (nothing cached: the cost of grading a transcript
  never seen) and warm (embedded while the interview ran, as a live session does); target for a
  whole grade under 1 s;
- relevance (alone with --relevance): on-topic answers (strong, medium, weak) of tests/data/calibration.yaml
  and calibration_holdout.yaml wrongly called off topic, and off-topic answers caught; on
  tests/data/off_topic.yaml, per half (tune, holdout), off-topic answers caught, drifting on-topic
  answers and short follow-up replies wrongly flagged.
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    from agent.brain.base import FollowUpContext
    from agent.brain.offline import OfflineBrain
    from agent.meaning import relevance, sentences
    from agent.meaning.areas import is_story_question
    from agent.meaning.model import MiniLM
    from agent.meaning.precompute import bank_texts
    from agent.meaning.vectors import embed
    from agent.state import Exchange
    from grade_bench import build_session
    from question_flows import get_flow, load_bank

    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    before = rss_mb()
    t = time.perf_counter()
    model = MiniLM()
    load_s = time.perf_counter() - t
    t = time.perf_counter()
    model.encode(["page the weights in"])
    first_s = time.perf_counter() - t
    print(f"model: load {load_s:.2f} s, first sentence {first_s:.2f} s, +{rss_mb() - before:.0f} MB resident")

    bank, flow = load_bank(), get_flow("system_design")
    embed(bank_texts())  # what `make setup` leaves in the disk cache
    q = bank["latency_regression"]
    brain = OfflineBrain()
    answer = ("I'd look at what shipped last week and pull traces for the slow endpoints. My bet is the new "
              "recommendations call, so I'd put a Redis cache in front of it while we dig in. It's mostly "
              "checkout traffic on mobile, about a third of requests, and support already has complaints.")
    times, cpu = [], []
    for i in range(7):
        fresh = f"{answer} We counted {i + 12} incidents last quarter."  # a sentence never embedded
        ctx = FollowUpContext(question=q, flow=flow, level="senior", follow_ups_asked=0, reprompted=False,
                              question_time_left_s=600, session_time_left_s=3000,
                              turns=[Exchange(turn=0, kind="question", question_id=q.id, text=q.text, transcript=fresh)])
        t, c = time.perf_counter(), time.process_time()
        brain.next_step(ctx)
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    print(f"follow-up decision, one new sentence: median {statistics.median(times) * 1000:.0f} ms "
          f"(CPU {statistics.median(cpu) * 1000:.0f} ms), max {max(times) * 1000:.0f} ms over {len(times)}")

    session = build_session()
    parts = [s for turn in session.turns for s in sentences(turn.transcript)]
    words = sum(len(p.split()) for p in parts)
    t, c = time.perf_counter(), time.process_time()
    model.encode(parts)
    cold_s, cold_cpu = time.perf_counter() - t, time.process_time() - c
    embed(parts)
    t = time.perf_counter()
    embed(parts)
    warm_s = time.perf_counter() - t
    print(f"45-minute session ({len(session.turns)} answers, {len(parts)} sentences, {words} words): "
          f"embedded cold {cold_s:.1f} s (CPU {cold_cpu:.1f} s, {len(parts) / cold_cpu:.0f} sentences per CPU second), "
          f"warm {warm_s * 1000:.1f} ms")

    relevance_figures()


def relevance_figures() -> None:
    """Off-topic recall and false alarms of agent.meaning.relevance, on every set that has them."""
    from agent.meaning import relevance
    from agent.meaning.areas import is_story_question
    from question_flows import load_bank

    bank = load_bank()
    for name in ("calibration.yaml", "calibration_holdout.yaml"):
        data = yaml.safe_load((ROOT / "tests/data" / name).read_text())
        on = flagged = off = caught = 0
        for item in data["questions"]:
            question = bank[item["id"]]
            if is_story_question(question.text):
                continue  # a story on any subject answers a story question: never off topic by subject
            for text in item["answers"].values():
                on += 1
                flagged += relevance(text, question, bank).off_topic
            for adv in item.get("adversarial", []):
                if adv["kind"] == "off_topic":
                    off += 1
                    caught += relevance(adv["text"], question, bank).off_topic
        print(f"relevance on {name}'s non-story questions: {flagged}/{on} on-topic answers called "
              f"off topic, {caught}/{off} off-topic answers caught")
    sets = yaml.safe_load((ROOT / "tests/data/off_topic.yaml").read_text())
    for half, cases in sets.items():
        caught = sum(relevance(c["text"], bank[c["id"]], bank).off_topic for c in cases["off_topic"])
        missed = [c["id"] for c in cases["off_topic"] if not relevance(c["text"], bank[c["id"]], bank).off_topic]
        drifted = sum(relevance(c["text"], bank[c["id"]], bank).off_topic for c in cases["drifting"])
        terse = [c["text"] for c in cases["terse"] if relevance(c["text"], bank[c["id"]], bank).off_topic]
        replies = [(c, relevance(c["reply"], bank[c["id"]], bank, asked=c["asked"], context=[c["answer"]]).off_topic)
                   for c in cases["follow_up"]]
        wrong = sum(flag for c, flag in replies if not c.get("off_topic"))
        right = sum(flag for c, flag in replies if c.get("off_topic"))
        print(f"off_topic.yaml {half}: {caught}/{len(cases['off_topic'])} off-topic answers caught "
              f"(missed: {', '.join(missed) or 'none'}), {drifted}/{len(cases['drifting'])} drifting on-topic "
              f"answers called off topic, {len(terse)}/{len(cases['terse'])} terse on-point answers called off topic"
              f"{' (' + '; '.join(terse) + ')' if terse else ''}, follow-up replies: {wrong}/{sum(not c.get('off_topic') for c, _ in replies)} "
              f"on-point called off topic, {right}/{sum(bool(c.get('off_topic')) for c, _ in replies)} off-topic caught")
    grader_flags(bank, sets)


def grader_flags(bank, sets) -> None:
    """The same answers graded one at a time as `interview grade FILE` does: flagged off topic or not."""
    from calibration_bench import SET_FILE, AnswerGrader, CalibrationQuestion, load_set

    grader = AnswerGrader("mid")

    def flagged(q: CalibrationQuestion | str, text: str) -> bool:
        if isinstance(q, str):
            q = CalibrationQuestion(id=q, question=bank[q].text, category=bank[q].category, answers={})
        return any(f.kind == "off_topic" for f in grader.grade(q, text).flags)

    for path in (SET_FILE, ROOT / "tests/data/calibration_holdout.yaml"):
        cal = load_set(path)
        tiers = [flagged(q, text) for q in cal.questions for text in q.answers.values()]
        offs = [flagged(q, a.text) for q in cal.questions for a in q.adversarial if a.kind == "off_topic"]
        print(f"graded, {path.name} (story questions too): {sum(tiers)}/{len(tiers)} strong/medium/weak answers "
              f"flagged off topic, {sum(offs)}/{len(offs)} off-topic answers flagged")
    for half, cases in sets.items():
        caught = sum(flagged(c["id"], c["text"]) for c in cases["off_topic"])
        drifted = sum(flagged(c["id"], c["text"]) for c in cases["drifting"])
        terse = sum(flagged(c["id"], c["text"]) for c in cases["terse"])
        print(f"graded, off_topic.yaml {half}: {caught}/{len(cases['off_topic'])} off-topic answers flagged, "
              f"{drifted}/{len(cases['drifting'])} drifting answers and {terse}/{len(cases['terse'])} terse ones flagged")


if __name__ == "__main__":
    relevance_figures() if "--relevance" in sys.argv else main()
