"""Nothing of an answer is dropped: a recorded answer that goes on after its turn ended talks over
the next question (barge-in) and its words open the next turn. Every second of the recording's
speech is found, sample for sample, in some turn's answer audio, and its words in the transcripts.

The recording is real human speech: two LibriVox sentences with a 3 s pause between them. The
first ends a finished sentence, so the turn ends in the pause; the second follows over the
interviewer's next line.
"""
import json

import numpy as np
import pytest

from audio.vad import speech_timestamps
from audio.wav import SAMPLE_RATE, load_audio, write_wav
from audio.wer import normalize_text
from support import REPO, run_interview_cli

pytestmark = pytest.mark.slow


@pytest.fixture
def librivox():
    from data_fetch import LIBRIVOX, librivox_clips

    clips = librivox_clips()
    if not clips:
        pytest.skip(f"LibriVox test clips not fetched into {LIBRIVOX}: run `python tests/data_fetch.py`")
    return clips

WINDOW_S = 0.25


def found_in(window: np.ndarray, audio: np.ndarray) -> bool:
    """Is ``window`` a stretch of ``audio``, sample for sample (both 16-bit)?"""
    w = np.round(window * 32768).astype(np.int32)
    a = np.round(audio * 32768).astype(np.int32)
    starts = np.flatnonzero(a[: len(a) - len(w) + 1] == w[0])
    return any(np.array_equal(a[i : i + len(w)], w) for i in starts)


def test_an_answer_that_outlasts_its_turn_lands_in_the_next_turn(tmp_path, write_script, librivox):
    first = next((w, t) for w, t in librivox if w.stem.endswith("0870"))  # "...to do for them."
    second = next((w, t) for w, t in librivox if w.stem.endswith("0920"))
    recording = np.concatenate([load_audio(first[0]), np.zeros(3 * SAMPLE_RATE, np.float32), load_audio(second[0])])
    (tmp_path / "answers").mkdir()
    write_wav(tmp_path / "answers" / "long.wav", recording, SAMPLE_RATE)
    script = write_script(flow="quick_practice", level="mid", questions=["caching_tradeoffs"],
                          answers=[{"audio": "answers/long.wav"},
                                   {"text": "I would measure the hit rate and the staleness complaints every week."}])
    folder = tmp_path / "session"
    r = run_interview_cli("run", "--script", str(script), "--session-dir", str(folder), cwd=REPO, timeout=300)
    assert r.returncode == 0, r.stderr
    turns = [t for t in json.loads((folder / "session.json").read_text())["turns"] if t.get("answer_audio")]
    assert len(turns) >= 2

    # the first turn ended in the pause, on a finished sentence
    assert turns[0]["end_of_turn"][-1]["verdict"] == "complete"
    assert turns[0]["end_of_turn"][-1]["decision"] == "end"
    # the rest talked over the next question and opened the next turn
    assert turns[1]["latency"]["carried_over_s"] > 2.0
    assert "barge_in_stop_s" in turns[1]["latency"]

    # every second of the recording's speech is in some turn's audio...
    audios = [load_audio(folder / t["answer_audio"]) for t in turns]
    for start, end in speech_timestamps(recording):
        for t in np.arange(start, end - WINDOW_S, 0.5):
            window = recording[int(t * SAMPLE_RATE) : int((t + WINDOW_S) * SAMPLE_RATE)]
            assert any(found_in(window, a) for a in audios), f"speech at {t:.2f} s of the recording is in no turn"
    # ...and its words in the transcripts, in order of the turns
    heard = normalize_text(" ".join(t["transcript"] for t in turns))
    for _, reference in (first, second):
        words = normalize_text(reference)
        assert sum(w in heard for w in words) >= 0.85 * len(words), (reference, heard)
    assert "amiable" in normalize_text(turns[1]["transcript"])  # the second sentence is in turn 2
    # and the script's next answer still follows it
    assert "measure" in normalize_text(" ".join(t["transcript"] for t in turns[1:]))
