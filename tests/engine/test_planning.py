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


def test_pinned_questions_come_first_and_take_the_flows_places():
    flow = FLOWS["system_design"]
    pinned = ["latency_regression", "api_breaking_change"]
    plan = plan_questions(flow, BANK, "senior", seed=0, pinned=pinned)
    assert plan[:2] == pinned
    assert len(plan) == flow.question_count and len(plan) == len(set(plan))


def test_a_warm_up_with_two_questions_pinned_asks_those_two():
    """Two tradeoff questions pinned on the two-question warm-up (system + story): the interview
    keeps its length instead of adding the flow's own picks after them."""
    pinned = ["halt_rollout_metric", "microservices_vs_monolith"]
    assert plan_questions(FLOWS["quick_practice"], BANK, "senior", seed=0, pinned=pinned) == pinned
    many = ["halt_rollout_metric", "microservices_vs_monolith", "latency_regression"]
    assert plan_questions(FLOWS["quick_practice"], BANK, "senior", seed=0, pinned=many) == many


def test_unknown_pinned_question_is_a_user_error():
    with pytest.raises(UserError, match="unknown question id 'no_such_question'"):
        plan_questions(FLOWS["system_design"], BANK, "mid", 0, pinned=["no_such_question"])
