"""Follow-ups that listen: the interviewer reacts to what the answer meant, through the real graph.

Every answer here is written the way a candidate talks, not in the cue words of the bank."""
from __future__ import annotations

from agent.brain.offline import LEFT_AFTER_SILENCE, STEER_BACK
from question_flows import load_bank

BANK = load_bank()

# Names the engineer, the feedback, the reaction, the change and its effect, in its own words.
FEEDBACK_STORY = (
    "Two years ago Dana, our lead backend engineer, pulled me aside after a retro and said my specs were so "
    "thin that her team spent the first week of every sprint guessing. Honestly it stung; my first instinct "
    "was to defend the spec. But she was right, and I was solving the wrong problem. I started writing a "
    "one-page brief with acceptance criteria and walking the team through it before planning. Within two "
    "sprints our carry-over went from about a third of the stories to almost nothing, and Dana told me "
    "planning finally felt like planning."
)


def test_a_complete_story_is_not_asked_for_what_it_already_told(driver):
    q = BANK["hard_feedback_from_engineer"]
    d = driver("behavioral", pinned=[q.id])
    nxt = d.answer(FEEDBACK_STORY)
    assert nxt["kind"] == "follow_up"
    assert nxt["text"] != "Did the engineer notice a difference?"
    asked_for = {f.text for f in q.follow_ups if f.area}
    assert nxt["text"] not in asked_for, nxt["text"]  # every part was told: a deeper probe instead
    assert nxt["probe"] is not None


# The feedback, the reaction and the change, but not how it landed.
STORY_WITHOUT_ENDING = ("Our tech lead Marco told me in a one-on-one that I kept changing priorities mid-sprint and the "
                        "team felt jerked around. I got defensive at first and blamed sales. After a week I started "
                        "freezing the sprint scope and routing new asks through a Friday review.")

# Strong stories that tell the feedback, who gave it, the first reaction, the change and how it
# landed, each in its own words: none says "defensive", "stung" or "feedback".
OWN_WORDS_STORIES = (
    "Maria, our tech lead, showed me that the index rebuilds my spec asked for took nine hours every night, and "
    "that her team had been paged eleven times in a month because of them. I told her I disagreed at first, because "
    "the launch date was already promised to sales. After a day I went through the on-call data with her, and she "
    "was right: I was trying to protect a date, not the users. I cut the real-time filters from the first release and "
    "we shipped two weeks later with incremental indexing. Pages dropped to one a month, and these days I go through "
    "the operational cost of a spec with the tech lead before I commit to a date.",
    "A couple of years ago Tomas, who ran the payments team, took me aside after planning and said I treated his "
    "estimates as opening bids in a negotiation. My gut response was to argue that sales needed the dates. I slept on "
    "it and realised he had a point: I had cut three of his estimates that quarter and all three slipped. From the "
    "next sprint on I stopped negotiating numbers and asked what we could drop instead. We hit our dates for the next "
    "two quarters, and Tomas started bringing me his risks before planning.",
    "Lin, a senior engineer on search, wrote in my spec review that the document answered what to build but never "
    "why, so nobody could make a call without me. I was pretty annoyed, because I had spent a week on that spec. Then "
    "I reread it with her comment in mind and she was right. I added a problem statement and the success metric to "
    "the top of every spec, and review rounds went from four to about two. She told me later the team could finally "
    "make small calls on their own.",
)


def test_stories_in_their_own_words_are_not_asked_for_what_they_told(driver):
    q = BANK["hard_feedback_from_engineer"]
    for story in OWN_WORDS_STORIES:
        d = driver("behavioral", pinned=[q.id])
        nxt = d.answer(story)
        assert nxt["kind"] == "follow_up" and nxt["area"] is None and nxt["probe"] not in (None, "concrete"), \
            (story[:40], nxt)


