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
                          r"in the end|as a result|ended up|turned out)\b", re.I),
    "options": re.compile(r"\b(?:(?:pick|choose|chose|decide|deciding|choice was) between|either\b.{3,80}\bor|"
                          r"one option|the other option|two options|instead of|rather than|versus|weighed)\b", re.I),
    "lesson": re.compile(r"\b(?:since then|ever since|from then on|these days|next time|now i|i now|taught me|"
                         r"i learned|i learnt|took away|takeaway|lesson)\b", re.I),
    "reaction": re.compile(r"\b(?:first (?:instinct|reaction|thought)|stung|defensive|frustrat\w*|annoy\w*|"
                           r"embarrass\w*|upset|hurt|surprised|angry|irritated)\b", re.I),
    "own_role": re.compile(r"\bI (?:personally|owned|was responsible|led|decided|ran|drove|made the call)\b|"
                           r"\bmy (?:job|part|role) was\b", re.I),
    "other_view": re.compile(r"\b(?:his|her|their) (?:point|concern|view|side|worry|argument|reasoning)\b|"
                             r"\b(?:he|she|they) (?:was|were|had been) right\b|\bI could see why\b", re.I),
    "relationship": re.compile(r"\b(?:work (?:closely|together)|trust|relationship|ally|allies)\b", re.I),
}


def is_story_question(text: str) -> bool:
    """`text`: the question as asked."""
    return bool(_STORY.match(text))


def roles_of(area: Area, question: Question) -> list[str]:
    if not is_story_question(question.text):
        return []
    return [role for role, pattern in _ROLE_OF_AREA if pattern.search(area.id)]


def area_phrasings(area: Area, question: Question) -> list[str]:
    """How a candidate would say this area: its follow-ups, and its story part's exemplars or, for
    a topic, its description (a story part's description, "How the change landed with the team.",
    is about the team more than about an outcome, and pulls in every sentence that names the team)."""
    out = [f.text for f in question.follow_ups if f.area == area.id]
    roles = roles_of(area, question)
    for role in roles:
        out.extend(ROLE_EXAMPLES[role])
    if not roles:
        out.append(area.description)
    return out


def covered_by_meaning(answers: Sequence[str], question: Question) -> dict[str, Match]:
    """A Match for every area of `question`: the sentence of the candidate's answers that best
    shows it, its score (plus CUE_BOOST when one of the area's cues is in that sentence) and
    whether it is covered (score >= STORY_PART for story questions, TOPIC_AREA otherwise).
    Each answer is split on its own, so its sentences are the ones embedded when it was heard."""
    threshold = STORY_PART if is_story_question(question.text) else TOPIC_AREA
    areas = list(question.areas_to_cover)
    parts = [s for answer in answers for s in sentences(answer)]
    if not parts or not areas:
        return {a.id: Match(0.0, False) for a in areas}
    phrasings = [area_phrasings(a, question) for a in areas]
    sims = embed_said(parts) @ embed([p for ps in phrasings for p in ps]).T  # every sentence x every phrasing
    bounds = np.cumsum([0] + [len(ps) for ps in phrasings])
    out: dict[str, Match] = {}
    for i, area in enumerate(areas):
        best = sims[:, bounds[i] : bounds[i + 1]].max(axis=1)
        shapes = [ROLE_SHAPES[role] for role in roles_of(area, question)]
        cues = [matched_cue(area.cues, NormalisedText.of(part))
                or next((m.group(0) for shape in shapes if (m := shape.search(part))), None) for part in parts]
        scored = [float(best[r]) + (CUE_BOOST if cues[r] else 0.0) for r in range(len(parts))]
        r = int(np.argmax(scored))
        score = round(min(scored[r], 1.0), 4)
        out[area.id] = Match(score=score, hit=score >= threshold, sentence=parts[r], cue=cues[r])
    return out
