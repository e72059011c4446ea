"""What to listen for: the rubric's indicators, matched sentence by sentence.

Cues come from the rubric YAML (tolerant of speech-recognition noise through agent.coverage).
A few indicators get patterns that cue lists cannot express (a number with a unit, "I was wrong",
a condition that would flip a choice). Sentence quality rewards what the seeds call specificity:
numbers, named systems and people, concrete first-person actions, and reasons ("because", "unless").
Answers are speech-recognised, so patterns also read a sentence's normalised spoken form ("cash"
is "cache", "B99" is "p99"), and numbers count the way people say them ("a hundred to one",
"more than a minute", "sixfold").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from agent.coverage import NormalisedText, cue_in, tokens
from rubrics import Rubric

_NUMBER_WORDS = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
                 r"fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|dozen|half|double|twice|triple)")
# Units of a system's time, load, size and cost, then what else a work story counts.
_SYSTEM_UNITS = (r"ms|milliseconds?|seconds?|secs?|minutes?|hours?|days?|weeks?|months?|quarters?|years?|%|percent|"
                 r"x|k|m|qps|rps|requests?|users?|customers?|gb|tb|mb|gigabytes?|terabytes?|"
                 r"megabytes?|dollars?|tokens?|calls?|queries|errors?|p\d\d")
_UNITS = rf"(?:{_SYSTEM_UNITS}|teams?|engineers?|services?|tickets?|points?|sprints?|releases?)"
# Any figure, with or without a unit ("from about twenty per sprint to five"); "one of the biggest
# launches" counts nothing.
FIGURE = re.compile(rf"\b(?:\d[\d,.]*%?|(?!one\b){_NUMBER_WORDS}|(?:hundred|thousand|million|billion|trillion)s|"
                    r"doubled|halved)\b", re.I)
# A figure that counts something: "balance the two" points back at things already said.
_COUNTED = re.compile(rf"(?<!\bthe )(?<!\bthese )(?<!\bthose ){FIGURE.pattern}", re.I)
_COUNT = rf"(?:\d[\d,.]*|(?:a |an )?(?!one\b){_NUMBER_WORDS})"  # not "one to one" (a meeting)
_TIME_UNIT = r"(?:second|minute|hour|day|week|month|quarter|year)"
def _figures_in(units: str, one: bool = True) -> re.Pattern[str]:
    """one=False: "one customer's batch job" is no figure ("under one second" still is, below)."""
    number = _NUMBER_WORDS if one else rf"(?!one\b){_NUMBER_WORDS}"
    return re.compile(
        rf"(?:\$\s?\d[\d,.]*\s?(?:k|m|million|billion)?|\bp\d{{2}}\b|\b\d[\d,.]*\s?{units}\b|\b{number}\s+{units}\b|\b\d+(?:\.\d+)?\s?(?:%|x)\B"
        # Spoken forms: "a hundred to one", "100:1", "sixfold", "more than a minute", "within an hour".
        rf"|\b{_COUNT}\s+to\s+(?:one|1)\b|\b(?!1\s?:)\d+\s?:\s?1\b|\b(?:{_NUMBER_WORDS}|\d+)[- ]?fold\b"
        rf"|\b(?:more than|less than|under|over|within|at most|at least|about|roughly|every|per|once|once every)\s+(?:a|an|one)\s+{_TIME_UNIT}\b)",
        re.I,
    )


NUMBER_WITH_UNIT = _figures_in(_UNITS)
# A system's numbers: "twelve teams share one release train" is a figure, not a latency or a cost.
SYSTEM_QUANTITY = _figures_in(f"(?:{_SYSTEM_UNITS})")
# What a quote for reasoning in numbers must give: "how long one request takes" counts towards a
# score, but a sentence whose only figure is "one customer" is no evidence of it.
SYSTEM_FIGURE = _figures_in(f"(?:{_SYSTEM_UNITS})", one=False)
_TECH = re.compile(
    r"\b(?:kafka|postgres(?:ql)?|mysql|redis|memcached|dynamo(?:db)?|cassandra|mongo(?:db)?|s3|sqs|sns|kinesis|"
    r"elasticsearch|snowflake|bigquery|spark|airflow|kubernetes|k8s|docker|datadog|grafana|prometheus|sentry|"
    r"pagerduty|cdn|cloudfront|grpc|graphql|rest|webhooks?|oauth|jwt|terraform|lambda|nginx|envoy|"
    r"load balancer|message queue|api gateway|feature flags?|launchdarkly|optimizely|amplitude|mixpanel|looker|"
    r"tableau|dbt|openai|gpt-?\d?|claude|llama|pinecone|vector (?:db|database|store)|embeddings?|"
    r"sql|nosql|json|http|dns|tcp|websockets?|jira|github|gitlab|jenkins|ci/cd|sla|slo|error budget|"
    r"api keys?|endpoints?|database|index|queue|cache|staging|runbook|on-?call|sso|single sign-on|app store|"
    r"help center|knowledge base|retrieval|eval set|golden set|usage logs|changelog|migration guide)\b",
    re.I,
)
# Something done, in the past tense: regular verbs, and the irregular ones people tell work with.
# What was thought, felt or attempted is not something done: "I learned a lot", "I tried to make
# sure everyone was heard" tell no action.
_NOT_DONE = r"(?!(?:learned|learnt|tried|wanted|felt|thought|hoped|believed|needed|liked|loved|enjoyed|seemed)\b)"
PAST_ACTION = (rf"{_NOT_DONE}(?:\w+ed|built|wrote|rewrote|ran|set|led|drove|shipped|cut|made|took|sat|met|chose|picked|went|"
               r"sent|brought|found|told|kept|put|gave|spent|got|held|began|split|rebuilt|dug|read|reread|"
               r"drew|sought|caught|bought|taught|won|lost|fought)")
# Concrete first-person actions, done ("I wrote") or planned ("I'd pull the usage logs").
_ACTION = re.compile(
    rf"\b(?:I|we)\s+{PAST_ACTION}\b|"
    r"\b(?:I|we)(?:'d|’d| would| will|'ll|’ll)\s+(?:also\s+|first\s+|then\s+)?(?:pull|ask|check|run|ship|roll|diff|sit|sample|"
    r"build|add|track|watch|write|set|call|compare|measure|label|announce|give|turn|use|halt|pause|split|"
    r"ground|show|instrument|page|cap|cache|profile|trace|page|escalate|publish|migrate|deprecate|version|"
    r"interview|prototype|test|segment|bisect|reach|"
    # decisions said plainly: "I'd pick weekly users who...", "we'd keep the old fields for a while"
    r"pick|choose|go with|keep|start|recommend|prefer|move|drop|cut|put|store|limit|offer|sketch|hold)\b",
    re.I,
)
# A proper name inside a sentence (a person, a team, a product): "our tech lead, Marco,", "on Safari".
# Speech recognition capitalises names and little else, so a capital after the first word is a name.
_NAME = re.compile(r"\b[A-Z][a-z]{2,}\b")
_NOT_NAMES = frozenset("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december english okay hello thanks yes
""".split())
_REASON = re.compile(
    r"\b(?:because|so that|which means|that's why|that is why|in order to|unless|the reason|as a result|"
    r"at the cost of|otherwise|so we|which is why|if|unless|without|instead of|rather than|"
    # a consequence: "so no single server...", "so one crash doesn't take the site down"
    r"so (?:it|the|you|they|that|no|one|nobody|people|users|each|every|only|a|an|our|your|their)|"
    r"that way|which)\b",
    re.I,
)

