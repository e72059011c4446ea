"""Which of a question's areas an answer covered, by meaning, with the area's cues as a boost.

An area is matched through the ways a candidate would actually say it: the follow-up question
aimed at it and, for story questions, exemplar sentences of the part of a story it stands for
(the outcome, the lesson, the first reaction...). Abstract descriptions such as "How the change
landed with the team." sit far from any real sentence (cosine 0.1-0.3), while "Within two sprints
our carry-over dropped to almost nothing, and Dana said planning finally felt like planning" is
close to outcome exemplars, whatever words it uses.
"""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from agent.coverage import NormalisedText, matched_cue
from agent.meaning.match import CUE_BOOST, Match, sentences
from agent.meaning.vectors import embed, embed_said
from question_flows import Area, Question

# Every sentence of an answer to a design question shares its topic, which lifts its similarity to
# every area of it (0.25-0.33 for areas it does not cover); story parts are matched through
# exemplars from other settings, so the topic does not help them. Hence two bars:
# A story part needs its meaning (0.38) or a weaker likeness plus its shape or a cue (0.18 + 0.20):
# exemplars of it score 0.38-0.66 on sentences that tell it, up to 0.35 on the rest of the story.
STORY_PART = 0.38
TOPIC_AREA = 0.42  # on-area sentences 0.45-0.70 (before any cue), the rest of the answer 0.20-0.33
CUE_FLOOR = 0.15  # a cue lifts only a sentence this close to the area already
# One sentence tells one or two parts of a story; a line that names them all is a summary. On the
# story questions of tests/data/calibration.yaml, exemplars for every part a story can tell (the
# feedback, the ask, how it was resolved) and these two rules took the areas covered from 34 to 37
# of 48 for the strong answers, and from 45 to 35 for the weak ones, which name every part in
# general words.
AREAS_PER_SENTENCE = 2

# Story questions ("Tell me about a time...", "Describe the worst spec you ever wrote") ask for an
# episode from the candidate's past: their areas are parts of a story, not topics. "Describe how
# you would..." asks for a design.
_STORY = re.compile(r"^\s*(?:tell me about|describe\b(?!\s+how\b)|walk me through a time|give me an example|"
                    r"share a time)", re.I)

# Parts of a story, each said a few ways in different settings, so the topic does not dominate.
ROLE_EXAMPLES: dict[str, tuple[str, ...]] = {
    "problem": (
        "The checkout page took nine seconds to load on older phones, and people gave up.",
        "Our nightly data job kept failing, so the sales reports were a day late.",
        "The payments API was timing out for about five percent of requests.",
        "The legacy billing system could not handle annual plans without a rewrite.",
    ),
    "outcome": (
        "In the end checkout conversion went up by about four percent.",
        "Within two months the error rate was down to almost nothing.",
        "It shipped a week late, but support tickets dropped by half.",
        "The launch went fine and nobody had to roll anything back.",
        "We met every release date that quarter, and the team stopped working weekends.",
    ),
    "options": (
        "We could either ship the new onboarding on time or rebuild the sync engine first.",
        "The choice was between buying a vendor tool and building our own.",
        "One option was to delay the launch; the other was to cut the offline mode.",
        "We weighed a quick patch against a proper rewrite of the billing service.",
    ),
    "lesson": (
        "What I took away is to bring engineers in before the spec is final.",
        "Since then I always write down the rollback plan before a launch.",
        "Next time I would test the migration on real data much earlier.",
        "It taught me to ask what the numbers mean before acting on them.",
        "Now I check in with the on-call team before I commit to a date.",
    ),
    "reaction": (
        "My first reaction was to get defensive.",
        "Honestly, it stung to hear that.",
        "I was frustrated at first and argued back.",
        "At first I was embarrassed and didn't say much.",
        "I argued with him for a good ten minutes before I really listened.",
        "My first thought was that she just didn't understand the deadline.",
        "My instinct was to push back and defend the plan.",
    ),
    "feedback": (
        "Our lead engineer told me my specs were too vague to estimate from.",
        "In a retro, one of the engineers said the team never knew why we were building the feature.",
        "Priya, the tech lead, pointed out that my estimates ignored testing time.",
        "He showed me the bug tracker: half the tickets from my launch were edge cases I never wrote down.",
        "She said, pretty bluntly, that I kept changing priorities in the middle of the sprint.",
    ),
    "ask": (
        "Our head of sales wanted a custom export built for one customer before the renewal.",
        "The backend lead wanted to rewrite the sync service first; I wanted to ship the new onboarding.",
        "Design wanted a fully animated editor, and the engineers said the old rendering code couldn't do it.",
        "Marketing and support each wanted the same two engineers for the quarter.",
        "I wanted the report to update live, and she wanted it as a nightly batch job.",
    ),
    "resolution": (
        "I set up a session where the designer and the lead engineer sketched the flow together.",
        "We built a quick prototype in two days, and the numbers settled the argument.",
        "I sat down with the VP and walked her through what each option would cost us.",
        "I wrote a one-page note for the sales team explaining what we would cut and why.",
        "We agreed to ship the simple version first and look again after a month of usage data.",
    ),
    "own_role": (
        "My part was to decide what we would cut so the fix could ship.",
        "I personally ran the incident call and wrote the status updates.",
        "I owned the rollout plan; the engineers owned the code.",
        "I was the one who pulled the data together and made the call.",
    ),
    "other_view": (
        "From her side, the rewrite was the only way to stop the pages at night.",
        "He had a fair point: every feature on the old code made things worse.",
        "I could see why they wanted more time, since they carry the on-call load.",
        "Their concern was that we would never come back to pay down the debt.",
    ),
    "relationship": (
        "We still work closely, and she pulls me into design reviews early.",
        "Afterwards the trust between us was stronger than before.",
        "He became one of my strongest allies on the team.",
    ),
}
_ROLE_OF_AREA: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("problem", re.compile(r"the_challenge|the_problem|situation|issue_and_impact|what_went_wrong|what_was_wrong")),
    ("outcome", re.compile(r"outcome|result|consequence|quantified_value")),
    ("options", re.compile(r"options|alternatives|the_decision")),
    ("lesson", re.compile(r"lesson|learn|prevention|what_changed|evolution|adjustment|^change$")),
    ("reaction", re.compile(r"reaction")),
    ("feedback", re.compile(r"the_feedback|the_engineer")),
    ("ask", re.compile(r"the_request|the_disagreement|the_tension|the_conflict")),
    ("resolution", re.compile(r"^resolution$|bridging|decision_method|the_conversation|^technique$|^communication$|"
                              r"stakeholder_updates|input_and_consensus|influence_tactics|business_case")),
    ("own_role", re.compile(r"your_role|^actions$|^approach$|how_raised|how_escalated|^response$")),
    ("other_view", re.compile(r"perspective|why_they_were_right|the_pushback")),
    ("relationship", re.compile(r"relationship")),
)


