"""The shipped bank, flows and rubrics: enough questions, every category, valid cross-references."""
from collections import Counter

from question_flows import CATEGORIES, load_bank, load_flows
from rubrics import LEVELS, get_rubric, load_rubrics


def test_bank_has_ninety_questions_covering_every_category():
    bank = load_bank()
    assert len(bank) >= 90
    per_category = Counter(q.category for q in bank.values())
    assert set(per_category) == set(CATEGORIES)
    assert min(per_category.values()) >= 8


def test_questions_reference_real_signals_and_areas():
    signals = {s.id for s in get_rubric("tpm_scorecard").signals}
    for q in load_bank().values():
        assert set(q.signals) <= signals, q.id
        assert any(f.probe for f in q.follow_ups), f"{q.id} has no generic probe"


def test_flows_include_the_rounds_of_a_tpm_loop():
    flows = load_flows()
    assert flows["recruiter_screen"].duration_min == 30
    assert flows["hiring_manager_case"].duration_min == 75
    assert flows["system_design"].duration_min == 90
    assert flows["cross_functional_panel"].duration_min == 60
    assert flows["quick_practice"].duration_min == 10
    assert {"behavioral", "ai_literacy"} <= set(flows)
    rubrics = load_rubrics()
    assert all(f.rubric in rubrics for f in flows.values())


def test_scorecard_weights_follow_the_seed_for_mid_and_senior():
    rubric = get_rubric("tpm_scorecard")
    mid = {s.id: s.weights["mid"] for s in rubric.signals}
    senior = {s.id: s.weights["senior"] for s in rubric.signals}
    assert mid == {"system_fluency": 25, "eng_trust": 25, "tradeoff_execution": 25, "platform_api_data": 15, "leadership_ai": 10}
    assert senior == {"system_fluency": 25, "eng_trust": 20, "tradeoff_execution": 20, "platform_api_data": 20, "leadership_ai": 15}
    for rubric in load_rubrics().values():
        for level in LEVELS:
            assert sum(s.weights[level] for s in rubric.signals) == 100
        assert {b.level for b in rubric.level_bars} == set(LEVELS)
