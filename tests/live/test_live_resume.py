"""The sound server dies in the middle of an answer of a live `interview run`: the run stops, saying
how to resume, with every answer so far and the cut-off answer's audio saved; once the server is
back, `interview resume` asks that question again (the new answer opening with the cut-off words) and
finishes the interview, report and all."""
from __future__ import annotations

import pytest

from audio.vad import speech_duration_s
from audio.wav import load_audio
from audio.wer import normalize_text

from .pulse_rig import live_answers, run_live_interview, stopped_for_resume

pytestmark = pytest.mark.slow


def _words(text: str) -> set[str]:
    return set(normalize_text(text))


def test_a_server_gone_mid_answer_stops_the_run_and_resume_finishes_it(pulse, tmp_path):
    answers = live_answers(tmp_path)
    folder = tmp_path / "session"
    cut = answers[1].__class__(answers[1].text, answers[1].wav, server_dies_after_s=3.0)
    run = run_live_interview(pulse, [answers[0], cut], folder, extra_args=("--device-wait", "4"), timeout_s=240)

    stopped = stopped_for_resume(run, 4)
    first_answer = stopped["turns"][0]["transcript"]
    kinds = [e["kind"] for e in stopped["events"]]
    assert "microphone_lost" in kinds and "answer_cut_off" in kinds, kinds
    # the 3 s of the second answer heard before the server died are on disk, with their words
    cut_off = folder / "audio" / "002-answer-cut-off.wav"
    assert speech_duration_s(load_audio(cut_off)) >= 1.0
    message = next(e["message"] for e in stopped["events"] if e["kind"] == "answer_cut_off")
    assert "measure" in _words(message), message

    pulse.start()  # the sound server is back
    resumed = run_live_interview(pulse, answers[1:], folder, resume=True, timeout_s=420)
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    session = resumed.session()
    assert session["status"] == "completed" and session["grade"], session["status"]
    turns = session["turns"]
    assert len(turns) == 4
    assert turns[0]["transcript"] == first_answer  # nothing already recorded is lost
    assert {"measure", "traffic"} <= _words(turns[1]["transcript"]), turns[1]["transcript"]
    assert cut_off.is_file()
    assert "resumed" in [e["kind"] for e in session["events"]]
    # the re-asked turn opens with what was heard before the server died: graded with the rest
    assert turns[1]["latency"]["heard_before_stop_s"] >= 1.0
    assert "answer_resumed" in [e["kind"] for e in session["events"]]
    assert (folder / "report.html").is_file()