# The shape each part of a story takes in any words: a change with a number for an outcome,
# "since then" for a lesson... A generic cue per part, boosting like an area's own cues do.
ROLE_SHAPES: dict[str, re.Pattern[str]] = {
    "problem": re.compile(r"\b(?:kept|keeps) (?:failing|timing out|crashing|breaking)|\b(?:outage|incident|timing out|"
                          r"too slow|fell over|broke|was failing|were failing|complain)", re.I),
    "outcome": re.compile(r"\b\d[\d,.]*\s?(?:%|percent|x|ms|seconds?|minutes?|hours?|days?|weeks?|months?)|"
                          r"\b(?:went|dropped|fell|rose|grew|came down|went down|went up) (?:from|to|by)\b|"
                          r"\b(?:doubled|halved|tripled|fewer|down to|up to|on time|as planned|ahead of schedule|"
                          r"in the end|as a result|ended up|turned out|(?:hit|made|met) (?:our|the|every) "
                          r"(?:dates?|deadlines?|targets?|goals?))\b", re.I),
    "options": re.compile(r"\b(?:(?:pick|choose|chose|decide|deciding|choice was) between|either\b.{3,80}\bor|"
                          r"one option|the other option|two options|instead of|rather than|versus|weighed)\b", re.I),
    "lesson": re.compile(r"\b(?:since then|ever since|from then on|these days|next time|now i|i now|taught me|"
                         r"i learned|i learnt|took away|takeaway|lesson)\b", re.I),
    "reaction": re.compile(r"\b(?:(?:first|gut|initial) (?:instinct|reaction|response|thought|feeling)|stung|defensive|frustrat\w*|annoy\w*|"
                           r"embarrass\w*|upset|hurt|surprised|angry|irritated|(?:disagreed|argued|pushed back)"
                           r"(?: with \w+)? at first|at first I)\b", re.I),
    "feedback": re.compile(r"\b(?:told|showed|pointed out to|warned) me\b|\b(?:he|she|they) (?:said|told me|pointed out)\b",
                           re.I),
    "ask": re.compile(r"\b(?:wanted|asked (?:us|me) (?:for|to)|pushed for|insisted on)\b", re.I),
    "resolution": re.compile(r"\b(?:prototype|sat down with|walked (?:him|her|them) through|we agreed|settled it|"
                             r"compromise)\b", re.I),
    "own_role": re.compile(r"\bI (?:personally|owned|was responsible|led|decided|ran|drove|made the call)\b|"
                           r"\bmy (?:job|part|role) was\b|"  # or anything the candidate did themselves
                           r"\bI (?:then |also |first |finally )?(?:\w+ed|went|took|sat|wrote|built|made|set up|got|held|"
                           r"found|told|bought|brought|sent|spent|cut)\b", re.I),
    "other_view": re.compile(r"\b(?:his|her|their) (?:point|concern|view|side|worry|argument|reasoning)\b|"
                             r"\b(?:he|she|they) (?:was|were|had been) right\b|\bI could see why\b", re.I),
    "relationship": re.compile(r"\b(?:work (?:closely|together)|trust|relationship|ally|allies)\b", re.I),
}


