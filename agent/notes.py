"""Coach notes anchored to a moment of a turn's answer, stored in session.json.

Notes are edited under the folder's save lock and a live run merges them into its own saves, so a
note added while the interview is still running is kept.

A note's `at_s` is measured on the answer's own clock (0 = the start of the answer recording), the
same clock as the transcript's timestamps, so a note lines up with the words it is about. A note
with no turn is about the whole session.
"""
from __future__ import annotations

import re
from pathlib import Path

from agent.errors import UserError
from agent.session import Note, Session, editing_session, load_session

_AT = re.compile(r"^\s*(\d+)\s*:\s*(?:(\d+)\s*:\s*)?(\d+(?:\.\d+)?)\s*$")
# Allowance past the recorded length: a coach rounds up to the next second when typing MM:SS.
_SLACK_S = 1.0


def parse_at(text: str) -> tuple[int, float]:
    """'3:01:15' -> (turn 3, 75.0 s); '3:15' -> (turn 3, 15.0 s); seconds may carry decimals."""
    m = _AT.match(text)
    if not m:
        raise UserError(f"--at {text!r}: expected TURN:MM:SS, e.g. 3:01:15 (turn 3, one minute fifteen in)")
    turn, minutes, seconds = int(m.group(1)), int(m.group(2) or 0), float(m.group(3))
    if m.group(2) is not None and seconds >= 60:
        raise UserError(f"--at {text!r}: seconds must be below 60")
    return turn, minutes * 60 + seconds


def _check_moment(session: Session, turn: int | None, at_s: float | None) -> None:
    if turn is None:
        return
    t = next((t for t in session.turns if t.index == turn), None)
    if t is None:
        known = ", ".join(str(t.index) for t in session.turns) or "none"
        raise UserError(f"turn {turn}: no such turn in session {session.id} (turns: {known})")
    if at_s is not None and t.duration_s and at_s > t.duration_s + _SLACK_S:
        raise UserError(f"turn {turn}: {at_s:.0f} s is past the end of its answer ({t.duration_s:.0f} s long)")


def add_note(folder: Path, turn: int | None, at_s: float | None, text: str) -> Note:
    """`turn`: the turn's number, or None for a note on the whole session."""
    text = text.strip()
    if not text:
        raise UserError("a note needs some text")
    with editing_session(folder) as session:
        _check_moment(session, turn, at_s)
        note = Note(id=max((n.id for n in session.notes), default=0) + 1, turn=turn,
                    at_s=None if at_s is None else round(at_s, 2), text=text)
        session.notes.append(note)
    return note


def ordered(notes: list[Note]) -> list[Note]:
    """Notes in the order they are read: by turn, then by moment (filtering one turn keeps it)."""
    return sorted(notes, key=lambda n: (-1 if n.turn is None else n.turn, n.at_s or 0.0, n.id))


def list_notes(folder: Path) -> list[Note]:
    return ordered(load_session(folder).notes)


def delete_note(folder: Path, note_id: int) -> Note:
    with editing_session(folder) as session:
        note = next((n for n in session.notes if n.id == note_id), None)
        if note is None:
            known = ", ".join(str(n.id) for n in session.notes) or "none"
            raise UserError(f"note {note_id}: no such note in session {session.id} (notes: {known})")
        session.notes = [n for n in session.notes if n.id != note_id]
    return note