# Owning a mistake, in the many ways people say it ("she was right", "I was solving the wrong
# problem", "honestly it stung"); "I learned" alone is a lesson, and "it was hard to hear" only
# repeats the question's words, not an admission.
OWNS_MISTAKE = re.compile(
    r"\b(?:I was wrong|I got (?:it|that|this) wrong|I had it (?:wrong|backwards)|my (?:mistake|fault|bad)\b|"
    r"I made (?:a|the) (?:mistake|wrong call)|I misjudged|I misread|I underestimated|I overestimated|"
    r"I should have|I shouldn't have|I messed up|I missed|"
    r"(?:solving|solved|built|building|chasing|chased) the wrong (?:problem|thing)|"
    r"(?:she|he|they|the engineers?|engineering) (?:was|were) (?:right|correct)|"
    r"(?:she|he|they) had a (?:fair|good) point|(?:that|which|this|it) changed my mind|(?:that|it) was a fair point|"
    r"(?:it|that) stung|I was defensive|I got defensive|my first instinct was to defend|"
    r"in hindsight|looking back,? I|I owned (?:it|that|the mistake))", re.I)

# Patterns for indicators whose evidence a cue list cannot capture, keyed by indicator id.
EXTRA_PATTERNS: dict[str, re.Pattern[str]] = {
    "numbers_with_units": SYSTEM_QUANTITY,
    "reasons_in_numbers": SYSTEM_QUANTITY,
    "owns_a_mistake": OWNS_MISTAKE,
    # Learning before designing, in the words people use for it: "before picking an algorithm, I'd
    # want to learn which callers...", "first I'd find out who is hurting".
    "scopes_before_solving": re.compile(
        r"\bbefore (?:I|we) (?:pick|choose|design|draw|sketch|build|propose|commit)|"
        r"\bbefore (?:picking|choosing|designing|drawing|sketching|building|proposing|committing)\b|"
        r"\b(?:first|to start),? I(?:'d| would) (?:want to )?(?:find out|learn|ask|understand|know|check)\b|"
        r"\bI(?:'d| would) (?:want to |first )?(?:find out|learn|understand) (?:who|what|how|which|whether)\b", re.I),
    "names_a_wrong_bet": re.compile(r"\b(?:bet|call|decision) (?:I|we) got wrong\b|\bwe were wrong\b", re.I),
    "tradeoff_with_a_side": re.compile(
        r"\bunless\b|\bI'?d (?:switch|revisit|reconsider|flip)\b|\bwould (?:change|flip) my (?:mind|call)\b|"
        r"\b(?:I|I'd|I would|we) (?:pick|picked|choose|chose|go with|went with|recommend|favou?r|prefer)\b", re.I),
    "second_metric": re.compile(
        r"\b(?:while|also|and) (?:watch|track|monitor)(?:ed|ing)?\b|\bquietly (?:break|broke|regress)", re.I),
    # A line past which the rollout goes back: "if refunds rose past two percent we'd switch the old
    # page back on", "reads hit two percent, so we were back on Mongo in fifteen minutes".
    "rollback_and_halt": re.compile(
        r"\b(?:above|over|exceeds?|exceeded|below|under|cross(?:es|ed)?|more than|less than|past|hit|reached|rose|dropped)\b"
        r"[^.]{0,80}\b(?:halt|stop|pause|roll(?:ed)? ?back|revert|switch(?:ed)? (?:\w+ ){0,3}(?:off|back)|"
        r"turn(?:ed)? (?:\w+ ){0,3}off|(?:point|send|sent|move|put|flip)\w* (?:\w+ ){0,3}back|(?:were|was|went|go) back (?:on|to))",
        re.I),
    "names_engineer_and_disagreement": re.compile(
        r"\b(?:engineer|lead|architect|manager|EM|CTO|SRE)\s*,?\s+(?:named\s+)?[A-Z][a-z]{2,}\b"),
}

