"""The report as a candidate reads it: on a phone, for a typed session, each figure once, as a PDF."""
from __future__ import annotations

import json
from pathlib import Path

from agent.report import write_reports
from support import REPO, run_interview_cli

from .browser import open_page


def test_the_per_answer_table_fits_a_390_px_phone(chromium, session_dir: Path, artifacts: Path):
    write_reports(session_dir, md=False)
    phone, console = open_page(chromium, session_dir / "report.html", width=390, height=844)
    tables = phone.evaluate("""[...document.querySelectorAll('#delivery table')].map(t => ({
        wide: t.scrollWidth, room: t.parentElement.clientWidth}))""")
    assert tables, "the delivery section has its per-answer table"
    assert all(t["wide"] <= t["room"] for t in tables), tables  # no sideways scrolling inside the card
    phone.locator("#delivery").screenshot(path=str(artifacts / "report-delivery-phone.png"))
    assert console.errors == []


def test_each_delivery_figure_is_shown_once(session_dir: Path):
    write_reports(session_dir)
    md = (session_dir / "report.md").read_text()
    assert md.count("Candidate talk time") == 1
    assert "Speaking time" not in md, "speaking time is the candidate's talk time: one figure"


def test_a_typed_session_has_no_delivery_section(tmp_path):
    folder = tmp_path / "typed"
    answer = "I would scope it by asking who the limit protects, then write the latency budget into the spec."
    r = run_interview_cli("run", "--text", "--session-dir", str(folder), cwd=REPO, stdin=f"{answer}\n\n/end\n")
    assert r.returncode == 0, r.stderr
    assert json.loads((folder / "session.json").read_text())["turns"][0]["via"] == "typed"
    assert "## Delivery" not in (folder / "report.md").read_text()
    assert 'id="delivery"' not in (folder / "report.html").read_text()


def test_report_pdf_prints_the_report_through_chromium(chromium, session_dir: Path):
    r = run_interview_cli("report", str(session_dir), "--pdf", cwd=REPO)
    assert r.returncode == 0, r.stderr
    pdf = (session_dir / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") + pdf.count(b"/Type/Page") >= 2
    assert f"wrote {session_dir / 'report.pdf'}" in r.stdout


def test_embedded_audio_is_compressed_and_still_plays_and_seeks(chromium, session_dir: Path, tmp_path: Path):
    import shutil

    wav_bytes = sum(p.stat().st_size for p in (session_dir / "audio").glob("*.wav"))
    write_reports(session_dir, md=False, embed_audio=True)
    alone = tmp_path / "alone.html"
    shutil.copy(session_dir / "report.html", alone)
    assert alone.stat().st_size < wav_bytes / 4, (alone.stat().st_size, wav_bytes)
    assert "data:audio/mpeg;base64," in alone.read_text()
    page, console = open_page(chromium, alone)
    page.wait_for_function("document.getElementById('a1').readyState >= 1", timeout=10_000)
    duration = page.evaluate("document.getElementById('a1').duration")
    assert duration > 1.0
    page.locator("#tr1 button.ts").nth(1).click()
    seg_start = float(page.locator("#tr1 button.ts").nth(1).get_attribute("data-seek"))
    at = page.evaluate("(() => { const a = document.getElementById('a1'); a.pause(); return a.currentTime; })()")
    assert abs(at - seg_start) < 0.3
    assert console.errors == []
