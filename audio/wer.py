"""Word error rate, with the text normalisation that makes it fair to Whisper's punctuated output.

Normalisation: lower case; hyphens and slashes split words; common titles spelled out ("Mr." ->
"mister"); numbers up to 9999 spelled out ("42" -> "forty two"); punctuation dropped (apostrophes
kept inside words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TITLES = {"mr": "mister", "mrs": "missus", "ms": "miss", "dr": "doctor", "st": "saint", "vs": "versus"}
_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
         "fifteen sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _number_words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    if n < 1000:
        rest = n % 100
        return _ONES[n // 100] + " hundred" + ("" if rest == 0 else " " + _number_words(rest))
    rest = n % 1000
    return _number_words(n // 1000) + " thousand" + ("" if rest == 0 else " " + _number_words(rest))


def normalize_text(text: str) -> list[str]:
    """Words of ``text``, normalised for scoring."""
    text = text.lower().replace("’", "'")
    text = re.sub(r"[-/–—]", " ", text)
    text = re.sub(r"(\d),(\d{3})\b", r"\1\2", text)
    text = re.sub(r"\b(\d{1,4})%", lambda m: m.group(1) + " percent", text)
    text = re.sub(r"\b\d{1,4}\b", lambda m: _number_words(int(m.group(0))), text)
    words = []
    for raw in text.split():
        word = re.sub(r"[^a-z0-9']", "", raw).strip("'")
        if word:
            words.append(_TITLES.get(word, word))
    return words


@dataclass(frozen=True)
class WERResult:
    substitutions: int
    deletions: int
    insertions: int
    reference_words: int

    @property
    def errors(self) -> int:
        return self.substitutions + self.deletions + self.insertions

    @property
    def wer(self) -> float:
        return self.errors / self.reference_words if self.reference_words else float(self.errors > 0)

    def __add__(self, other: "WERResult") -> "WERResult":
        return WERResult(self.substitutions + other.substitutions, self.deletions + other.deletions,
                         self.insertions + other.insertions, self.reference_words + other.reference_words)


def word_errors(reference: str, hypothesis: str) -> WERResult:
    """Levenshtein alignment of normalised words: substitutions, deletions, insertions."""
    ref, hyp = normalize_text(reference), normalize_text(hypothesis)
    # each cell: (cost, subs, dels, ins)
    prev = [(j, 0, 0, j) for j in range(len(hyp) + 1)]
    for i in range(1, len(ref) + 1):
        cur = [(i, 0, i, 0)]
        for j in range(1, len(hyp) + 1):
            if ref[i - 1] == hyp[j - 1]:
                best = prev[j - 1]
            else:
                s, d, n = prev[j - 1], prev[j], cur[j - 1]
                best = min(
                    (s[0] + 1, s[1] + 1, s[2], s[3]),
                    (d[0] + 1, d[1], d[2] + 1, d[3]),
                    (n[0] + 1, n[1], n[2], n[3] + 1),
                )
            cur.append(best)
        prev = cur
    _, subs, dels, ins = prev[-1]
    return WERResult(subs, dels, ins, len(ref))


def wer(reference: str, hypothesis: str) -> float:
    return word_errors(reference, hypothesis).wer
