"""The speech commands as a user runs them: transcribe, doctor, live run without a sound card."""
import json
import subprocess

import pytest

from audio.wer import wer
from support import REPO, run_interview_cli

SENTENCE = "We shipped the new search ranking behind a feature flag and watched the error rate for a week."


@pytest.fixture(scope="module")
def spoken(tmp_path_factory):
    path = tmp_path_factory.mktemp("clip") / "clip.wav"
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "160", "-w", str(path), SENTENCE], check=True)
    return path


@pytest.mark.slow
def test_transcribe_json_gives_text_segments_and_word_timestamps(spoken):
    r = run_interview_cli("transcribe", str(spoken), "--json", cwd=REPO)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert wer(SENTENCE, data["text"]) <= 0.25, data["text"]  # espeak's voice; human speech is in tests/audio
    words = [w for s in data["segments"] for w in s["words"]]
    assert len(words) >= 12
    assert all(a["start"] <= b["start"] for a, b in zip(words, words[1:]))
    assert words[-1]["end"] <= data["audio_duration_s"] + 0.1


@pytest.mark.slow
def test_transcribe_prints_timestamped_lines(spoken):
    r = run_interview_cli("transcribe", str(spoken), cwd=REPO)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("[00:0")


def test_transcribe_a_missing_or_non_audio_file(tmp_path):
    r = run_interview_cli("transcribe", str(tmp_path / "nope.wav"), cwd=REPO)
    assert r.returncode == 2 and r.stderr.strip() == f"error: {tmp_path / 'nope.wav'}: file not found"
    bad = tmp_path / "notes.wav"
    bad.write_text("not audio at all")
    r = run_interview_cli("transcribe", str(bad), cwd=REPO)
    assert r.returncode == 2 and r.stderr.startswith(f"error: {bad}: not an audio file")
    assert "Traceback" not in r.stderr


def test_live_run_without_a_sound_card_says_what_to_do(tmp_path):
    r = run_interview_cli("run", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.strip() == "error: no microphone found (try --script FILE or --text)"
    assert not (tmp_path / "sessions").exists()


@pytest.mark.slow
def test_doctor_reports_each_part_with_what_to_do(tmp_path):
    r = run_interview_cli("doctor", cwd=tmp_path, env={"INTERVIEW_LLM_MODEL": "", "OPENAI_API_KEY": "sk-secret-doctor"})
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "FIX  microphone: no microphone found" in out and "--text" in out
    assert "OK   speech-to-text: tiny.en loaded in" in out
    assert "OK   text-to-speech: espeak-ng voice" in out
    assert "OK   natural voice (--tts piper): piper voice en_US-joe-medium loaded in" in out
    assert "OK   LLM: none configured" in out
    assert "sk-secret-doctor" not in out
