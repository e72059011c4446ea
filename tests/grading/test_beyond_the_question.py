"""An answer earns credit for what it adds to the question, not for saying the question back.

The answers here are written for these tests (not taken from the calibration sets), in the plain
words a candidate uses: restating the question ranks below a thin but real answer, and plain
specifics (a figure, a consequence, a decision) count without the rubric's cue words.
"""
from __future__ import annotations

from agent.grading import grade_session
from agent.grading.offline import prepare
from agent.grading.indicators import specificity
from agent.grading.story import story_shape

from .conftest import session_of


def _overall(bank, rubric, qid: str, answer: str) -> int:
    return grade_session(session_of(bank, [(qid, answer)]), rubric, "mid", bank=bank).overall


def _credited(bank, rubric, qid: str, answer: str):
    (ta,) = prepare(session_of(bank, [(qid, answer)]), rubric, bank).analyses
    return ta


def test_saying_the_question_back_covers_none_of_its_areas(bank, rubric):
    ta = _credited(bank, rubric, "load_balancer_basics", "A load balancer is there to balance the load.")
    assert [a.areas for a in ta.sentences] == [()]


def test_the_questions_own_words_show_no_indicator_and_name_no_system(bank, rubric):
    ta = _credited(bank, rubric, "context_window_effect",
                   "The size of the context window really matters for the product, it is a big deal.")
    (row,) = ta.sentences
    asked = {"context window", "window", "context"}
    assert not any(h.cue.lower() in asked for h in row.hits), row.hits
    assert "named_system" not in specificity("We put a load balancer in front.", "",
                                             "What does a load balancer do?")
    assert "named_system" in specificity("We put a load balancer in front.", "", "How would you scale a web app?")


def test_a_restated_question_ranks_below_a_thin_but_real_answer(bank, rubric):
    cases = {
        "load_balancer_basics": (
            "It spreads incoming requests over several servers and stops sending traffic to one that stops "
            "answering, so one crash doesn't take the site down.",
            "A load balancer balances the load, which is important. Without one, the load is not balanced and "
            "things can go wrong.",
        ),
        "tech_debt_sprint": (
            "I'd ask them which part of the code slows them down most, and offer a fifth of each sprint "
            "instead of a whole sprint, so features keep moving.",
            "Tech debt versus features is a classic tension. Tech debt matters and features matter too, so I'd "
            "balance the two and make sure everyone is aligned.",
        ),
    }
    for qid, (plain, restated) in cases.items():
        assert _overall(bank, rubric, qid, plain) > _overall(bank, rubric, qid, restated), qid


def test_plain_figures_consequences_and_decisions_are_specific():
    assert "number" in specificity("Add three more servers during a sale and it starts using them.")
    assert "number" in specificity("Seven characters give you trillions of codes.")
    assert "reason" in specificity("It hands each request to one of them, so no single server drowns.")
    assert "action" in specificity("I'd pick weekly users who open an old photo.")


def test_learning_trying_and_feeling_are_not_actions_done():
    assert "action" not in specificity("In the end I learned a lot and tried my best.")
    assert not story_shape(["I learned a lot about teamwork.", "I tried to keep everyone happy."]).own_action
    assert story_shape(["I rewrote the spec over the weekend."]).own_action


def test_a_story_squarely_on_the_question_in_its_own_words_is_not_off_topic(bank, rubric):
    # No word from the grader's list of work words ("product", "team", "data"...), but plainly the story asked for.
    story = ("We had to choose between annual billing up front or monthly invoices for our new plan. Finance's "
             "report said monthly payers churned twice as fast, but when I matched it against the payment "
             "processor's records, a third of those churned accounts were failed card payments, not cancellations. "
             "So I trusted the processor's numbers, and we kept monthly invoices with card retries, and churn fell "
             "by a quarter over two months.")
    ta = _credited(bank, rubric, "data_informed_decision", story)
    assert not ta.flags, ta.flags
    assert _overall(bank, rubric, "data_informed_decision", story) > 40
