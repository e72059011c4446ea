"""Embed the shipped bank and rubrics into the disk cache, so no interview computes them.

    python -m agent.meaning.precompute      (run by `make setup`; a second run is a cache check)

Covers question texts, areas, follow-ups, story-part exemplars, stock and off-subject lines, rubric indicator
descriptions and examples: everything agent.meaning compares answers against. Without it they are computed on first use.
"""
from __future__ import annotations

import sys
import time

from agent.meaning.areas import ROLE_EXAMPLES, area_phrasings
from agent.meaning.general import STOCK_LINES
from agent.meaning.off_subject import OFF_SUBJECT
from agent.meaning.relevance import profile_texts
from agent.meaning.vectors import embed
from question_flows import load_bank
from rubrics import load_rubrics


def bank_texts() -> list[str]:
    texts: list[str] = []
    for q in load_bank().values():
        texts.extend(profile_texts(q))
        for area in q.areas_to_cover:
            texts.extend(area_phrasings(area, q))
    for examples in ROLE_EXAMPLES.values():
        texts.extend(examples)
    texts.extend(STOCK_LINES)
    texts.extend(OFF_SUBJECT)
    for rubric in load_rubrics().values():
        for signal in rubric.signals:
            texts.append(signal.description)
            texts.extend(ind.description for ind in signal.indicators)
            texts.extend(e for ind in signal.indicators for e in ind.examples)
    return list(dict.fromkeys(t.strip() for t in texts if t.strip()))


def main() -> int:
    started = time.perf_counter()
    texts = bank_texts()
    embed(texts)
    print(f"meaning: {len(texts)} bank and rubric texts embedded or found in the cache "
          f"in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
