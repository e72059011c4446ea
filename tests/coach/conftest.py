"""Fixtures for the coach's view: session folders built from real synthesized speech."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from agent.session import Note

from .browser import launch, skip_reason
from .builders import ESPEAK, build_session

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"

# Three turns: a main question, a follow-up, a second main question. The follow-up's answer carries
# markup that must show as text and run nothing.
HOSTILE = '<script>window.__pwned = 1</script> and <img src=x onerror="window.__pwned = 2">'
ANSWERS = [
    ("question", "latency_regression",
     "Our checkout API's p99 latency doubled after last week's release. How would you find out why?",
     "First I'd scope it. Which endpoints, which regions, and did the error rate move too? "
     "Then I'd compare the release diff against the latency dashboard. "
     "I'd roll back behind the feature flag if users were hurt."),
    ("follow_up", "latency_regression", "What metric would tell you the rollback worked?",
     "The p99 should drop back to about 300 milliseconds within an hour. "
     f"I'd also watch support tickets as a guardrail. {HOSTILE}."),
    ("question", "api_breaking_change", "Tell me about a time you had to ship a breaking API change.",
     "We versioned the endpoint and gave partners six months. "
     "The tech lead pushed back on the timeline and she was right."),
]

needs_espeak = pytest.mark.skipif(ESPEAK is None, reason="espeak-ng not installed (apt-get install espeak-ng)")


@pytest.fixture(scope="session")
def built_session(tmp_path_factory) -> Path:
    """A graded session folder with real WAVs; copied per test so tests cannot disturb each other."""
    if ESPEAK is None:
        pytest.skip("espeak-ng not installed (apt-get install espeak-ng)")
    folder = tmp_path_factory.mktemp("built") / "20260501-100000"
    build_session(folder, ANSWERS, session_id="20260501-100000",
                  notes=[Note(id=1, turn=1, at_s=3.0, text="Good scoping <b>first</b>")])
    return folder


@pytest.fixture
def session_dir(built_session: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "sessions" / built_session.name
    shutil.copytree(built_session, dest)
    return dest


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium for the whole run (Playwright allows one sync driver per thread)."""
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()