# Indicators read by their pattern alone: their rubric cues include phrases that do not show them.
PATTERN_ONLY = frozenset({"owns_a_mistake"})

# A sentence can back at most this many indicators of one signal: stuffing cues earns no more.
MAX_INDICATORS_PER_SENTENCE = 2


@dataclass(frozen=True)
class IndicatorHit:
    signal: str
    indicator: str
    cue: str
    # Shown by a phrase or a pattern, not by one word alone: a single word ("spec", "estimate")
    # turns up in sentences about something else ("my first instinct was to defend the spec"),
    # so it counts towards a score but never makes a quote the evidence of that indicator.
    firm: bool = True
    # How close the sentence comes in meaning to the indicator's examples (agent.grading.on_point).
    closeness: float = 0.0


def _search(pattern: re.Pattern[str], text: str, spoken: str) -> re.Match[str] | None:
    """The pattern in the sentence as written, else in its normalised spoken form, where speech
    recognition's "cash", "sequel" or "p ninety nine" read as "cache", "sql" and "p99"."""
    return pattern.search(text) or (pattern.search(spoken) if spoken else None)


def specificity(text: str, spoken: str = "", asked: str = "") -> frozenset[str]:
    """Which kinds of specific detail a sentence carries (`spoken`: its `normalise`d form):
    number (any figure: "seven characters", "three more servers"), named_system, named (a person,
    team or product), action, reason. `asked`: the question; a system or name it already says
    ("a load balancer" to "what does a load balancer do?") is no detail of the answer's."""
    kinds = set()
    if _search(NUMBER_WITH_UNIT, text, spoken) or _search(_COUNTED, text, spoken):
        kinds.add("number")
    said = asked.lower()
    if any(m.group(0).lower() not in said for t in (text, spoken) if t for m in _TECH.finditer(t)):
        kinds.add("named_system")
    if has_name(text, said):
        kinds.add("named")
    if _ACTION.search(text):
        kinds.add("action")
    if _REASON.search(text):
        kinds.add("reason")
    return frozenset(kinds)


