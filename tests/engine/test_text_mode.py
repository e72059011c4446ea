"""Practising by typing, through the real console entry point: what a candidate types is what is recorded."""
import json
import signal
import subprocess
import sys
import time

from support import ctrl_c_reaches_it

from .conftest import REPO, run_interview_cli

SCOPE = ("I would start by asking who the limit protects: our shared database during traffic spikes, and "
         "paying customers from one noisy integration.")
SCOPE_MORE = ("Then I would write the non-functional requirements: the limiter adds under a millisecond of "
              "latency, and clients get a clear error with a retry-after header.")
FOLLOW_UP = "We would limit per API key with a token bucket, and let bursts through up to twice the steady rate."


def _run_text(tmp_path, typed: str, *extra: str):
    folder = tmp_path / "typed"
    r = run_interview_cli("run", "--text", "--session-dir", str(folder), *extra, cwd=REPO, stdin=typed)
    assert r.returncode == 0, r.stderr
    return r, json.loads((folder / "session.json").read_text())


def test_a_pasted_answer_of_two_paragraphs_stays_one_answer(tmp_path):
    r, session = _run_text(tmp_path, f"{SCOPE}\n{SCOPE_MORE}\n\n{FOLLOW_UP}\n/done\n/end\n")
    first, second = session["turns"][0], session["turns"][1]
    assert first["transcript"] == f"{SCOPE}\n{SCOPE_MORE}"
    assert second["kind"] == "follow_up" and second["transcript"] == FOLLOW_UP


def test_commands_help_repeat_and_unknown_words_are_never_recorded(tmp_path):
    r, session = _run_text(tmp_path, f"/help\n/repeat\n/hlep\n{SCOPE}\n\n/end\n")
    question = session["turns"][0]["prompt_text"]
    # Before the closing line and the grade (which may quote it); lines are wrapped at 80 columns.
    interview = " ".join(r.stdout.split("\nInterviewer:")[0].split())
    assert interview.count(question.split(". ")[-1][:40]) == 2, "/repeat shows the question again"
    assert "/hlep: not a command (not recorded)" in r.stdout
    assert r.stdout.count("/repeat shows the question again") == 2, "/help shows the help again"
    assert session["turns"][0]["transcript"] == SCOPE


def test_skip_passes_and_end_stops_with_a_closing_that_fits(tmp_path):
    r, session = _run_text(tmp_path, "/skip\n/end\n", "--flow", "behavioral")
    assert [t["ended_by"] for t in session["turns"]] == ["skip", "end"]
    assert session["settings"]["ended_reason"] == "candidate ended the interview"
    assert "sharing those stories" not in session["closing_text"]
    assert "nothing to score" in session["closing_text"]


def test_skipping_every_question_is_not_thanked_for_stories(tmp_path):
    r, session = _run_text(tmp_path, "/skip\n" * 12, "--flow", "behavioral")
    assert session["status"] == "completed"
    assert all(t["ended_by"] == "skip" for t in session["turns"])
    assert "sharing those stories" not in session["closing_text"]
    assert "skipped" in session["closing_text"]


def test_progress_shows_the_question_number_and_the_interview_clock(tmp_path):
    r, _ = _run_text(tmp_path, f"{SCOPE}\n\n{FOLLOW_UP}\n\n/end\n")
    assert "question 1 of 2 · 0:00 of 10:00" in r.stdout
    assert "question 2 of 2 · " in r.stdout


def test_a_long_typed_answer_uses_up_the_time_box_like_a_spoken_one(tmp_path):
    # About 1,100 words: seven minutes said aloud, though pasted in an instant.
    long_answer = " ".join([SCOPE, SCOPE_MORE, FOLLOW_UP] * 18)
    r, session = _run_text(tmp_path, f"{long_answer}\n\n" + "I would ship it behind a flag.\n\n" * 4)
    first = session["turns"][0]
    assert first["duration_s"] > 400
    assert session["settings"]["ended_reason"] == "time is up"
    assert {t["question_id"] for t in session["turns"]} == {first["question_id"]}, "no second question"


def test_ctrl_c_while_typing_says_once_how_to_continue(tmp_path):
    folder = tmp_path / "ctrl-c"
    proc = subprocess.Popen([sys.executable, "-m", "agent.cli", "run", "--text", "--session-dir", str(folder)],
                            cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=ctrl_c_reaches_it)
    proc.stdin.write(f"{SCOPE}\n\n")
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (
            (folder / "session.json").exists() and json.loads((folder / "session.json").read_text())["turns"]):
        time.sleep(0.05)
    time.sleep(0.5)  # now waiting for the follow-up's answer
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert (out + err).count("stopped") == 1, out + err
    assert f"interview resume {folder}" in err
