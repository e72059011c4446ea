"""Coach notes: TURN:MM:SS parsing, round trip through session.json, both reports, the CLI."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent.cli import main
from agent.errors import UserError
from agent.notes import add_note, delete_note, list_notes, parse_at
from agent.report import write_reports


@pytest.mark.parametrize("text,expected", [("3:01:15", (3, 75.0)), ("2:15", (2, 15.0)), ("1:00:02.5", (1, 2.5))])
def test_parse_at(text, expected):
    assert parse_at(text) == expected


@pytest.mark.parametrize("text", ["", "abc", "1:2:3:4", "2:00:75"])
def test_parse_at_rejects(text):
    with pytest.raises(UserError):
        parse_at(text)


def test_notes_round_trip_and_appear_in_both_reports(session_dir: Path):
    note = add_note(session_dir, 2, 5.0, "Names the guardrail metric: <i>good</i>")
    raw = json.loads((session_dir / "session.json").read_text())
    assert {"id": note.id, "turn": 2, "at_s": 5.0, "text": "Names the guardrail metric: <i>good</i>"}.items() \
        <= raw["notes"][-1].items()
    assert [n.id for n in list_notes(session_dir)] == [1, note.id]
    write_reports(session_dir)
    html = (session_dir / "report.html").read_text()
    md = (session_dir / "report.md").read_text()
    assert f'id="note-{note.id}"' in html and "Names the guardrail metric: &lt;i&gt;good&lt;/i&gt;" in html
    assert 'data-audio="a2" data-seek="5.00">0:05</button>' in html  # the note seeks its moment
    assert "Note at 0:05:** Names the guardrail metric: \\<i\\>good\\</i\\>" in md
    assert f"Turn 2 at 0:05 (#{note.id})" in md

    delete_note(session_dir, note.id)
    write_reports(session_dir)
    assert "guardrail metric: " not in (session_dir / "report.md").read_text()
    assert [n.id for n in list_notes(session_dir)] == [1]


def test_note_validation(session_dir: Path):
    with pytest.raises(UserError, match="no such turn"):
        add_note(session_dir, 9, 1.0, "x")
    with pytest.raises(UserError, match="past the end"):
        add_note(session_dir, 1, 600.0, "x")
    with pytest.raises(UserError, match="no such note"):
        delete_note(session_dir, 42)


def test_note_cli(session_dir: Path, capsys):
    root = str(session_dir.parent)
    assert main(["note", session_dir.name, "--root", root, "--at", "3:00:02", "she owned the miss"]) == 0
    assert main(["note", str(session_dir), "--list"]) == 0
    out = capsys.readouterr().out
    assert "she owned the miss" in out and "0:02" in out
    assert main(["note", str(session_dir), "--at", "7:00:02", "nope"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: turn 7: no such turn in session 20260501-100000 (turns: 1, 2, 3)"]
    assert main(["note", str(session_dir), "--delete", "2"]) == 0
    assert main(["note", "no-such-session", "--root", root, "--list"]) == 2


def test_a_note_without_a_moment_is_on_the_session_and_the_reports_show_it_at_once(session_dir: Path, capsys):
    write_reports(session_dir)
    assert main(["note", str(session_dir), "Practise naming a metric before the method"]) == 0
    assert main(["note", str(session_dir), "--at", "2:00:01", "good guardrail"]) == 0
    out = capsys.readouterr().out
    assert "on the whole session" in out and "on turn 2 at 0:01" in out and "report.html" in out
    md = (session_dir / "report.md").read_text()
    html = (session_dir / "report.html").read_text()
    assert "- Session (#2): Practise naming a metric before the method" in md
    assert "Turn 2 at 0:01 (#3): good guardrail" in md and "good guardrail" in html
    assert "<b>Session</b> — Practise naming a metric before the method" in html
    assert main(["note", str(session_dir), "--list"]) == 0
    listed = capsys.readouterr().out
    assert "session" in listed and "Practise naming a metric" in listed
    assert main(["note", str(session_dir), "--delete", "2"]) == 0
    assert "Practise naming a metric" not in (session_dir / "report.md").read_text()
