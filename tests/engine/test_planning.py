"""Question choice: category counts, level filter, no repeats, pinned questions first, seeded."""
from collections import Counter

import pytest

from agent.errors import UserError
from agent.planning import plan_questions
from question_flows import load_bank, load_flows

BANK = load_bank()
FLOWS = load_flows()


@pytest.mark.parametrize("flow_id", sorted(FLOWS))
@pytest.mark.parametrize("level", ["associate", "mid", "senior", "staff"])
def test_every_flow_gets_its_category_counts_at_every_level(flow_id, level):
    flow = FLOWS[flow_id]
    plan = plan_questions(flow, BANK, level, seed=3)
    assert len(plan) == len(set(plan)), "a question is asked twice"
    assert Counter(BANK[q].category for q in plan) == Counter(flow.categories)
    assert all(level in BANK[q].levels for q in plan)


def test_categories_come_in_the_flow_order():
    flow = max(FLOWS.values(), key=lambda f: len(f.categories))
    plan = plan_questions(flow, BANK, "mid", seed=0)
    seen = [BANK[q].category for q in plan]
    assert list(dict.fromkeys(seen)) == list(flow.categories)


def test_same_seed_same_plan_and_seeds_vary_the_questions():
    flow = FLOWS["system_design"]
    assert plan_questions(flow, BANK, "senior", seed=11) == plan_questions(flow, BANK, "senior", seed=11)
    plans = {tuple(plan_questions(flow, BANK, "senior", seed=s)) for s in range(6)}
    assert len(plans) > 1


def test_pinned_questions_come_first_and_count_against_their_category():
    flow = FLOWS["system_design"]
    pinned = ["latency_regression", "api_breaking_change"]
    plan = plan_questions(flow, BANK, "senior", seed=0, pinned=pinned)
    assert plan[:2] == pinned
    assert len(plan) == flow.question_count or len(plan) == flow.question_count + sum(
        1 for q in pinned if BANK[q].category not in flow.categories)
    assert len(plan) == len(set(plan))


def test_unknown_pinned_question_is_a_user_error():
    with pytest.raises(UserError, match="unknown question id 'no_such_question'"):
        plan_questions(FLOWS["system_design"], BANK, "mid", 0, pinned=["no_such_question"])
