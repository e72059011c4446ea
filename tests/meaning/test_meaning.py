"""The meaning layer on real text: the real all-MiniLM-L6-v2 weights, run by our numpy encoder."""
from __future__ import annotations

import numpy as np
import pytest

from agent.meaning import addresses, embed, relevance, similarity
from agent.meaning.cache import EmbeddingCache
from agent.meaning.model import encoder
from question_flows import load_bank

CACHING_ANSWER = ("I'd put a cache in front of the service. Redis with a short time to live would absorb most of "
                  "the repeated reads, and we'd warm it for the hot keys so the first request isn't slow.")
STORY = ("Two years ago Dana, our lead backend engineer, told me in a retro that my specs were so vague her team "
         "spent the first week of every sprint guessing. Honestly it stung. I started writing a one-page brief "
         "with acceptance criteria and walking the team through it before planning.")


@pytest.fixture(scope="module")
def bank():
    return load_bank()


def test_encoder_reproduces_the_published_model():
    # sentence-transformers' own documentation gives 0.7553 for this pair with all-MiniLM-L6-v2:
    # a wrong tokenizer, activation or pooling moves it by more than the tolerance.
    assert similarity("A man is eating food.", "A man is eating a piece of bread.") == pytest.approx(0.7553, abs=0.005)
    assert similarity("A man is eating food.", "The girl is carrying a baby.") < 0.1


def test_embed_rows_are_unit_length_in_input_order_and_stable():
    texts = ["We shipped the fix behind a flag.", "Latency dropped to 120 ms.", "We shipped the fix behind a flag."]
    rows = embed(texts)
    assert rows.shape == (3, 384) and rows.dtype == np.float32
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(rows[0], rows[2])
    # batch composition does not change a text's vector (padding is masked out)
    alone = encoder().encode([texts[1]])[0]
    assert np.allclose(alone, rows[1], atol=1e-5)


def test_disk_cache_serves_a_second_process_without_the_model(tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_EMBEDDINGS_DIR", str(tmp_path))
    calls: list[list[str]] = []

    def compute(texts):
        calls.append(list(texts))
        return encoder().encode(texts)

    first = EmbeddingCache("test-model", 384, compute).rows(["one answer", "another answer"])
    again = EmbeddingCache("test-model", 384, compute).rows(["another answer", "one answer"])
    assert calls == [["one answer", "another answer"]]
    assert np.array_equal(first[::-1], again)


def test_a_paraphrase_addresses_the_follow_up_without_any_cue_word():
    target = ["How did you react in the moment?", "My first reaction was to get defensive."]
    said = "Honestly, the first thing I felt was annoyance, and I started arguing for my spec."
    unrelated = "We rolled the change out to five percent of traffic and watched the dashboards."
    assert addresses(said, target).hit
    assert not addresses(unrelated, target).hit


def test_a_cue_boosts_but_never_decides_alone():
    target = "How did you react in the moment?"
    with_cue = addresses("I got defensive about the roadmap slide.", target, cues=["defensive"])
    without = addresses("I got defensive about the roadmap slide.", target)
    assert with_cue.cue == "defensive" and with_cue.score > without.score
    off = addresses("The database migration finished on Tuesday.", target, cues=["migration"])
    assert off.cue == "migration" and not off.hit


def test_caching_answer_to_a_rate_limit_question_is_off_topic(bank):
    q = bank["rate_limiting_spec"]
    verdict = relevance(CACHING_ANSWER, q, bank)
    assert verdict.off_topic and verdict.closer_elsewhere == "caching_tradeoffs", verdict
    on = relevance("Each customer gets a token bucket keyed on their API key: a hundred requests a minute, bursts "
                   "up to twice that, and a clear 429 with a retry-after header when they run out.", q, bank)
    assert not on.off_topic, on


def test_short_direct_answer_to_a_follow_up_is_not_off_topic(bank):
    q = bank["hard_feedback_from_engineer"]
    for prompt, answer in (
        ("What was the outcome, in numbers?", "About thirty percent fewer reopened tickets in the first month."),
        ("Did the engineer notice a difference?", "Yes, she told me the next planning session was the first one that ended early."),
    ):
        verdict = relevance(answer, q, bank, asked=prompt, context=[STORY])
        assert not verdict.off_topic, (answer, verdict)


def test_off_topic_follow_up_answer_is_caught(bank):
    verdict = relevance("We should measure the hit rate of the cache and tune eviction so stale data never leaks "
                        "out to users.", bank["hard_feedback_from_engineer"], bank,
                        asked="What did you change afterwards?", context=[STORY])
    assert verdict.off_topic, verdict


def test_a_story_on_any_subject_answers_a_story_question(bank):
    q = bank["technical_challenge_overcome"]
    story = ("Our product pages got slow every evening because the cache kept expiring at once. I worked with "
             "Lena on staggered expiry and a warm-up job, and page time went from four seconds to under one.")
    assert not relevance(story, q, bank).off_topic


def test_a_missing_model_package_is_a_one_line_user_error(monkeypatch):
    import importlib.util

    from agent.errors import UserError
    from agent.meaning.model import MODEL_PACKAGE, model_dir

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == MODEL_PACKAGE else real(name, *a))
    with pytest.raises(UserError, match="make setup"):
        model_dir()


def test_story_parts_told_in_other_words_are_covered(bank):
    from agent.meaning.areas import covered_by_meaning

    story = ("Maria, our tech lead, showed me that the index rebuilds my spec asked for took nine hours every night. "
             "I told her I disagreed at first, because the launch date was already promised to sales. After a day I "
             "went through the on-call data with her, and she was right: I was trying to protect a date. We shipped "
             "two weeks later and pages dropped to one a month. These days I go through the operational cost of a "
             "spec with the tech lead before I commit to a date.")
    cov = covered_by_meaning([story], bank["hard_feedback_from_engineer"])
    assert {a for a, m in cov.items() if not m.hit} == set(), cov
    assert cov["reaction"].sentence.startswith("I told her I disagreed at first"), cov["reaction"]
    assert cov["the_feedback"].sentence.startswith("Maria, our tech lead"), cov["the_feedback"]


def test_a_sentence_naming_every_part_of_a_story_covers_two_at_most(bank):
    from agent.meaning.areas import AREAS_PER_SENTENCE, covered_by_meaning

    listed = "I explained the constraints, offered an alternative and a compromise, and they understood."
    cov = covered_by_meaning([listed], bank["said_no_to_stakeholder"])
    assert sum(m.hit for m in cov.values()) <= AREAS_PER_SENTENCE, cov
