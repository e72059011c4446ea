"""`interview grade` through the real console entry point."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from agent.session import save_session

from .conftest import ANSWERS, session_of


def cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("INTERVIEW_LLM_MODEL", "OPENAI_API_KEY", "OPENAI_BASE_URL")}
    return subprocess.run([sys.executable, "-m", "agent.cli", "grade", *args], capture_output=True, text=True,
                          timeout=120, env={**clean, **(env or {})})


def transcript(tmp_path: Path) -> Path:
    path = tmp_path / "mock.yaml"
    path.write_text(yaml.safe_dump({"level": "senior", "turns": [
        {"question": "How would you ship a breaking change to our public API without burning the developers?",
         "answer": ANSWERS["api_breaking_change"]["strong"]},
        {"question": "Tell me about a launch you led across three engineering teams.",
         "answer": ANSWERS["cross_team_launch"]["medium"]},
    ]}))
    return path


def test_transcript_json_is_only_the_grade_and_byte_identical(tmp_path):
    path = transcript(tmp_path)
    a = cli(str(path), "--json", env={"SOURCE_DATE_EPOCH": "1767225600"})
    b = cli(str(path), "--json", env={"SOURCE_DATE_EPOCH": "1767225600"})
    assert a.returncode == 0, a.stderr
    assert a.stdout == b.stdout
    grade = json.loads(a.stdout)
    assert grade["level"] == "senior" and grade["rubric"] == "tpm_scorecard" and grade["brain"] == "offline"
    assert grade["created_at"] == "2026-01-01T00:00:00+00:00"
    assert {"overall", "recommendation", "signals", "supported_level", "strengths", "improvements"} <= set(grade)


def test_transcript_with_another_rubric_and_level(tmp_path):
    out = cli(str(transcript(tmp_path)), "--rubric", "technical_interview_areas", "--level", "mid", "--json")
    grade = json.loads(out.stdout)
    assert grade["rubric"] == "technical_interview_areas" and grade["level"] == "mid"
    assert [s["id"] for s in grade["signals"]] == ["working_with_engineers", "technical_depth", "bridging_to_users"]


def test_regrading_a_session_keeps_earlier_grades(bank, tmp_path):
    folder = tmp_path / "s"
    save_session(folder, session_of(bank, [("halt_rollout_metric", ANSWERS["halt_rollout_metric"]["strong"])], timed=True))
    first = cli(str(folder), "--save")
    assert first.returncode == 0, first.stderr
    assert "tpm_scorecard at mid" in first.stdout and "strengths:" in first.stdout
    second = cli(str(folder), "--rubric", "technical_interview_areas", "--level", "senior", "--json", "--save")
    data = json.loads((folder / "session.json").read_text())
    assert [g["rubric"] for g in data["grades"]] == ["tpm_scorecard", "technical_interview_areas"]
    assert data["grade"] == json.loads(second.stdout) and data["grades"][1]["settings"]["level"] == "senior"
    assert data["delivery"]["wpm"] > 0


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("turns: [{answer: 'no question'}]\n")
    cases = [
        (cli(str(tmp_path / "missing.yaml")), "no such session folder or transcript file"),
        (cli(str(bad)), "bad.yaml: turns[0].question: field required"),
        (cli(str(transcript(tmp_path)), "--rubric", "nope"), "unknown rubric 'nope'"),
    ]
    for proc, msg in cases:
        assert proc.returncode == 2
        assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error: ") and msg in proc.stderr, proc.stderr


def test_grading_a_session_prints_by_default_and_saves_only_with_save_never_twice(bank, tmp_path):
    folder = tmp_path / "s"
    save_session(folder, session_of(bank, [("halt_rollout_metric", ANSWERS["halt_rollout_metric"]["strong"])], timed=True))
    before = (folder / "session.json").read_bytes()
    looked = cli(str(folder))
    assert looked.returncode == 0 and "tpm_scorecard at mid" in looked.stdout and "--save" in looked.stdout
    assert (folder / "session.json").read_bytes() == before, "a look at the grade writes nothing"
    for _ in range(2):
        assert cli(str(folder), "--save").returncode == 0
    data = json.loads((folder / "session.json").read_text())
    assert len(data["grades"]) == 1, "the same grade saved twice is one row"
    assert cli(str(folder), "--save", "--level", "senior").returncode == 0
    assert [g["level"] for g in json.loads((folder / "session.json").read_text())["grades"]] == ["mid", "senior"]
