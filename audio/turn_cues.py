"""What the words so far say about the turn: is the candidate thinking, trailing off, or done?

Read from the transcript at a pause. A thinking phrase near the end ("let me think", "give me a
second") means more is coming after a long pause. A sentence left hanging (on "and", "because",
"the", "um"..., or trailing off in "..." or a dash, or without a full stop) means the thought is
not finished. Whisper punctuates what it hears, so a full stop after a word that can end a
sentence is the transcript's sign of a finished thought.
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
    return None


def read_cues(text: str, phrases: tuple[str, ...] = THINKING_PHRASES, tail_words: int = 4) -> TextCues:
    return TextCues(find_thinking_phrase(text, phrases, tail_words), hanging(text))
