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


def test_the_last_answer_that_outlasts_its_turn_joins_it_over_the_closing(tmp_path, write_script, librivox):
    # The last answer of the interview goes on after its turn ends: the interviewer closes over it,
    # and the rest of the recording still lands in that last answer, sample for sample.
    first = next((w, t) for w, t in librivox if w.stem.endswith("0870"))  # "...to do for them."
    second = next((w, t) for w, t in librivox if w.stem.endswith("0920"))
    recording = np.concatenate([load_audio(first[0]), np.zeros(3 * SAMPLE_RATE, np.float32), load_audio(second[0])])
    (tmp_path / "answers").mkdir()
    write_wav(tmp_path / "answers" / "long.wav", recording, SAMPLE_RATE)
    said = ["I'd cache the product catalog because reads outnumber writes a hundred to one, with a short expiry.",
            "The trap is invalidation: prices change and a stale cache shows the wrong price at checkout.",
            "I once disagreed with our tech lead about a rewrite, so we ran a one week spike and compared the data."]
    script = write_script(flow="quick_practice", level="mid", answers=[*({"text": a} for a in said),
                                                                       {"audio": "answers/long.wav"}])
    folder = tmp_path / "session"
    r = run_interview_cli("run", "--script", str(script), "--session-dir", str(folder), cwd=REPO, timeout=300)
    assert r.returncode == 0, r.stderr
    session = json.loads((folder / "session.json").read_text())
    turns = session["turns"]
    # the recording answered the last question; the interviewer closed right after it
    assert len(turns) == 4 and session["status"] == "completed", [t["transcript"] for t in turns]
    last = turns[-1]
    assert last["end_of_turn"][0]["decision"] == "end"  # its turn ended in the pause...
    assert last["latency"]["last_words_s"] > 2.0  # ...and the rest went on over the closing line
    assert "spoke_over_closing" in [e["kind"] for e in session["events"]]

    audio = load_audio(folder / last["answer_audio"])
    for start, end in speech_timestamps(recording):
        for t in np.arange(start, end - WINDOW_S, 0.5):
            window = recording[int(t * SAMPLE_RATE) : int((t + WINDOW_S) * SAMPLE_RATE)]
            assert found_in(window, audio), f"speech at {t:.2f} s of the recording is not in the last answer"
    heard = normalize_text(last["transcript"])
    for _, reference in (first, second):
        words = normalize_text(reference)
        assert sum(w in heard for w in words) >= 0.85 * len(words), (reference, heard)
    # the words are timed in the joined clip: the second sentence comes after the first
    amiable = [w["start"] for s in last["segments"] for w in s["words"] if "amiable" in w["word"].lower()]
    assert amiable and amiable[0] > len(load_audio(first[0])) / SAMPLE_RATE, last["segments"]


def test_a_few_words_too_short_to_stop_the_next_question_open_the_next_answer(tmp_path, write_script, librivox):
    # After the turn ends, 0.3 s of speech more: too little to stop the interviewer's next line (a
    # barge-in needs 0.5 s), and the next recording starts seconds later (it may stop the line, but
    # its barge-in keeps only the 0.3 s before it). Those words were said over the line, and still
    # open the next answer.
    clip = lambda stem: load_audio(next(w for w, _ in librivox if w.stem.endswith(stem)))  # noqa: E731
    onset = speech_timestamps(clip("0880"))[0][0]
    few = clip("0880")[int(onset * SAMPLE_RATE) : int((onset + 0.3) * SAMPLE_RATE)]
    gap = np.zeros(3 * SAMPLE_RATE, np.float32)
    (tmp_path / "answers").mkdir()
    write_wav(tmp_path / "answers" / "one.wav", np.concatenate([clip("0870"), gap, few]), SAMPLE_RATE)
    write_wav(tmp_path / "answers" / "two.wav", np.concatenate([gap[: int(2.5 * SAMPLE_RATE)], clip("0920")]), SAMPLE_RATE)
    script = write_script(flow="quick_practice", level="mid", questions=["caching_tradeoffs"],
                          answers=[{"audio": "answers/one.wav"}, {"audio": "answers/two.wav"}])
    folder = tmp_path / "session"
    r = run_interview_cli("run", "--script", str(script), "--session-dir", str(folder), cwd=REPO, timeout=300)
    assert r.returncode == 0, r.stderr
    turns = [t for t in json.loads((folder / "session.json").read_text())["turns"] if t.get("answer_audio")]
    second = load_audio(folder / turns[1]["answer_audio"])
    for t in np.arange(0.0, 0.3 - 0.1, 0.05):
        window = few[int(t * SAMPLE_RATE) : int((t + 0.1) * SAMPLE_RATE)]
        assert found_in(window, second), f"{t:.2f} s into the few words: not in the next answer"
    assert "amiable" in normalize_text(turns[1]["transcript"])
