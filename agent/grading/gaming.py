"""What must earn nothing: text addressed to the grader, and buzzwords that are not sentences.

Both checks are per sentence and deliberately narrow, so an honest answer is never caught:
an injection needs words aimed at the grader (score, rubric, instructions, grader, model), and a
salad needs a sentence with almost no function words, the glue every spoken English sentence has.
"""
from __future__ import annotations

import re

# Words aimed at whoever (or whatever) grades the answer.
_INJECTION = [
    r"\bignore (?:all |any |the |your |my |these |those |previous |prior |above |earlier )*"
    r"(?:instructions?|rubric|rules|prompt|guidelines|criteria|scoring|grading|system)",
    r"\bdisregard (?:all |any |the |your |previous |prior |above )*(?:instructions?|rubric|rules|prompt|criteria)",
    r"\b(?:score|grade|rate|mark) (?:me|this|this answer|this response|my answer|the candidate)\b[^.?!]{0,40}"
    r"(?:\b100\b|hundred|ten out of ten|10 ?/ ?10|10 out of 10|perfect|full marks|maximum|highest|top|strong hire|excellent)",
    r"\b(?:give|award|assign) (?:me|this answer|this response|the candidate|it)\b[^.?!]{0,30}"
    r"(?:\b100\b|hundred|perfect|full marks|maximum|highest|top) (?:score|marks|grade|rating)",
    # Addressing the machine: ambiguous nouns (ai, model) only after a salutation.
    r"\b(?:dear|hey|hello|hi|attention|note to|message to|instructions? (?:for|to)) (?:the |an? |any )?"
    r"(?:ai|grader|evaluator|assessor|judge|language model|llm|model|reviewer|scoring system|grading system)\b",
    r"\b(?:as|to) (?:the |an? )?(?:grader|evaluator|assessor|scoring system|grading system)\b",
    r"\b(?:system|developer) (?:prompt|message|instruction)s?\b",
    r"\byou are (?:now )?(?:an?|the) (?:grader|evaluator|judge|assistant|ai|language model)\b",
    r"\b(?:recommend|mark|rate) (?:me|this candidate|the candidate) (?:as )?(?:a )?strong hire\b",
    r"\boverride (?:the |your )?(?:score|rubric|grade|instructions?)",
    r"\bnew instructions?\b",
    r"</?(?:system|instructions?|candidate_answer|transcript)>",
]
INJECTION = re.compile("|".join(f"(?:{p})" for p in _INJECTION), re.I)

# The glue of spoken English: pronouns, articles, auxiliaries, prepositions, conjunctions.
FUNCTION_WORDS = frozenset("""
a an the i i'd i'm i've i'll we we'd we're we've we'll you you'd your they they'd their them he she
his her it it's its this that these those my our me us who what which when where why how whether
is are was were be been being am do does did doing have has had having will would can could should
shall may might must to of in on at by for from with about into over under after before between
through during without within than then so because if unless until while though although since as
not no nor but or and also just only there here some any each every all both either neither more most
such very too out up down off again once first next finally let let's make made get got go went
""".split())
_TOKEN = re.compile(r"[a-z0-9][a-z0-9'’]*")


def is_injection(text: str) -> bool:
    return bool(INJECTION.search(text))


SHORT_REPLY_WORDS = 10


def is_salad(text: str, cue_hits: int = 0) -> bool:
    """A run of terms rather than a sentence: too few function words, or nearly all cue words.

    cue_hits: how many distinct cue phrases the sentence matched.
    """
    toks = [t.replace("’", "'") for t in _TOKEN.findall(text.lower())]
    n = len(toks)
    if n == 0:
        return True
    glue = sum(1 for t in toks if t in FUNCTION_WORDS and t not in ("and", "or"))
    # A terse reply of a few words ("Token buckets per API key.", "Checkout errors above one
    # percent.") is an answer, thin as it is: it takes a longer run, or several cues, to be a salad.
    if n >= 4 and glue / n < 0.18 and (n >= SHORT_REPLY_WORDS or cue_hits >= 3):
        return True
    if glue / n >= 0.3:
        # Real syntax, however dense or comma-heavy: Whisper puts commas where a speaker pauses
        # ("First, I'd size it, is the jump on every endpoint, or just a few,"), and a dense
        # answer ("the trade-off is freshness against latency, and I'd pick latency") is still one.
        return False
    if text.count(",") >= 4 and text.count(",") / n > 0.25:
        return True  # a comma-separated list of terms
    # Many distinct cues packed into few words: a list dressed as a sentence.
    return cue_hits >= 4 and n / cue_hits < 3.5


def is_sentence(text: str) -> bool:
    """Long enough to say something: at least five words."""
    return len(_TOKEN.findall(text.lower())) >= 5
