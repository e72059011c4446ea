"""Evidence on point (issue 8, section 5): a quote stands under a strength or a signal only when that
sentence shows it, and what the answer plainly did is never listed as missing.

The answers are written in natural words: they show scoping, figures, a halting line and a
rollback without the rubric's cue phrases, and they carry sentences that sit next to an indicator
without showing it ("whoever is on call can switch it off" is no on-call load; "one customer's
batch job" is no figure). The first answer is the one the lead typed when the defects were seen.
"""
from __future__ import annotations

from collections import Counter

from agent.grading import grade_session
from agent.grading.text import cited
from agent.grading.transcript import TranscriptFile, transcript_session
from agent.report.markdown import render_markdown
from agent.report.view import build_view

# The lead's typed answer to rate_limiting_spec.
LEAD = (
    "First I'd find out who is hurting today. If one customer's batch job is hammering us and slowing everyone else "
    "down, that's a fairness problem, and the answer looks different than if we're protecting the database from a "
    "launch spike. I'd scope the first version to per-key limits on the public endpoints, with a token bucket so "
    "short bursts are fine. In the spec I'd write the numbers down: the limiter itself has to add less than five "
    "milliseconds at p99, it must keep working if its Redis cluster is down, failing open for paying customers, and "
    "every rejection returns a 429 with a Retry-After header so client libraries can back off. I'd also ask for a "
    "dashboard of who is being throttled before we turn enforcement on, and run it in log-only mode for two weeks."
)
FAIRNESS = "If one customer's batch job is hammering us"
# The same question answered by someone else, in other words.
OTHER = (
    "Before picking an algorithm, I'd want to learn which callers are suffering right now and what we're really "
    "guarding: the shared database, or our cloud bill. A single tenant running a nightly export shouldn't starve "
    "everybody else, so this is about fairness as much as protection. I'd give every key its own allowance, with some "
    "headroom for bursts. The spec would pin the figures: the check must cost under three milliseconds at p99, and a "
    "key gets roughly two hundred requests a second. If the limiter misbehaves, whoever is on call can switch it off "
    "from the admin page. Rejected calls get a clear error that says when to try again, so the SDKs can wait politely "
    "instead of hammering us."
)
# A migration told with its halting line and the way back, never saying "rollback" or "revert".
MIGRATION = (
    "I owned the move of our customer notes from the old Mongo cluster to Postgres at a small CRM company. Before the "
    "switch, the on-call engineer and I agreed that if more than half a percent of note reads came back empty, we'd "
    "point the app back at Mongo, which kept receiving every write the whole time. We moved ten percent of accounts on "
    "a Tuesday. Within an hour empty reads hit two percent, so I made the call and we were back on Mongo in about "
    "fifteen minutes. It turned out notes with emoji were being cut off by a column encoding setting. After fixing it "
    "we moved everyone over two weeks, and empty reads stayed at zero."
)
# Lines that sound like something and show nothing, around one that names a real cost.
THIN = ("We talked about risks and made sure we had a plan. Everyone was aligned in the end. Every extra alert we add "
        "wakes somebody up at three in the morning, and that wear on the team is a cost we have to count.")
# The candidate's own part told through what they did ("I bought", "ran", "sent"), never "my role".
OWN_PART = (
    "Our image uploads at a photo-printing startup were failing for about one in twenty customers, because the resize "
    "service ran out of memory on large phone pictures. The two backend engineers were deep in the code, so I bought a "
    "week of a profiling tool's trial, ran it against a copy of production traffic and sent them the three worst "
    "files. They found that every upload was decoded twice. After the fix, failed uploads fell to one in five "
    "hundred, and since then I ask for a load test with real customer files before any change to that service."
)
STAMP = "2026-01-01T00:00:00+00:00"


def graded(bank, rubric, items: list[tuple[str, str]]):
    tf = TranscriptFile(level="senior", turns=[{"question": bank[q].text, "answer": a} for q, a in items])
    session, questions = transcript_session(tf, rubric, bank, "senior")
    return session, grade_session(session, rubric, "senior", bank=bank, questions=questions, created_at=STAMP)


def strength(g, indicator: str):
    return next((p for p in g.strengths if p.indicator == indicator), None)


