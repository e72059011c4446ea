"""`interview note --list` shows a note's text as typed, brackets and all (Rich markup is escaped)."""
from __future__ import annotations

import json
from pathlib import Path

from agent.cli import main


def test_note_list_shows_bracketed_text_literally(session_dir: Path, capsys):
    for text in ("[/bold] closing tag first", "uses the [word] framework"):
        assert main(["note", str(session_dir), "--at", "1:00:01", text]) == 0
    capsys.readouterr()
    assert main(["note", str(session_dir), "--list"]) == 0
    out = capsys.readouterr().out
    assert "[/bold] closing tag first" in out and "uses the [word] framework" in out
    saved = [n["text"] for n in json.loads((session_dir / "session.json").read_text())["notes"]]
    assert "uses the [word] framework" in saved
