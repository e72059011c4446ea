"""Timestamps as people read them, the same in reports, replay and the command line."""
from __future__ import annotations


def fmt_ts(seconds: float | None) -> str:
    """0:07, 1:05, 1:02:03 (truncated to the second, so a timestamp never points past its word)."""
    if seconds is None:
        return ""
    s = max(0, int(seconds))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"
