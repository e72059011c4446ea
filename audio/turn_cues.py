"""What the words so far say about the turn: is the candidate thinking, trailing off, or done?

Read from the transcript at a pause. A thinking phrase near the end ("let me think", "give me a
second") means more is coming after a long pause. A sentence left hanging (on "and", "because",
"the", "um"..., or trailing off in "..." or a dash, or without a full stop) means the thought is
not finished. Whisper punctuates what it hears, so a full stop after a word that can end a
sentence is the transcript's sign of a finished thought, unless that sentence is only a dependent
clause: opened by a subordinator ("unless", "although", "if"...), with no clause break where a main
clause would start and no finite verb of its own ("Unless to be rather selfish." is half a thought;
"Unless it rains." and "If so." are whole ones, said as an afterthought).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from audio.wer import normalize_text

THINKING_PHRASES: tuple[str, ...] = (
    "let me think",
    "let me see",
    "let me think about that",
    "let me think about it",
    "give me a second",
    "give me a sec",
    "give me a moment",
    "give me a minute",
    "for a second",
    "for a moment",
    "one second",
    "one moment",
    "just a second",
    "just a moment",
    "bear with me",
    "hold on",
    "hang on",
    "good question",
    "that's a good question",
    "let me gather my thoughts",
    "how do i put this",
    "where do i start",
    "hmm",
    "hmm let me see",
)

# Words a finished English sentence seldom ends on: conjunctions, articles, prepositions, bare
# "be"/"been", possessives, subject pronouns, intensifiers and fillers. (Auxiliaries such as "do"
# or "would", pronouns such as "that", and "more"/"most" are left out: "That's what I would do."
# and "Latency matters most." are finished.)
HANGING_WORDS: frozenset[str] = frozenset("""
    and or but so because since unless although though while whereas if whether than which whose
    a an the to of in on at for with by from into onto about via over under between through without
    be been being my our your their its every each i we they he she not very rather really
    um uh er erm uhm like
""".split())
_SO_ENDS = frozenset("think hope guess believe suppose say said not do did".split())  # "I think so."

# Words that open a dependent clause. Left out: those that are mostly prepositions or adverbs at the
# start of a sentence ("since last year", "until Friday", "once a week", "before/after that").
SUBORDINATORS: tuple[str, ...] = (
    "even though", "even if", "as long as", "as soon as", "so that", "in case", "provided that", "now that",
    "unless", "although", "though", "because", "if", "when", "whenever", "while", "whilst", "whereas",
)
# Signs that a clause has its own finite verb: an auxiliary, modal or finite "be"/"have"/"do"; a
# contraction ("it's", "we'd"); a subject pronoun with words after it ("if it fails"); an irregular
# past. Without a tagger a word in -ed or -s may be a verb too ("shipped", "finds"; or a plural
# noun): it counts, so the rule stays silent when unsure, unless it comes after "to"/"be" (a
# participle: "to be rather cold hearted") or inside a hyphenated compound ("cold-hearted").
_FINITE_VERBS = frozenset("""
    am is are was were has have had do does did will would can could shall should may might must
    cannot went made took broke ran grew fell saw said got found knew thought came gave kept left lost
    paid sent spent told won wrote built brought bought chose drove felt held led meant met sold stood
""".split())
_NON_FINITE = frozenset("to be been being".split())
_VERB_ENDING = re.compile(r"[a-z]{3,}(?:ed|[^su']s)$")
_SUBJECT_PRONOUNS = frozenset("i we you they he she it there".split())
_MIN_CLAUSE_WORDS = 3  # "if so", "when possible", "although late": short elliptical clauses are whole
_CLAUSE_BREAK = re.compile(r"[,;:–—]|\s-\s|\bthen\b", re.I)
_SENTENCES = re.compile(r"(?<=[.!?])[\"')\]]*\s+")

_TRAILS_OFF = re.compile(r"(\.\.\.|…|[-–—,;:])\s*$")
_FULL_STOP = re.compile(r"[.!?]\s*$")


@dataclass(frozen=True)
class TextCues:
    thinking: str | None  # the thinking phrase the words end with
    hanging: str | None  # why the sentence is unfinished: the word it hangs on, "trails off", "no full stop"

    @property
    def labels(self) -> list[str]:
        out = []
        if self.thinking:
            out.append(f"thinking: {self.thinking}")
        if self.hanging:
            out.append(self.hanging if " " in self.hanging else f"hangs on: {self.hanging}")
        return out


def find_thinking_phrase(text: str, phrases: tuple[str, ...] = THINKING_PHRASES,
                         tail_words: int = 4) -> str | None:
    """The thinking phrase that ``text`` ends with (allowing ``tail_words`` words after it), if any."""
    words = normalize_text(text)
    if not words:
        return None
    best: tuple[int, int, str] | None = None  # (end position, length, phrase): latest, then longest
    for phrase in phrases:
        p = phrase.split()
        # the phrase must end within the last `tail_words` words (one-word phrases must be last)
        slack = tail_words if len(p) >= 2 else 0
        for end in range(len(words), max(len(p), len(words) - slack) - 1, -1):
            if words[end - len(p) : end] == p:
                if best is None or (end, len(p)) > best[:2]:
                    best = (end, len(p), phrase)
                break
    return best[2] if best else None


def hanging(text: str) -> str | None:
    """Why ``text`` reads as an unfinished sentence, or None if it ends like a finished one."""
    stripped = text.strip()
    words = normalize_text(stripped)
    if not words:
        return None
    if _TRAILS_OFF.search(stripped):
        return "trails off"
    last = words[-1]
    if last in HANGING_WORDS and not (last == "so" and len(words) > 1 and words[-2] in _SO_ENDS):
        return last
    if not _FULL_STOP.search(stripped):
        return "no full stop"
    opener = dependent_clause_only(_SENTENCES.split(stripped)[-1])
    return f"only a dependent clause: {opener}" if opener else None


def dependent_clause_only(sentence: str) -> str | None:
    """The subordinator a sentence opens with when the sentence is only that dependent clause, left
    without a finite verb (and so without the main clause it announces); None otherwise. A question
    is a whole turn whatever its shape."""
    sentence = sentence.strip()
    if not sentence or sentence.endswith("?") or _CLAUSE_BREAK.search(sentence):
        return None
    words = normalize_text(sentence)
    opener = next((s for s in SUBORDINATORS if words[: len(s.split())] == s.split()), None)
    if opener is None:
        return None
    clause = words[len(opener.split()):]
    if opener == "because" and clause[:1] == ["of"]:  # a preposition: "Because of the cost."
        return None
    if len(clause) < _MIN_CLAUSE_WORDS or _has_finite_verb(clause, sentence):
        return None
    return opener


def _has_finite_verb(words: list[str], sentence: str) -> bool:
    hyphenated = {w.lower() for compound in re.findall(r"\w+(?:-\w+)+", sentence) for w in compound.split("-")}
    non_finite_before = False
    for i, w in enumerate(words):
        if w in _FINITE_VERBS or "'" in w or (w in _SUBJECT_PRONOUNS and i + 1 < len(words)):
            return True
        if _VERB_ENDING.match(w) and not non_finite_before and w not in hyphenated:
            return True
        non_finite_before = non_finite_before or w in _NON_FINITE
    return False


def read_cues(text: str, phrases: tuple[str, ...] = THINKING_PHRASES, tail_words: int = 4) -> TextCues:
    return TextCues(find_thinking_phrase(text, phrases, tail_words), hanging(text))
