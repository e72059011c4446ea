"""A real session, end to end: `interview run --script` through TTS, file microphone and STT, then a
coach's note, the reports, and the HTML in Chromium. Screenshots go to tests/artifacts/."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from agent.notes import add_note
from agent.report import write_reports
from agent.session import load_session
from rubrics import get_rubric

from .browser import open_page
from .conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def real_session(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("real") / "quick"
    run = subprocess.run([sys.executable, "-m", "agent.cli", "run", "--script", str(REPO / "examples/quick_practice.yaml"),
                          "--session-dir", str(folder)], cwd=REPO, capture_output=True, text=True, timeout=600,
                         env={**os.environ})
    assert run.returncode == 0, run.stderr[-2000:]
    return folder


def test_real_session_report_in_chromium(chromium, real_session: Path, artifacts: Path):
    session = load_session(real_session)
    first = session.turns[0]
    assert first.answer_audio and first.segments, "a scripted run records audio and timestamps"
    seg = first.segments[min(2, len(first.segments) - 1)]
    note = add_note(real_session, first.index, seg.start + 0.5, "Say the hit rate you'd expect, with a number.")
    write_reports(real_session)
    md = (real_session / "report.md").read_text()
    assert note.text in md

    page, console = open_page(chromium, real_session / "report.html")
    audio_id = f"a{first.index}"
    page.wait_for_function(f"document.getElementById('{audio_id}').readyState >= 1", timeout=10_000)
    stamp = page.locator(f"#tr{first.index} button.ts").nth(min(2, len(first.segments) - 1))
    stamp.click()
    t = page.evaluate(f"(() => {{ const a = document.getElementById('{audio_id}'); a.pause(); return a.currentTime; }})()")
    assert abs(t - seg.start) < 0.3
    for sig in get_rubric(session.grade.rubric).signals:
        assert page.locator(f"[data-signal='{sig.id}']").count() == 1
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(artifacts / "report-real-laptop.png"), full_page=True)
    phone, console2 = open_page(chromium, real_session / "report.html", width=390, height=844)
    phone.screenshot(path=str(artifacts / "report-real-phone.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert console.errors == [] and console2.errors == []
