"""report.pdf: the HTML report printed by headless Chromium (the same browser the report is tested in).

The report's print stylesheet (agent/report/assets.py) hides the players and keeps cards whole
across pages; Chromium is found as `chromium` (Debian), `chromium-browser` or `google-chrome`, or
at $CHROMIUM.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from agent.errors import UserError

PDF_FILE = "report.pdf"
BROWSERS = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT_S = 120


def find_chromium() -> str:
    named = os.environ.get("CHROMIUM")
    if named:
        if not Path(named).exists():
            raise UserError(f"CHROMIUM={named}: no such file")
        return named
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    raise UserError("--pdf needs Chromium to print the report (apt-get install chromium, or set CHROMIUM)")


def print_pdf(html: Path, out: Path) -> Path:
    """Print `html` to `out` (written whole or not at all)."""
    browser = find_chromium()
    out = Path(out)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    os.close(fd)
    args = [browser, "--headless", "--disable-gpu", "--no-pdf-header-footer", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", f"--print-to-pdf={tmp}", html.resolve().as_uri()]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(1, "--no-sandbox")  # Chromium refuses to run its sandbox as root
    try:
        with tempfile.TemporaryDirectory(prefix="interview-pdf-") as profile:
            done = subprocess.run([*args[:1], f"--user-data-dir={profile}", *args[1:]], capture_output=True,
                                  text=True, timeout=TIMEOUT_S)
        if done.returncode != 0 or not Path(tmp).read_bytes().startswith(b"%PDF"):
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise UserError(f"{browser}: could not print {html} to PDF ({last})")
        os.chmod(tmp, 0o644)  # as readable as the other reports
        os.replace(tmp, out)
    except subprocess.TimeoutExpired:
        raise UserError(f"{browser}: printing {html} took over {TIMEOUT_S} s") from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    return out
