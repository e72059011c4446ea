"""What a candidate wants to practise: questions drawn first for a signal or for a job posting.

Both give a `prefer` list for planning; the flow still decides how many questions of each category
are asked, so a focused interview keeps the shape of the round.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

from agent.coverage import NormalisedText, cue_in, tokens
from agent.errors import UserError
from question_flows import Question

# Words of a question's text too common to say anything about a job posting.
_COMMON = frozenset(tokens(
    "about would could should which where there their these those other after before while through "
    "between system product team teams users customers company really think things something every "
    "describe explain tell time times"))
MIN_WORD = 5  # shorter words ("what", "your", "data") match every posting
MIN_SCORE = 2  # one shared word is chance; a cue or two words is a topic


def for_signals(bank: Mapping[str, Question], signals: list[str]) -> list[str]:
    """Questions probing the signals, those that probe them first (a question lists its main signal first)."""
    ranked = [(min(q.signals.index(s) for s in signals if s in q.signals), qid)
              for qid, q in bank.items() if any(s in q.signals for s in signals)]
    return [qid for _, qid in sorted(ranked)]


def _score(question: Question, posting: NormalisedText, posting_words: set[str]) -> int:
    cues = {c for a in question.areas_to_cover for c in a.cues}
    cue_hits = sum(cue_in(c, posting) for c in cues)
    words = {w for w in tokens(question.text) if len(w) >= MIN_WORD and w not in _COMMON}
    return 2 * cue_hits + len(words & posting_words)


def for_job_description(bank: Mapping[str, Question], text: str) -> list[str]:
    """Questions on what the posting names (its cues and topic words), the best matches first."""
    posting = NormalisedText.of(text)
    words = set(posting.words)
    scored = [(-score, qid) for qid, q in bank.items() if (score := _score(q, posting, words)) >= MIN_SCORE]
    return [qid for _, qid in sorted(scored)]


def read_job_description(path: Path) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise UserError(f"--job-description {path}: cannot read it ({e.__class__.__name__})") from None
    if not text.strip():
        raise UserError(f"--job-description {path}: the file is empty")
    return text