def is_story_question(text: str) -> bool:
    """`text`: the question as asked."""
    return bool(_STORY.match(text))


# A design question that also asks for the candidate's own experience ("...and have you ever
# actually pulled that lever?") can be answered with a story: it is judged on topic as a story
# question's answer is, not by how near the story's words come to the design's.
_ASKS_EXPERIENCE = re.compile(r"\bhave you ever\b|\bwhen have you\b", re.I)


def asks_for_experience(text: str) -> bool:
    """`text`: the question as asked. A story question, or one that also asks for an episode."""
    return is_story_question(text) or bool(_ASKS_EXPERIENCE.search(text))


def roles_of(area: Area, question: Question) -> list[str]:
    return story_roles(area.id, question.text)


def story_roles(area_id: str, question_text: str) -> list[str]:
    """The parts of a story an area of a story question stands for (none for other questions)."""
    if not is_story_question(question_text):
        return []
    return [role for role, pattern in _ROLE_OF_AREA if pattern.search(area_id)]


def story_part_examples(area_id: str, question_text: str) -> list[str]:
    """Sentences that tell the part of a story this area stands for, in other settings."""
    return [e for role in story_roles(area_id, question_text) for e in ROLE_EXAMPLES[role]]


def area_phrasings(area: Area, question: Question) -> list[str]:
    """How a candidate would say this area: its follow-ups, and its story part's exemplars or, for
    a topic, its description (a story part's description, "How the change landed with the team.",
    is about the team more than about an outcome, and pulls in every sentence that names the team)."""
    examples = story_part_examples(area.id, question.text)
    return [f.text for f in question.follow_ups if f.area == area.id] + (examples or [area.description])


def covered_by_meaning(answers: Sequence[str], question: Question) -> dict[str, Match]:
    """A Match for every area of `question`: the sentence of the candidate's answers that best
    shows it, its score (plus CUE_BOOST when one of the area's cues is in that sentence) and
    whether it is covered (score >= STORY_PART for story questions, TOPIC_AREA otherwise).

    A cue boosts only a sentence that already leans towards the area (CUE_FLOOR): "surprise" in a
    sentence about the launch date says nothing of a first reaction. And a sentence covers at most
    AREAS_PER_SENTENCE areas, its closest: "I explained the constraints, offered an alternative and
    a compromise, and they understood" names four parts of a story and tells none of them.
    Each answer is split on its own, so its sentences are the ones embedded when it was heard."""
    threshold = STORY_PART if is_story_question(question.text) else TOPIC_AREA
    areas = list(question.areas_to_cover)
    parts = [s for answer in answers for s in sentences(answer)]
    if not parts or not areas:
        return {a.id: Match(0.0, False) for a in areas}
    phrasings = [area_phrasings(a, question) for a in areas]
    sims = embed_said(parts) @ embed([p for ps in phrasings for p in ps]).T  # every sentence x every phrasing
    bounds = np.cumsum([0] + [len(ps) for ps in phrasings])
    scores = np.zeros((len(parts), len(areas)))
    cues: list[list[str | None]] = []
    for i, area in enumerate(areas):
        best = sims[:, bounds[i] : bounds[i + 1]].max(axis=1)
        shapes = [ROLE_SHAPES[role] for role in roles_of(area, question)]
        found = [matched_cue(area.cues, NormalisedText.of(part))
                 or next((m.group(0) for shape in shapes if (m := shape.search(part))), None)
                 if best[r] >= CUE_FLOOR else None for r, part in enumerate(parts)]
        cues.append(found)
        scores[:, i] = best + [CUE_BOOST if cue else 0.0 for cue in found]
    # Each sentence keeps its AREAS_PER_SENTENCE closest areas; the others it does not cover.
    ranks = (-scores).argsort(axis=1, kind="stable").argsort(axis=1)
    out: dict[str, Match] = {}
    for i, area in enumerate(areas):
        kept = [row for row in range(len(parts)) if ranks[row, i] < AREAS_PER_SENTENCE and scores[row, i] >= threshold]
        r = max(kept or range(len(parts)), key=lambda row: scores[row, i])
        out[area.id] = Match(score=round(min(float(scores[r, i]), 1.0), 4), hit=bool(kept), sentence=parts[r],
                             cue=cues[i][r])
    return out
