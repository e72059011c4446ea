"""report.html in headless Chromium: seeking, the scorecard, escaping, no console errors, screenshots."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from agent.report import write_reports
from agent.session import load_session
from rubrics import get_rubric

from .browser import open_page
from .conftest import HOSTILE


def _metadata_loaded(page, audio_id: str) -> None:
    # readyState >= 1 means the WAV was found through its relative src and parsed.
    page.wait_for_function(f"document.getElementById('{audio_id}').readyState >= 1", timeout=10_000)


def test_clicking_a_timestamp_seeks_the_audio(chromium, session_dir: Path):
    write_reports(session_dir, md=False)
    page, console = open_page(chromium, session_dir / "report.html")
    _metadata_loaded(page, "a1")
    stamp = page.locator("#tr1 button.ts").nth(2)
    target = float(stamp.get_attribute("data-seek"))
    assert target > 1.0
    stamp.click()
    t = page.evaluate("(() => { const a = document.getElementById('a1'); a.pause(); return a.currentTime; })()")
    assert abs(t - target) < 0.3
    # While it plays, the word being spoken is highlighted.
    word = page.locator("#tr1 [data-s]").nth(7)
    mid = (float(word.get_attribute("data-s")) + float(word.get_attribute("data-e"))) / 2
    page.evaluate(f"(() => {{ const a = document.getElementById('a1'); a.currentTime = {mid};"
                  " a.dispatchEvent(new Event('timeupdate')); })()")
    assert page.locator("#tr1 .now").count() == 1
    assert "now" in word.get_attribute("class")

    # An evidence quote jumps to its moment: the transcript line is targeted and the audio seeks.
    quote = page.locator("a.quote[data-audio='a2']").first
    target2 = float(quote.get_attribute("data-seek"))
    quote.click()
    _metadata_loaded(page, "a2")
    t2 = page.evaluate("(() => { const a = document.getElementById('a2'); a.pause(); return a.currentTime; })()")
    assert abs(t2 - target2) < 0.3
    assert page.evaluate("location.hash") == quote.get_attribute("href")
    assert console.errors == []


def test_scorecard_shows_every_rubric_signal_with_its_score(chromium, session_dir: Path):
    write_reports(session_dir, md=False)
    session = load_session(session_dir)
    page, console = open_page(chromium, session_dir / "report.html")
    chart_text = page.evaluate("document.querySelector('svg.chart').textContent")
    for sig in get_rubric("tpm_scorecard").signals:
        score = next(s.score for s in session.grade.signals if s.id == sig.id)
        card = page.locator(f"[data-signal='{sig.id}']")
        assert card.count() == 1 and card.get_attribute("data-score") == str(score)
        assert card.is_visible() and sig.name in card.inner_text() and f"{score}/100" in card.inner_text()
        assert sig.name in chart_text
    assert f"{session.grade.overall}/100" in chart_text
    assert console.errors == []


def test_hostile_answer_shows_as_text_and_runs_nothing(chromium, session_dir: Path):
    write_reports(session_dir, md=False)
    # bypass_csp: the escaping alone must hold, without the page's CSP as a safety net.
    for bypass in (True, False):
        page, console = open_page(chromium, session_dir / "report.html", bypass_csp=bypass)
        page.wait_for_timeout(300)
        assert page.evaluate("typeof window.__pwned") == "undefined"
        assert page.evaluate("document.scripts.length") == 1
        assert page.evaluate("document.images.length") == 0
        assert HOSTILE in page.locator("#tr2").inner_text()
        assert "Good scoping <b>first</b>" in page.locator("#notes").inner_text()
        assert console.errors == []


def test_zipped_and_unzipped_elsewhere_still_plays(chromium, session_dir: Path, tmp_path: Path):
    write_reports(session_dir)
    archive = shutil.make_archive(str(tmp_path / "shared"), "zip", session_dir.parent, session_dir.name)
    dest = tmp_path / "recipient"
    zipfile.ZipFile(archive).extractall(dest)
    page, console = open_page(chromium, dest / session_dir.name / "report.html")
    for audio_id in ("a1", "a2", "a3"):
        _metadata_loaded(page, audio_id)
    assert page.evaluate("document.getElementById('a3').duration") > 1.0
    assert console.errors == []


def test_embedded_audio_plays_without_the_folder(chromium, session_dir: Path, tmp_path: Path):
    write_reports(session_dir, md=False, embed_audio=True)
    alone = tmp_path / "alone.html"
    shutil.copy(session_dir / "report.html", alone)
    page, console = open_page(chromium, alone)
    _metadata_loaded(page, "a1")
    assert console.errors == []


def test_screenshots_laptop_phone_and_print(chromium, session_dir: Path, artifacts: Path):
    """Saved for a person to look at (tests/artifacts/, gitignored); also checks the phone layout fits."""
    write_reports(session_dir, md=False)
    page, console = open_page(chromium, session_dir / "report.html")
    page.screenshot(path=str(artifacts / "report-fixture-laptop.png"), full_page=True)
    page.emulate_media(media="print")
    page.screenshot(path=str(artifacts / "report-fixture-print.png"), full_page=True)
    assert page.evaluate("getComputedStyle(document.querySelector('audio')).display") == "none"
    phone, console2 = open_page(chromium, session_dir / "report.html", width=390, height=844)
    phone.screenshot(path=str(artifacts / "report-fixture-phone.png"), full_page=True)
    # Nothing wider than the phone's screen: no sideways scrolling of the page itself.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert console.errors == [] and console2.errors == []