def has_name(text: str, asked: str = "") -> bool:
    """A proper name after the first word: a person, a team or a product (not one the question,
    `asked` in lower case, already names)."""
    for m in _NAME.finditer(text):
        before = text[: m.start()].rstrip(" \"'“‘(")
        name = m.group(0).lower()
        if before and before[-1] not in ".!?:;" and name not in _NOT_NAMES and name not in asked:
            return True
    return False


def quality(kinds: frozenset[str]) -> float:
    """0.5 for a plain sentence; specific detail and stated reasons or actions lift it to 1.
    SPECIFIC or more: a sentence with something a listener could check or follow."""
    q = 0.5
    if kinds & {"number", "named_system", "named"}:
        q += 0.25
    if kinds & {"action", "reason"}:
        q += 0.25
    return q


SPECIFIC = 0.75


def repeats_question(cue: str, asked: frozenset[str]) -> bool:
    """The cue is made only of the question's words (`asked`: agent.coverage.tokens of it)."""
    return set(tokens(cue)) <= asked


def indicator_hits(text: str, spoken: str, norm: NormalisedText, rubric: Rubric,
                   asked: frozenset[str] = frozenset()) -> list[IndicatorHit]:
    """Every (signal, indicator) this sentence shows, at most two indicators per signal.

    spoken: the sentence `normalise`d; norm: its `NormalisedText`; asked: the question's words
    (agent.coverage.tokens): a cue made only of them ("context window" to a question about the
    context window) repeats the question and shows nothing.
    """
    hits: list[IndicatorHit] = []
    for signal in rubric.signals:
        found: list[IndicatorHit] = []
        for ind in signal.indicators:
            cue = None if ind.id in PATTERN_ONLY else next(
                (c for c in ind.cues if cue_in(c, norm) and not repeats_question(c, asked)), None)
            firm = cue is not None and len(cue.split()) > 1
            if not firm and ind.id in EXTRA_PATTERNS:
                pattern = EXTRA_PATTERNS[ind.id]
                # Case-sensitive patterns (a capitalised name) only read the text as written.
                m = _search(pattern, text, spoken if pattern.flags & re.I else "")
                cue, firm = (m.group(0), True) if m else (cue, False)
            if cue is not None:
                found.append(IndicatorHit(signal.id, ind.id, cue, firm))
            if len(found) == MAX_INDICATORS_PER_SENTENCE:
                break
        hits.extend(found)
    return hits