def test_a_vague_reply_to_a_follow_up_is_asked_for_specifics_not_the_next_gap(driver):
    d = driver("behavioral", pinned=["hard_feedback_from_engineer"])
    first = d.answer(STORY_WITHOUT_ENDING)
    assert first["area"] == "result"
    nxt = d.answer("It went fine in the end. I think we all learned something about communication.")
    assert nxt["kind"] == "follow_up" and nxt["probe"] == "concrete", nxt
    assert nxt["text"].startswith("Can you make that specific?") and first["text"] in nxt["text"]
    assert "name" in nxt["text"] and "number" in nxt["text"] and "yourself" in nxt["text"]


def test_a_plain_reply_that_tells_something_is_not_asked_for_specifics(driver):
    d = driver("behavioral", pinned=["hard_feedback_from_engineer"])
    d.answer(STORY_WITHOUT_ENDING)
    nxt = d.answer("Honestly he seemed relieved, and the standups stopped being a tug of war about what mattered.")
    assert nxt is None or nxt["probe"] != "concrete", nxt


def test_a_story_missing_its_ending_is_asked_for_the_ending(driver):
    d = driver("behavioral", pinned=["hard_feedback_from_engineer"])
    nxt = d.answer(STORY_WITHOUT_ENDING)
    assert nxt["kind"] == "follow_up" and nxt["area"] == "result", nxt


def test_a_vague_answer_is_asked_to_be_made_concrete(driver):
    d = driver("behavioral", pinned=["significant_tradeoff_decision"])
    nxt = d.answer("We had a tradeoff once about performance versus features. In the end we went with "
                   "performance because it mattered more, and everybody was aligned on it afterwards.")
    assert nxt["kind"] == "follow_up" and nxt["probe"] == "concrete"
    assert "concrete" in nxt["text"] and "example" in nxt["text"]


def test_an_off_topic_answer_is_steered_back_to_the_question(driver):
    q = BANK["rate_limiting_spec"]
    d = driver("system_design", pinned=[q.id])
    nxt = d.answer("I'd put a cache in front of the service. Redis with a short time to live would absorb most "
                   "of the repeated reads, and we'd warm it for the hot keys so the first request isn't slow.")
    assert nxt["kind"] == "follow_up" and nxt["probe"] == "steer_back"
    assert nxt["text"] == f"{STEER_BACK} {q.text}"


def test_a_short_direct_answer_to_a_follow_up_is_not_steered_back(driver):
    d = driver("behavioral", pinned=["hard_feedback_from_engineer"])
    d.answer(STORY_WITHOUT_ENDING)
    nxt = d.answer("Yes. He said standups got quieter, and we finished the next three sprints as planned.")
    assert nxt is not None and nxt["probe"] != "steer_back", nxt


def test_the_system_design_interviewer_pushes_back_on_the_candidates_own_choice(driver):
    d = driver("system_design", pinned=["latency_regression"])
    first = d.answer("I'd look at what shipped last week and pull traces for the slow endpoints. My bet is the "
                     "new recommendations call, so I'd put a Redis cache in front of it while we dig in.")
    assert first["kind"] == "follow_up" and first["probe"] != "pushback"  # the biggest gap comes first
    second = d.answer("It's all checkout traffic on mobile, roughly a third of requests, and support is "
                      "already seeing complaints.")
    assert second["kind"] == "follow_up" and second["probe"] == "pushback"
    assert "you'd put a Redis cache in front of it" in second["text"]
    assert second["text"].endswith("What would make you regret that?")


def test_a_second_silence_is_acknowledged_out_loud_before_the_next_question(driver):
    d = driver("system_design", pinned=["latency_regression", "api_breaking_change"])
    assert d.answer("", duration_s=6)["kind"] == "reprompt"
    nxt = d.answer("", duration_s=6)
    assert nxt["kind"] == "question" and nxt["question_id"] == "api_breaking_change"
    assert nxt["text"].startswith(LEFT_AFTER_SILENCE)


def test_a_second_silence_on_the_last_question_is_acknowledged_in_the_closing(driver):
    d = driver("quick_practice", pinned=["latency_regression"])
    while d.waiting and d.waiting["kind"] == "question" and d.waiting["question_id"] != d.state["plan"][-1]:
        d.answer("I would skip this one, sorry.")
    assert d.answer("", duration_s=6)["kind"] == "reprompt"
    assert d.answer("", duration_s=6) is None
    assert d.state["closing"].startswith(LEFT_AFTER_SILENCE)


