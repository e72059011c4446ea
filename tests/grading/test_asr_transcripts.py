"""Grading what Whisper heard, not what the candidate meant to say.

The sessions in fixtures/asr_sessions.yaml are real scripted runs through TTS and Whisper tiny.en:
"cache" arrives as "cash", "stale" as "tail", "p ninety-nine" as "behind the high", commas stand
where the speaker paused. On-topic answers must still earn credit, a strong answer that was
misrecognised must still beat a weak one typed cleanly, and an empty last turn is no turn at all.
"""
from __future__ import annotations

import pytest
import yaml

from agent.coverage import NormalisedText, covered_areas, cue_in, normalise
from agent.grading import grade_session
from agent.grading.gaming import is_salad
from agent.grading.indicators import specificity
from agent.grading.offline import prepare
from agent.session import Segment, Session, Turn

from .conftest import ANSWERS, HERE, session_of

ASR: dict[str, dict] = yaml.safe_load((HERE / "fixtures" / "asr_sessions.yaml").read_text())
STAMP = "2026-01-01T00:00:00+00:00"


def asr_session(name: str, *, clean: bool = False, only: set[str] | None = None, drop_empty: bool = False) -> Session:
    """The recorded session as Turn/Segment objects; clean=True puts back the words that were said."""
    turns = []
    for i, t in enumerate(ASR[name]["turns"]):
        if only and t["question_id"] not in only:
            continue
        segs = [Segment(start=a, end=b, text=" " + text) for a, b, text in t.get("segments", [])]
        transcript = " ".join(s.text.strip() for s in segs) or t.get("typed", "")
        if clean and "said" in t:
            transcript, segs = t["said"], []
        if drop_empty and not transcript:
            continue
        turns.append(Turn(index=i, kind=t["kind"], question_id=t["question_id"], prompt_text=t["prompt"],
                          transcript=transcript, segments=segs, ended_by=t.get("ended_by", "answer"),
                          via="audio" if segs else "text", started_at=STAMP))
    return Session(id=name, flow="test", level=ASR[name]["level"], turns=turns, started_at=STAMP)


def grade(bank, rubric, session: Session, level: str | None = None):
    return grade_session(session, rubric, level or session.level, bank=bank, created_at=STAMP)


def test_short_misrecognised_answers_on_topic_earn_credit(bank, rubric):
    session = asr_session("short_answers")
    g = grade(bank, rubric, session)
    flagged = {(f.turn, f.kind) for f in g.flags}
    assert flagged == {(2, "off_topic")}, flagged  # a caching answer to a behavioural question
    credited = {a.sentence.turn for ta in prepare(session, rubric, bank).analyses for a in ta.credited}
    assert credited == {0, 1}
    fluency = next(s for s in g.signals if s.id == "system_fluency")
    assert fluency.score > 0 and {e.turn for e in fluency.evidence} == {0, 1}
    assert g.overall > 0
    for e in fluency.evidence:
        assert e.quote in session.turns[e.turn].transcript


def test_an_empty_last_turn_is_ignored(bank, rubric):
    with_empty = grade(bank, rubric, asr_session("short_answers"))
    without = grade(bank, rubric, asr_session("short_answers", drop_empty=True))
    assert with_empty.model_dump_json() == without.model_dump_json()
    assert all(f.turn != 3 for f in with_empty.flags)


def test_strong_senior_answers_survive_recognition(bank, rubric):
    heard = grade(bank, rubric, asr_session("system_design_demo"))
    said = grade(bank, rubric, asr_session("system_design_demo", clean=True))
    assert not heard.flags
    assert heard.overall >= 72 and heard.recommendation in ("hire", "strong hire")  # the senior bar
    assert heard.overall >= said.overall - 8, (heard.overall, said.overall)


def test_quick_practice_answers_survive_recognition(bank, rubric):
    heard = grade(bank, rubric, asr_session("quick_practice"))
    said = grade(bank, rubric, asr_session("quick_practice", clean=True))
    assert not heard.flags
    assert heard.overall >= 60 and abs(heard.overall - said.overall) <= 8, (heard.overall, said.overall)


@pytest.mark.parametrize("qid", ["latency_regression", "api_breaking_change"])
def test_misrecognised_strong_answer_beats_clean_weak_and_medium_ones(bank, rubric, qid):
    main_only = asr_session("system_design_demo", only={qid})
    main_only.turns = main_only.turns[:1]  # the main answer alone, as the clean ones are
    strong_heard = grade(bank, rubric, main_only, "mid").overall
    medium = grade(bank, rubric, session_of(bank, [(qid, ANSWERS[qid]["medium"])])).overall
    weak = grade(bank, rubric, session_of(bank, [(qid, ANSWERS[qid]["weak"])])).overall
    assert strong_heard > medium > weak, (strong_heard, medium, weak)


@pytest.mark.parametrize("heard, meant", [
    ("we put a cash in front of it", "we put a cache in front of it"),
    ("the B99 latency went up", "the p99 latency went up"),
    ("the 99% tile latency went up", "the p99 latency went up"),
    ("the p ninety-nine latency went up", "the p99 latency went up"),
    ("we wrote a sequel query", "we wrote a sql query"),
])
def test_misrecognised_words_read_as_meant(heard, meant):
    assert normalise(heard) == normalise(meant)
    assert specificity(heard, normalise(heard)) == specificity(meant, normalise(meant))


def test_spoken_numbers_count_as_numbers():
    for text in ("reads outnumber writes a hundred to one", "stale prices never last more than a minute",
                 "a six-fold slow down near checkout"):
        assert "number" in specificity(text, normalise(text)), text
    assert "number" not in specificity("we met one to one", normalise("we met one to one"))


def test_cue_matching_tolerates_word_forms_but_not_fragments(bank):
    areas = bank["caching_tradeoffs"].areas_to_cover
    assert "staleness_invalidation" in covered_areas("the tradeoff is freshness against latency", areas)
    assert "staleness_invalidation" in covered_areas("the trap is staleness", areas)
    assert "staleness_invalidation" in covered_areas("work out in validation when something changes", areas)
    assert not cue_in("versioning", NormalisedText.of("want conversion on the affected endpoints back"))
    assert cue_in("microservices", NormalisedText.of("we split it into micro services"))


def test_commas_where_the_speaker_paused_are_not_keyword_salad():
    assert not is_salad("First, I'd size it, is the jump on every endpoint, or just a few,")
    assert not is_salad("The trade-off is freshness against latency, and I would pick latency for browsing pages.", 4)
    assert is_salad("Datadog, p99, tail latency, blast radius, rollback, feature flag, canary, tracing.")
