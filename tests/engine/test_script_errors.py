"""Bad scripts and flags: one line naming the file and field, exit code 2, nothing recorded lost."""
import json


from .conftest import REPO, run_interview_cli


def _run(script, tmp_path, *extra):
    return run_interview_cli("run", "--script", str(script), "--session-dir", str(tmp_path / "s"), *extra, cwd=REPO)


def _assert_one_line_error(r, *needles):
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    for n in needles:
        assert n in lines[0], lines[0]
    assert "Traceback" not in r.stderr


def test_missing_audio_file(tmp_path, write_script):
    script = write_script(flow="quick_practice", level="mid", answers=[{"text": "hi"}, {"audio": "answers/q2.wav"}])
    _assert_one_line_error(_run(script, tmp_path), str(script), "answers[1].audio", "no such file", "q2.wav")
    assert not (tmp_path / "s").exists()


def test_non_audio_file(tmp_path, write_script):
    (tmp_path / "notes.wav").write_text("this is not audio")
    script = write_script(flow="quick_practice", level="mid", answers=[{"audio": "notes.wav"}])
    _assert_one_line_error(_run(script, tmp_path), "answers[0].audio", "not a WAV file")


def test_unknown_flow(tmp_path, write_script):
    script = write_script(flow="no_such_flow", level="mid", answers=[{"text": "hi"}])
    _assert_one_line_error(_run(script, tmp_path), str(script), "flow", "unknown flow 'no_such_flow'")


def test_unknown_question_id(tmp_path, write_script):
    script = write_script(flow="quick_practice", level="mid", questions=["latency_regression", "nope"], answers=[{"text": "hi"}])
    _assert_one_line_error(_run(script, tmp_path), "questions[1]", "unknown question id 'nope'")


def test_unknown_level(tmp_path, write_script):
    script = write_script(flow="quick_practice", level="principal", answers=[{"text": "hi"}])
    _assert_one_line_error(_run(script, tmp_path), str(script), "level:", "'associate', 'mid', 'senior' or 'staff'")


def test_unknown_level_flag(tmp_path, write_script):
    script = write_script(flow="quick_practice", level="mid", answers=[{"text": "hi"}])
    _assert_one_line_error(_run(script, tmp_path, "--level", "vp"), "--level", "unknown level 'vp'")


def test_invalid_yaml(tmp_path):
    script = tmp_path / "broken.yaml"
    script.write_text("flow: quick_practice\nanswers:\n  - text: [unclosed\n")
    _assert_one_line_error(_run(script, tmp_path), str(script), "invalid YAML (line")


def test_answer_with_both_text_and_audio(tmp_path, write_script):
    script = write_script(flow="quick_practice", level="mid", answers=[{"text": "a", "audio": "b.wav"}])
    _assert_one_line_error(_run(script, tmp_path), "answers[0]", "exactly one of 'text' or 'audio'")


def test_missing_script(tmp_path):
    _assert_one_line_error(_run(tmp_path / "nope.yaml", tmp_path), "nope.yaml: script not found")


def test_a_script_broken_before_resume_keeps_what_was_recorded(tmp_path, write_script):
    script = write_script(flow="quick_practice", level="mid",
                          answers=[{"text": "I would scope the users first and measure the funnel.", "via": "text"}])
    folder = tmp_path / "s"
    r = run_interview_cli("run", "--script", str(script), "--session-dir", str(folder), cwd=REPO,
                          env={"INTERVIEW_FAULT_KILL_AFTER_TURN": "1"})
    assert r.returncode != 0
    before = (folder / "session.json").read_bytes()
    script.write_text("flow: [broken\n")
    r = run_interview_cli("resume", str(folder), cwd=REPO)
    _assert_one_line_error(r, str(script), "invalid YAML")
    assert (folder / "session.json").read_bytes() == before
    assert json.loads(before)["turns"][0]["transcript"].startswith("I would scope")


def test_an_existing_session_folder_is_never_overwritten(tmp_path, write_script):
    script = write_script(flow="quick_practice", level="mid", answers=[{"text": "An answer.", "via": "text"}])
    folder = tmp_path / "s"
    assert _run(script, tmp_path).returncode == 0
    before = (folder / "session.json").read_bytes()
    _assert_one_line_error(_run(script, tmp_path), "already holds a session")
    assert (folder / "session.json").read_bytes() == before
