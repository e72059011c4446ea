"""The calibration set (tests/data/calibration.yaml) and its benchmark's figures.

The full figures live in bench/RESULTS.md (`bench/calibration_bench.py`); these tests check that the
set is the one issue 8 asks for, that cue words alone cannot rank it, and that the metrics are right.
"""
from __future__ import annotations

import importlib.util
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("calibration_bench", ROOT / "bench/calibration_bench.py")
cb = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = cb  # dataclasses look their module up while the file runs
_spec.loader.exec_module(cb)


@pytest.fixture(scope="module")
def cal(bank):
    return cb.load_set(bank=bank)


def test_set_has_40_questions_across_all_nine_categories(cal, bank):
    assert len(cal.questions) >= 40
    assert {q.category for q in cal.questions} == {q.category for q in bank.values()}
    assert len({q.id for q in cal.questions}) == len(cal.questions), "a question appears twice"


def test_every_adversarial_kind_is_represented(cal):
    kinds = Counter(a.kind for q in cal.questions for a in q.adversarial)
    assert set(kinds) == set(cb.ADVERSARIAL_KINDS)
    assert min(kinds.values()) >= 3, kinds


def test_the_cases_from_issue_8_are_in_the_set(cal):
    by_id = {q.id: q for q in cal.questions}
    story = by_id["disagreed_with_engineering"].answers
    assert "she was right, and i was solving the wrong problem" in story["strong"].lower()
    assert "agreed to push the launch" in story["weak"]
    assert by_id["significant_tradeoff_decision"].answers["weak"].startswith(
        "We had a tradeoff once about performance versus features")
    assert any(a.kind == "off_topic" and "cache" in a.text for a in by_id["rate_limiting_spec"].adversarial)


def _cue_hits(bank, qid: str, text: str) -> int:
    t = " " + " ".join(re.sub(r"[^a-z0-9 ]+", " ", text.lower()).split()) + " "
    return sum(f" {c.lower()} " in t for a in bank[qid].areas_to_cover for c in a.cues)


def test_cue_words_alone_cannot_rank_the_set(cal, bank):
    """Counting the bank's cue words orders fewer than half the pairs right: a grader must read meaning."""
    right = sum(_cue_hits(bank, q.id, q.answers[hi]) > _cue_hits(bank, q.id, q.answers[lo])
                for q in cal.questions for hi, lo in cb.PAIRS)
    assert right / (len(cal.questions) * len(cb.PAIRS)) < 0.5


def test_length_alone_cannot_meet_the_target(cal):
    """Some weak answers ramble on: rewarding length misses the 95 % pair target and the adversarial rule."""
    def words(text: str) -> int:
        return len(text.split())

    right = sum(words(q.answers[hi]) > words(q.answers[lo]) for q in cal.questions for hi, lo in cb.PAIRS)
    assert right / (len(cal.questions) * len(cb.PAIRS)) < cb.PAIR_TARGET
    assert any(words(a.text) > words(q.answers["medium"]) for q in cal.questions for a in q.adversarial)


def test_offline_grading_of_the_set_is_deterministic(cal):
    sample = cb.CalibrationSet(cal.level, cal.questions[:: len(cal.questions) // 6])
    grader = cb.AnswerGrader(sample.level)
    first = cb._dumps(cb.score_set(sample, grader.grade)[1])
    assert first == cb._dumps(cb.score_set(sample, grader.grade)[1])


def test_spearman_matches_known_values():
    assert cb.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert cb.spearman([1, 2, 3, 4], [40, 30, 20, 10]) == pytest.approx(-1.0)
    # ties share their average rank: ranks (1.5, 1.5, 3) against (1, 2, 3)
    assert cb.spearman([1, 2, 3], [5, 5, 9]) == pytest.approx(0.8660254)
    assert cb.spearman([1, 2, 3], [7, 7, 7]) == 0.0


def test_ties_count_as_misordered_and_adversarial_must_be_strictly_below_medium():
    q = cb.CalibrationQuestion("q", "?", "c", {"strong": "", "medium": "", "weak": ""})
    salad = cb.Adversarial("salad", "")
    rep = cb.evaluate([cb.QuestionScores(q, {"strong": 60, "medium": 60, "weak": 10}, [(salad, 60)])])
    assert (rep.pairs_ok, rep.pairs_total) == (2, 3)
    assert rep.pair_misses == ["q: strong 60 <= medium 60"]
    assert rep.adversarial_misses == ["q: salad 60 >= medium 60"]


def test_the_held_out_set_is_apart_from_the_main_set_and_spans_the_categories(cal, bank):
    """tests/data/calibration_holdout.yaml guards against tuning the grader to the main set's phrasing:
    its questions are none of the main set's, and it reaches every category."""
    held = cb.load_set(ROOT / "tests/data/calibration_holdout.yaml", bank=bank)
    assert len(held.questions) >= 10
    assert not {q.id for q in held.questions} & {q.id for q in cal.questions}
    assert {q.category for q in held.questions} == {q.category for q in bank.values()}


def test_the_bench_grades_a_set_named_on_the_command_line_and_rejects_a_missing_one(tmp_path, capsys):
    with pytest.raises(SystemExit) as missing:
        cb.main(["--set", str(tmp_path / "nope.yaml"), "--once"])
    assert missing.value.code == 2
    assert "nope.yaml" in capsys.readouterr().err
    one = tmp_path / "one.yaml"
    one.write_text((ROOT / "tests/data/calibration_holdout.yaml").read_text().split("\n  - id: hard_feedback")[0])
    assert cb.main(["--set", str(one), "--once"]) == 0
    assert "calibration (offline, one.yaml): 1 questions, 4 answers" in capsys.readouterr().out
