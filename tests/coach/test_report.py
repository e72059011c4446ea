"""report.md and report.html as text: content, escaping, notes, delivery, coverage."""
from __future__ import annotations

import re
from pathlib import Path

from agent.report import build_view, render_html, render_markdown, write_reports
from agent.session import load_session
from rubrics import get_rubric

from .conftest import HOSTILE


def test_write_reports_writes_both_by_default(session_dir: Path):
    written = write_reports(session_dir)
    assert [p.name for p in written] == ["report.html", "report.md"]
    assert all(p.stat().st_size > 1000 for p in written)


def test_every_rubric_signal_with_score_weight_and_bar_in_both(session_dir: Path):
    session = load_session(session_dir)
    view = build_view(session)
    html, md = render_html(view, session_dir), render_markdown(view)
    rubric = get_rubric("tpm_scorecard")
    bar = next(b.min_overall for b in rubric.level_bars if b.level == session.level)
    for sig in rubric.signals:
        graded = next(s for s in session.grade.signals if s.id == sig.id)
        assert f'data-signal="{sig.id}" data-score="{graded.score}"' in html
        assert f"| {sig.name} | {graded.score} | {graded.weight}% | {bar} |" in md
    assert "<svg class=\"chart\"" in html and html.count("class=\"bar\"") >= len(rubric.signals)


def test_candidate_markup_is_escaped(session_dir: Path):
    view = build_view(load_session(session_dir))
    html, md = render_html(view, session_dir), render_markdown(view)
    assert HOSTILE not in html
    # Words are spans of their own (for highlighting), so check the escaped pieces.
    for piece in ("&lt;script&gt;window.__pwned", "1&lt;/script&gt;", "&lt;img", "onerror=&quot;window.__pwned"):
        assert piece in html
    assert html.count("<script>") == 1  # the page's own script, nothing else
    assert "<img" not in html
    assert "\\<script\\>" in md and "\\<img" in md
    assert not re.search(r"(?<!\\)<", md)  # no unescaped "<" anywhere: no raw HTML reaches a renderer


def test_audio_is_referenced_relatively_or_embedded(session_dir: Path):
    view = build_view(load_session(session_dir))
    html = render_html(view, session_dir)
    assert 'src="audio/001-answer.wav"' in html and str(session_dir) not in html
    embedded = render_html(view, session_dir, embed_audio=True)
    assert 'src="data:audio/mpeg;base64,' in embedded and 'src="audio/' not in embedded


def test_follow_ups_uncovered_areas_and_recommendation(session_dir: Path):
    session = load_session(session_dir)
    view = build_view(session)
    html, md = render_html(view, session_dir), render_markdown(view)
    group = view.groups[0]
    assert [t.index for t in group.follow_ups] == [2]
    assert "Follow-ups asked" in html and "What metric would tell you the rollback worked?" in md
    if group.uncovered:  # the question is in the bank: the areas no answer touched are listed
        assert "Areas left uncovered" in html and group.uncovered[0] in md
    assert session.grade.recommendation in md
    assert "Level the evidence supports" in html and "Level the evidence supports" in md


def test_delivery_figures_with_bands(session_dir: Path):
    md = render_markdown(build_view(load_session(session_dir)))
    assert "## Delivery" in md and "| Pace |" in md and "130–160 wpm" in md
    assert "**Per answer**" in md


def test_ungraded_session_still_renders(session_dir: Path):
    session = load_session(session_dir)
    session.grade, session.grades, session.delivery = None, [], None
    view = build_view(session)
    assert "not been graded" in render_html(view, session_dir)
    assert "Not graded yet" in render_markdown(view)


def test_report_cli_writes_what_was_asked(session_dir: Path, monkeypatch, capsys):
    from agent.cli import main

    assert main(["report", str(session_dir), "--md"]) == 0
    assert (session_dir / "report.md").is_file() and not (session_dir / "report.html").exists()
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    assert main(["report", session_dir.name, "--root", str(session_dir.parent), "--html", "--open"]) == 0
    assert opened == [(session_dir / "report.html").resolve().as_uri()]
    assert "wrote" in capsys.readouterr().out
    assert main(["report", "nope", "--root", str(session_dir.parent)]) == 2
    assert capsys.readouterr().err.startswith("error: nope: no such session")