def never_missing(g, rubric, indicator: str) -> bool:
    """Neither an improvement nor a gap of any signal names the indicator."""
    desc = next(i.description for s in rubric.signals for i in s.indicators if i.id == indicator)
    return (all(p.indicator != indicator for p in g.improvements)
            and all(desc not in gap for s in g.signals for gap in s.gaps))


def test_figures_back_reasoning_in_numbers_and_a_fairness_sentence_does_not(bank, rubric):
    for answer, figures in ((LEAD, "five milliseconds at p99"), (OTHER, "three milliseconds at p99")):
        _, g = graded(bank, rubric, [("rate_limiting_spec", answer)])
        numbers = strength(g, "numbers_with_units")
        assert numbers is not None and figures in numbers.quote, g.strengths
        assert not any(p.quote.startswith(FAIRNESS) for p in g.strengths if p.indicator == "numbers_with_units")


def test_scoping_said_in_plain_words_is_credited_not_listed_as_missing(bank, rubric):
    for answer, scoping in ((LEAD, "First I'd find out who is hurting today."),
                            (OTHER, "Before picking an algorithm, I'd want to learn which callers")):
        _, g = graded(bank, rubric, [("rate_limiting_spec", answer)])
        assert never_missing(g, rubric, "scopes_before_solving"), (g.improvements, g.signals[0].gaps)
        fluency = next(s for s in g.signals if s.id == "system_fluency")
        assert any(e.quote.startswith(scoping) for e in fluency.evidence), fluency.evidence


def test_one_sentence_is_not_the_evidence_of_every_signal(bank, rubric):
    for answer in (LEAD, OTHER):
        _, g = graded(bank, rubric, [("rate_limiting_spec", answer)])
        under = Counter(e.quote for s in g.signals for e in s.evidence)
        assert max(under.values()) == 1, under  # a rich answer has a sentence of its own for each signal
        assert sum(q.startswith(FAIRNESS) for q in under.elements()) <= 1


def test_being_on_call_is_not_on_call_load(bank, rubric):
    _, g = graded(bank, rubric, [("rate_limiting_spec", OTHER)])
    assert strength(g, "operational_cost") is None
    assert not any("on call" in p.quote for p in g.strengths), g.strengths


def test_a_rollout_with_a_halting_line_and_a_way_back_earns_its_strength(bank, rubric):
    _, g = graded(bank, rubric, [("migration_rollback", MIGRATION)])
    rollback = strength(g, "rollback_and_halt")
    assert rollback is not None and "hit two percent" in rollback.quote, g.strengths
    assert never_missing(g, rubric, "rollback_and_halt")


def test_a_part_told_through_what_i_did_is_not_left_out(bank, rubric):
    _, g = graded(bank, rubric, [("technical_challenge_overcome", OWN_PART)])
    said = [p.text for p in g.improvements + g.next_steps] + [x for s in g.signals for x in s.gaps]
    assert not any("personal role" in x or "steps they took" in x for x in said), said


def test_general_lines_back_nothing(bank, rubric):
    _, g = graded(bank, rubric, [("rate_limiting_spec", THIN)])
    quoted = [e.quote for s in g.signals for e in s.evidence] + [p.quote for p in g.strengths]
    assert not any(q.startswith(("We talked about risks", "Everyone was aligned")) for q in quoted), quoted
    assert not g.strengths  # nothing here is a strength; the one concrete line shows a cost, not a habit


def test_a_long_sentence_is_quoted_with_an_ellipsis_where_it_was_cut(bank, rubric):
    session, g = graded(bank, rubric, [("rate_limiting_spec", LEAD)])
    said = session.turns[0].transcript
    quotes = [e.quote for s in g.signals for e in s.evidence] + [p.quote for p in g.strengths]
    assert all(q in said for q in quotes)  # stored quotes stay the candidate's exact words
    assert not any(q.endswith("if its Redis") for q in quotes)  # cut at a clause, never mid-clause
    session.grade = g
    report = render_markdown(build_view(session))
    assert "failing open for paying customers…”" in report


def test_cited_marks_only_real_cuts():
    said = "We kept the old path. It ran for a week, and nobody noticed the switch, which was the point."
    assert cited("We kept the old path.", said) == "We kept the old path."
    assert cited("It ran for a week,", said) == "It ran for a week…"
    assert cited("and nobody noticed the switch, which was the point.", said) == \
        "…and nobody noticed the switch, which was the point."
    assert cited("I would start there", "I would start there") == "I would start there"  # the whole answer
