"""Times as people read them, the same in reports, replay, history and the command line."""
from __future__ import annotations


def fmt_ts(seconds: float | None) -> str:
    """0:07, 1:05, 1:02:03 (truncated to the second, so a timestamp never points past its word)."""
    if seconds is None:
        return ""
    s = max(0, int(seconds))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def fmt_date(iso: str, seconds: bool = False) -> str:
    """An ISO timestamp as '2026-05-01 10:00' (or '2026-05-01 10:00:00' with seconds)."""
    return iso.replace("T", " ")[: 19 if seconds else 16]


def fmt_moment(turn: int, at_s: float | None) -> str:
    """'turn 3 at 0:05', or 'turn 3' when the moment within the answer is unknown."""
    return f"turn {turn}" + (f" at {fmt_ts(at_s)}" if at_s is not None else "")
