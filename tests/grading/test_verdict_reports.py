"""The candidate-facing verdict, through a real typed session and the reports it writes.

`interview run --text` with two pinned behavioral questions: a specific story, a pass on its
follow-up, then "I'd rather skip this one" in natural words on the second question.
"""
from __future__ import annotations

import json
import re

import pytest

from support import REPO, run_interview_cli

from .test_interviewer_cases import STORY

DECLINE = "I'd rather skip this one, I don't have a good example."
PINNED = ("--flow", "behavioral", "--question", "hard_feedback_from_engineer",
          "--question", "significant_tradeoff_decision")


@pytest.fixture(scope="module")
def practice(tmp_path_factory):
    root = tmp_path_factory.mktemp("sessions")
    folder = root / "practice"
    r = run_interview_cli("run", "--text", "--session-dir", str(folder), *PINNED, cwd=REPO,
                          stdin=f"{STORY}\n\n/skip\n{DECLINE}\n\n/end\n")
    assert r.returncode == 0, r.stderr
    return root, folder, r.stdout, json.loads((folder / "session.json").read_text())


def test_the_run_ends_with_a_short_summary_and_a_verdict_per_question(practice):
    _, _, stdout, session = practice
    g = session["grade"]
    assert 2 <= len(re.findall(r"[.!?](?:\s|$)", g["summary"])) <= 3, g["summary"]
    assert g["summary"] in stdout and "per question:" in stdout
    main = [t for t in session["turns"] if t["kind"] == "question" and t["ended_by"] != "end"]
    assert [q["turn"] for q in g["questions"]] == [t["index"] for t in main]
    story, passed = g["questions"]
    assert story["verdict"] in ("strong", "solid") and story["score"] >= 60
    assert passed["verdict"] == "skipped" and passed["score"] is None


def test_up_to_three_next_steps_each_tied_to_a_quote_or_a_real_gap(practice):
    # The story told every part and showed more traits than its score can use: what is left to
    # practise is the question passed on and the follow-up passed on, not filler from a full score.
    steps = practice[3]["grade"]["next_steps"]
    assert all(p.get("quote") or p.get("gap") for p in steps), steps
    assert "prepare a story" in steps[0]["text"]  # the question passed on comes first
    assert [p["gap"] for p in steps] == ["an answer (you passed on it)", "an answer to a follow-up you passed on"]
    assert not [p for p in steps if "Not yet shown" in p["text"]]


def test_the_markdown_report_links_the_weakest_moment_and_shows_the_skip(practice):
    _, folder, _, session = practice
    md = (folder / "report.md").read_text()
    verdict = md.split("## Verdict", 1)[1].split("## Grade", 1)[0]
    assert session["grade"]["summary"].split(".")[0] in verdict
    row = next(line for line in verdict.splitlines() if line.startswith("| [") and "technical tradeoff" in line)
    assert "| skipped | — |" in row and "| 0 |" not in row
    weakest = next(line for line in verdict.splitlines() if line.startswith("**Weakest moment**"))
    anchor = re.search(r"\]\(#([\w-]+)\)", weakest).group(1)
    headings = [h[4:].strip() for h in md.splitlines() if h.startswith("### ")]
    slugs = {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}
    assert anchor in slugs, (anchor, headings)
    assert len(re.findall(r"^\d\. ", verdict, re.M)) == len(session["grade"]["next_steps"])


def test_the_html_report_links_the_weakest_moment_to_its_turn(practice):
    _, folder, _, session = practice
    html = (folder / "report.html").read_text()
    weakest = re.search(r'<p id="weakest">(.*?)</p>', html).group(1)
    turn = re.search(r'href="#turn-(\d+)"', weakest).group(1)
    assert int(turn) == session["grade"]["weakest"]["turn"]
    assert f'id="turn-{turn}"' in html
    steps = html.count("<li>", html.index('id="next-steps"'), html.index("</ol>", html.index('id="next-steps"')))
    assert steps == len(session["grade"]["next_steps"])
    assert "off_topic" not in html and "keyword_salad" not in html


def test_an_empty_session_gets_no_verdict_and_is_listed_nowhere(practice):
    root, _, _, _ = practice
    empty = root / "empty"
    r = run_interview_cli("run", "--text", "--session-dir", str(empty), "--flow", "behavioral", cwd=REPO,
                          stdin="/skip\n/end\n")
    assert r.returncode == 0, r.stderr
    assert "nothing to grade" in r.stdout
    assert json.loads((empty / "session.json").read_text())["grade"] is None
    listed = run_interview_cli("sessions", "--root", str(root), cwd=REPO, env={"COLUMNS": "200"})
    assert listed.returncode == 0, listed.stderr
    assert "practice" in listed.stdout and "empty" not in listed.stdout
    history = run_interview_cli("history", "--root", str(root), cwd=REPO, env={"COLUMNS": "200"})
    assert history.returncode == 0, history.stderr
    assert "empty" not in (root / "index.html").read_text()
    regrade = run_interview_cli("grade", str(empty), cwd=REPO)
    assert regrade.returncode == 2 and "no answers to grade" in regrade.stderr
