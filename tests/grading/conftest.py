from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from agent.brain.base import FollowUpContext
from agent.session import Segment, Session, Turn, Word
from agent.state import Exchange
from question_flows import get_flow, load_bank
from rubrics import get_rubric

HERE = Path(__file__).parent
ANSWERS: dict[str, dict[str, str]] = yaml.safe_load((HERE / "fixtures" / "answers.yaml").read_text())
KINDS_GAMING = ("keyword_salad", "injection", "off_topic")


@pytest.fixture(scope="session")
def bank():
    return load_bank()


@pytest.fixture(scope="session")
def rubric():
    return get_rubric("tpm_scorecard")


def timed_segments(text: str, start: float = 0.5, wps: float = 2.4, gap_after: dict[int, float] | None = None):
    """Segments with word timestamps as an ASR would give them: one segment per sentence."""
    import re

    segments: list[Segment] = []
    t = start
    n = 0
    for sent in re.split(r"(?<=[.!?])\s+", text.strip()):
        words = []
        for w in sent.split():
            words.append(Word(start=round(t, 3), end=round(t + 0.8 / wps * 2, 3), word=" " + w))
            t += 1.0 / wps
            n += 1
            if gap_after and n in gap_after:
                t += gap_after[n]
        segments.append(Segment(start=words[0].start, end=words[-1].end, text=" " + sent, words=words))
    return segments


def session_of(bank, items: list[tuple[str, str]], level: str = "mid", timed: bool = False) -> Session:
    """A completed session answering bank questions: items are (question_id, answer)."""
    turns = []
    for i, (qid, answer) in enumerate(items, start=1):
        turns.append(Turn(index=i, kind="question", question_id=qid, prompt_text=bank[qid].text, transcript=answer,
                          segments=timed_segments(answer) if timed else [], started_at="2026-01-01T00:00:00+00:00",
                          prompt_duration_s=6.0))
    return Session(id="s1", flow="test", level=level, turns=turns, started_at="2026-01-01T00:00:00+00:00")


def follow_up_ctx(bank, answer: str | None = None, qid: str = "latency_regression") -> FollowUpContext:
    """What a brain sees after one answer to a main question (by default the medium answer)."""
    q = bank[qid]
    answer = ANSWERS[qid]["medium"] if answer is None else answer
    return FollowUpContext(question=q, flow=get_flow("system_design"), level="mid",
                           turns=[Exchange(turn=1, kind="question", question_id=qid, text=q.text, transcript=answer)],
                           follow_ups_asked=0, reprompted=False, question_time_left_s=300, session_time_left_s=3000)


def timed_follow_up(brain, ctx: FollowUpContext) -> tuple[str, list[str], float, float]:
    """A streamed follow-up: its first sentence, the rest, and seconds to the first and to the end."""
    t0 = time.perf_counter()
    stream = brain.stream_follow_up(ctx)
    first = next(stream)
    first_s = time.perf_counter() - t0
    rest = list(stream)
    return first, rest, first_s, time.perf_counter() - t0