def test_natural_ways_of_passing_move_on_but_an_answer_with_a_caveat_is_followed_up(driver):
    for passing in ("I'd rather skip this one, I don't have a good example.",
                    "Can we come back to that?",
                    "I honestly haven't done that."):
        d = driver("system_design", pinned=["latency_regression", "api_breaking_change"])
        nxt = d.answer(passing)
        assert nxt["kind"] == "question" and nxt["question_id"] == "api_breaking_change", passing
    d = driver("system_design", pinned=["latency_regression", "api_breaking_change"])
    nxt = d.answer("I don't know the exact number, but I'd start with the release diff and the traces for the "
                   "slowest endpoints.")
    assert nxt["kind"] == "follow_up" and nxt["question_id"] == "latency_regression"


def test_skip_intent_is_heard_in_plain_words_and_not_in_answers_that_go_on():
    from agent.answers import is_skip

    passes = ["I'd rather skip this one, I don't have a good example.", "Can we come back to that?",
              "I honestly haven't done that.", "I'm drawing a blank on this one.", "Honestly, nothing comes to mind.",
              "That's not something I've done, to be honest.", "Could we do a different question?",
              "I can't think of a good example right now.", "Um, I don't know.", "Pass."]
    answers = ["I don't know the exact number, but latency fell by roughly half after we moved the index.",
               "I'm not sure that would scale, so I'd shard by tenant.",
               "I haven't done that exactly, but at Acme I ran a similar migration: forty services in three waves.",
               "We had to skip the load test that week, and it bit us: checkout fell over on launch day.",
               "I would pass the decision to the tech lead and back her call in the review."]
    assert [p for p in passes if not is_skip(p)] == []
    assert [a for a in answers if is_skip(a)] == []


# A stop rule told as it happened: the metric and threshold without the words "metric" or "threshold".
ROLLOUT_STORY = (
    "Last spring we were moving checkout onto a new payments provider. Before the first customer saw it, I sat "
    "down with the payments lead and we wrote one rule on the launch doc: if card declines went more than half "
    "a point above the old provider for an hour, we'd flip traffic back. We started at two percent of orders. "
    "On day three declines jumped for Dutch cards, our dashboard caught it in about forty minutes, I made the "
    "call, and the on-call engineer moved traffic back in under five minutes."
)


def test_a_design_answer_is_not_asked_for_a_part_the_scorecard_counts_as_told(driver):
    q = BANK["halt_rollout_metric"]
    d = driver("system_design", pinned=[q.id])
    nxt = d.answer(ROLLOUT_STORY)
    assert nxt["kind"] == "follow_up"
    # The stop rule, who agreed it and the time it was used were all told: none of them is asked for.
    assert nxt["area"] not in ("halting_metric", "decided_in_advance", "real_halt"), nxt


def test_a_design_answer_that_only_mentions_its_parts_is_still_asked_for_one(driver):
    d = driver("system_design", pinned=["halt_rollout_metric"])
    nxt = d.answer("We'd roll it out in one region first, about five percent of users, and I'd agree with Sam, "
                   "our engineering lead, up front that she makes the call to stop. We did stop one last year, "
                   "when a payments change went wrong.")
    assert nxt["kind"] == "follow_up" and nxt["area"] is not None, nxt  # a gap, not yet a deeper probe


def test_a_story_answering_a_question_that_asks_for_experience_is_not_steered_back(driver):
    # "...and have you ever actually pulled that lever?": a migration told as it happened answers it.
    d = driver("system_design", pinned=["halt_rollout_metric"])
    nxt = d.answer("I owned the move of our customer notes from the old Mongo cluster to Postgres. Before the switch, "
                   "the on-call engineer and I agreed that if more than half a percent of note reads came back empty, "
                   "we'd point the app back at Mongo. We moved ten percent of accounts on a Tuesday. Within an hour "
                   "empty reads hit two percent, so I made the call and we were back on Mongo in about fifteen minutes.")
    assert nxt["kind"] == "follow_up" and nxt["probe"] != "steer_back", nxt
