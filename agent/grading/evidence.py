"""Which quotes stand under which signal: each signal's own, not one good sentence under all of them.

A rich sentence backs indicators of several signals ("a 429 with a Retry-After header" is a
failure path and a rationed resource). Quoted under every one of them, the scorecard reads as if
the answer had one sentence. So the most on-point (signal, sentence) pairs are placed first and a
sentence goes to one signal only. A signal whose every candidate went elsewhere still keeps its
best one: that sentence does show one of its indicators. A signal with no indicator on point
rests on the sentences that covered the question (scoring.score_signal): those no other signal
quotes, else one that stands under one other signal at most.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

from .scoring import EVIDENCE_QUOTES, SignalResult, in_order, on_point_key


GROUNDS = 2  # quotes under a signal that rests on the ground covered, not on an indicator
SHARED = 2  # signals one such sentence may stand under, when the answer has no other


def _key(a) -> tuple[int, int]:
    return a.sentence.turn, a.sentence.start


def spread_evidence(results: list[SignalResult]) -> list[SignalResult]:
    pairs = sorted(((on_point_key(r.signal.id, a), i, a) for i, r in enumerate(results) if r.assessed
                    for a in r.candidates), key=lambda p: (-p[0], p[1], _key(p[2])))
    chosen: dict[int, list] = {i: [] for i in range(len(results))}
    used: set[tuple[int, int]] = set()
    for _, i, a in pairs:
        if len(chosen[i]) < EVIDENCE_QUOTES and _key(a) not in used:
            chosen[i].append(a)
            used.add(_key(a))
    quoted = Counter(_key(a) for mine in chosen.values() for a in mine)
    out = []
    for i, r in enumerate(results):
        if not r.assessed:
            out.append(r)
            continue
        mine = chosen[i] or r.candidates[:1]
        if not mine:  # no indicator on point: the sentences that covered the question, the least quoted first
            fresh = [a for a in r.evidence if _key(a) not in used][:GROUNDS]
            mine = fresh or sorted((a for a in r.evidence if quoted[_key(a)] < SHARED),
                                   key=lambda a: quoted[_key(a)])[:1]
        for a in mine:
            used.add(_key(a))
            quoted[_key(a)] += 1
        out.append(replace(r, evidence=in_order(mine)))
    return out
