"""Semantic end of turn on real human speech: the smart-turn model and the words, through the
real VAD, STT and capture loop (virtual clock: the decisions depend on the audio only).

Think-pauses are spliced into LibriVox clips: each clip is cut between the two words nearest the
middle of its speech, 3 s of silence inserted, then the rest. bench/end_of_turn_bench.py runs the
wider set (cuts at 1/3, 1/2 and 2/3; pauses of 1, 2 and 3 s) and records its cut-offs in
bench/RESULTS.md.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest

from audio.clock import VirtualClock
from audio.endpointing import EndpointingOptions
from audio.file_devices import FileMicrophone
from audio.listen import ListenOptions, capture_answer
from audio.wav import SAMPLE_RATE, load_audio
from audio.wer import normalize_text

pytestmark = pytest.mark.slow

_spec = importlib.util.spec_from_file_location("splice", Path(__file__).resolve().parents[1] / "splice.py")
splice = importlib.util.module_from_spec(_spec)
sys.modules["splice"] = splice
_spec.loader.exec_module(splice)


def listen(audio: np.ndarray, transcriber, **endpointing):
    mic = FileMicrophone(audio, clock=VirtualClock(), trailing_silence_s=8.0)
    return capture_answer(mic, transcriber, ListenOptions(endpointing=EndpointingOptions(**endpointing)))


@pytest.fixture(scope="module")
def clips(librivox, transcriber):
    """(name, audio, words) of each clip."""
    out = []
    for wav, _ in librivox:
        audio = load_audio(wav)
        out.append((wav.stem[-4:], audio, transcriber.transcribe(audio).words))
    return out


def test_a_three_second_pause_mid_sentence_never_ends_the_turn(clips, transcriber):
    for name, audio, words in clips:
        s = splice.splice(audio, words, splice.cut_near(words, 0.5), pause_s=3.0)
        answer = listen(s.audio, transcriber)
        judged = answer.end_of_turn[0]
        assert answer.last_speech_end_s > s.cut_s + s.pause_s, f"{name}: cut off after {s.before!r}: {judged}"
        assert judged.verdict == "incomplete" and judged.decision == "resumed", (name, judged)
        # the rest is in the same turn: its audio, and most of its words (tiny.en slips on some)
        assert answer.last_speech_end_s >= s.speech_end_s - 0.5
        after = normalize_text(s.after)
        assert sum(w in normalize_text(answer.text) for w in after) >= len(after) / 2, (name, answer.text)
        assert answer.end_of_turn[-1].decision == "end"


def test_a_pause_after_a_dependent_clause_without_its_verb_never_ends_the_turn(clips, transcriber):
    # "Unless to be rather cold-hearted and rather selfish | is to be ill-disposed": tiny.en ends the
    # first half with a full stop and the model hears it as finished, but a sentence that is only a
    # clause opened by "unless", with no verb of its own, is half a thought.
    name, audio, words = next(c for c in clips if c[0] == "0890")
    cut = next(i for i, w in enumerate(words) if w.word.strip().lower().startswith("selfish"))
    s = splice.splice(audio, words, cut, pause_s=3.0)
    answer = listen(s.audio, transcriber)
    judged = answer.end_of_turn[0]
    assert answer.last_speech_end_s > s.cut_s + s.pause_s, f"cut off after {s.before!r}: {judged}"
    assert judged.verdict == "incomplete" and judged.decision == "resumed", judged
    assert {"ill", "disposed"} <= set(normalize_text(answer.text)) or "disposed" in answer.text, answer.text
    # the whole sentence, which has its verb ("is"), still ends after a short silence
    whole = listen(audio, transcriber)
    assert whole.end_of_turn[0].verdict == "complete", whole.end_of_turn
    assert whole.timings["end_of_turn_delay_s"] <= 0.8


def test_a_finished_sentence_ends_the_turn_after_a_short_silence(clips, transcriber):
    name, audio, _ = next(c for c in clips if c[0] == "0870")  # "...in his power to do for them."
    answer = listen(audio, transcriber)
    assert answer.ended_by == "silence"
    assert 0.5 <= answer.timings["end_of_turn_delay_s"] <= 0.8
    (decision,) = answer.end_of_turn
    assert decision.verdict == "complete" and decision.probability > 0.5 and decision.decision == "end"


def test_when_the_model_hears_an_unfinished_voice_the_turn_waits(clips, transcriber):
    # The reader of 0880 ends "He was not an ill-disposed young man." with a voice the model hears as
    # unfinished: the turn waits (up to 4 s) rather than risk cutting them off; words alone would not.
    _, audio, _ = next(c for c in clips if c[0] == "0880")
    answer = listen(audio, transcriber)
    assert answer.end_of_turn[0].probability < 0.5
    assert answer.timings["end_of_turn_delay_s"] == pytest.approx(4.0, abs=0.05)
    words_only = listen(audio, transcriber, use_model=False)
    assert words_only.timings["end_of_turn_delay_s"] <= 0.8


def test_a_thinking_phrase_holds_the_turn_through_a_long_pause(say, transcriber):
    audio = np.concatenate([say("Let me think about that for a second."), np.zeros(5 * SAMPLE_RATE, np.float32),
                            say("I would cache the product pages first.")])
    answer = listen(audio, transcriber)
    assert answer.end_of_turn[0].verdict == "thinking" and answer.end_of_turn[0].decision == "resumed"
    assert "product pages" in answer.text.lower()
