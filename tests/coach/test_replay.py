"""Replay, headless: a file speaker, a virtual clock and scripted keys stand in for the terminal."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from agent import replay as rp
from agent.cli import main
from agent.session import load_session
from audio.clock import VirtualClock
from audio.file_devices import FileSpeaker
from audio.wav import SAMPLE_RATE, read_wav, resample


class ScriptedKeys:
    """Key presses at given virtual times; waiting advances the virtual clock instead of sleeping."""

    def __init__(self, clock: VirtualClock, presses: list[tuple[float, str]] | None = None) -> None:
        self.clock, self.presses = clock, sorted(presses or [])

    def read(self, timeout: float) -> str | None:
        if self.presses and self.presses[0][0] <= self.clock.now() + timeout:
            at, key = self.presses.pop(0)
            self.clock.sleep_until(at)
            return key
        self.clock.sleep(timeout)
        return None


class CallRecorder:
    """A speaker that keeps each play call as given, to check exact resume offsets."""

    def __init__(self) -> None:
        self.calls: list[tuple[np.ndarray, int]] = []
        self.stops = 0

    def play(self, samples: np.ndarray, sample_rate: int) -> None:
        self.calls.append((np.array(samples, dtype=np.float32), sample_rate))

    def stop(self) -> None:
        self.stops += 1


class RecordingView:
    def __init__(self) -> None:
        self.begun: list[tuple[int, str]] = []
        self.shown: list[tuple[rp.Clip, float, list[str]]] = []
        self.messages: list[str] = []

    def begin(self, clip: rp.Clip, total_turns: int) -> None:
        self.begun.append((clip.turn, clip.role))

    def progress(self, clip: rp.Clip, at_s: float, duration_s: float, paused: bool) -> None:
        self.shown.append((clip, at_s, [w.text for w in clip.words if w.start <= at_s]))

    def end(self, clip: rp.Clip) -> None:
        pass

    def message(self, text: str) -> None:
        self.messages.append(text)


def _replayer(tmp_path: Path, presses=None, speaker=None):
    """The audio package's FileSpeaker on a virtual clock: replay runs at "real" pace in no time."""
    clock = VirtualClock()
    speaker = speaker or FileSpeaker(tmp_path / "played.wav", clock=clock)
    view = RecordingView()
    return rp.Replayer(speaker, view, ScriptedKeys(clock, presses), clock), speaker, view, clock


def _session_audio(folder: Path, from_turn: int = 1) -> np.ndarray:
    """The session's recordings in the order they were heard, as the file speaker stores them (16 kHz)."""
    session = load_session(folder)
    parts = []
    for t in session.turns:
        if t.index >= from_turn:
            for rel in (t.prompt_audio, t.answer_audio):
                clip = read_wav(folder / rel)
                parts.append(resample(clip.samples, clip.sample_rate, SAMPLE_RATE))
    closing = read_wav(folder / session.closing_audio)
    parts.append(resample(closing.samples, closing.sample_rate, SAMPLE_RATE))
    return np.concatenate(parts)


def _written(speaker: FileSpeaker) -> np.ndarray:
    speaker.close()  # writes the WAV
    return read_wav(speaker.path).samples


def test_audio_written_out_equals_the_sessions_audio_in_order(session_dir: Path, tmp_path: Path):
    player, speaker, view, clock = _replayer(tmp_path)
    player.run(rp.plan(load_session(session_dir), session_dir))
    expected = _session_audio(session_dir)
    written = _written(speaker)
    # The same samples, in the same order, within one 16-bit step (the WAV is PCM16).
    assert len(written) == len(expected)
    assert np.abs(written - expected).max() <= 2 / 32768
    assert view.begun == [(1, "prompt"), (1, "answer"), (2, "prompt"), (2, "answer"), (3, "prompt"), (3, "answer"),
                          (3, "closing")]
    # Virtual time advanced by the length of what was played: replay keeps real pace.
    assert clock.now() == pytest.approx(len(expected) / SAMPLE_RATE, abs=rp.TICK_S * 7)


def test_start_at_a_turn(session_dir: Path, tmp_path: Path):
    player, speaker, view, _ = _replayer(tmp_path)
    player.run(rp.plan(load_session(session_dir), session_dir), start_turn=2)
    assert view.begun[0] == (2, "prompt")
    expected, written = _session_audio(session_dir, from_turn=2), _written(speaker)
    assert len(written) == len(expected) and np.abs(written - expected).max() <= 2 / 32768


def test_words_appear_as_they_are_spoken(session_dir: Path, tmp_path: Path):
    player, _, view, _ = _replayer(tmp_path)
    player.run(rp.plan(load_session(session_dir), session_dir))
    answer1 = [(at, words) for clip, at, words in view.shown if clip.turn == 1 and clip.role == "answer"]
    assert answer1[0][1] == []  # nothing shown before the first word starts
    counts = [len(w) for _, w in answer1]
    assert counts == sorted(counts) and counts[-1] == len(answer1[-1][1])
    assert " ".join(answer1[-1][1]) == load_session(session_dir).turns[0].transcript
    # Half way through the answer, roughly half the words are up: in sync, not all at once.
    mid = next(w for at, w in answer1 if at >= 5.0)
    assert 0.2 < len(mid) / counts[-1] < 0.8


def test_pause_and_resume_continue_where_they_stopped(session_dir: Path, tmp_path: Path):
    player, speaker, view, clock = _replayer(tmp_path, [(1.0, " "), (4.0, " ")], speaker=CallRecorder())
    clips = rp.plan(load_session(session_dir), session_dir)
    player.run(clips[:1])
    first, second = speaker.calls
    rate = second[1]
    assert speaker.stops == 1
    assert len(first[0]) - len(second[0]) == pytest.approx(1.0 * rate, abs=rp.TICK_S * rate)
    assert np.array_equal(second[0], first[0][len(first[0]) - len(second[0]):])  # resumes at the pause point
    assert clock.now() == pytest.approx(len(first[0]) / rate + 3.0, abs=0.2)  # the 3 s pause is not audio


def test_pause_and_resume_on_the_file_speaker_lose_nothing(session_dir: Path, tmp_path: Path):
    player, speaker, _, _ = _replayer(tmp_path, [(1.0, " "), (4.0, " ")])
    clips = rp.plan(load_session(session_dir), session_dir)
    player.run(clips[:2])
    first_two = np.concatenate([resample(read_wav(c.audio).samples, read_wav(c.audio).sample_rate, SAMPLE_RATE)
                                for c in clips[:2]])
    written = _written(speaker)
    # Cut at the pause and picked up from there: within a few samples of the uninterrupted audio.
    assert abs(len(written) - len(first_two)) <= 4
    cut = int(1.0 * SAMPLE_RATE)  # the pause point, in the prompt: the audio either side of it is intact
    assert np.abs(written[: cut - 50] - first_two[: cut - 50]).max() <= 2 / 32768
    assert np.abs(written[-cut:] - first_two[-cut:]).max() <= 2 / 32768


def test_keys_skip_next_previous_repeat_jump_quit(session_dir: Path, tmp_path: Path):
    clips = rp.plan(load_session(session_dir), session_dir)
    # s: skip the question to its answer; n: next turn; b: back a turn; 3: jump to turn 3; q: quit.
    player, _, view, _ = _replayer(tmp_path, [(0.5, "s"), (1.0, "n"), (1.5, "b"), (2.0, "r"), (2.5, "3"), (3.0, "q")])
    player.run(clips)
    assert view.begun == [(1, "prompt"), (1, "answer"), (2, "prompt"), (1, "prompt"), (1, "prompt"), (3, "prompt")]
    assert view.messages[-1] == "Replay stopped."


def test_jump_to_a_missing_turn_says_so(session_dir: Path, tmp_path: Path):
    player, _, view, _ = _replayer(tmp_path, [(0.5, "8"), (1.0, "q")])
    player.run(rp.plan(load_session(session_dir), session_dir))
    assert "No turn 8 (turns 1-3)." in view.messages


def test_typed_answer_and_damaged_audio_are_shown_not_played(session_dir: Path, tmp_path: Path):
    session = load_session(session_dir)
    session.turns[1].answer_audio = None  # typed
    (session_dir / session.turns[2].answer_audio).write_bytes(b"not a wav")
    player, speaker, view, _ = _replayer(tmp_path, speaker=CallRecorder())
    player.run(rp.plan(session, session_dir))
    assert len(speaker.calls) == 5  # three prompts, the first answer and the closing
    assert any("cannot play 003-answer.wav" in m for m in view.messages)
    shown = [w for clip, _, w in view.shown if clip.turn == 2 and clip.role == "answer"]
    assert " ".join(shown[-1]) == session.turns[1].transcript


def test_no_output_device_prints_the_timestamped_transcript(session_dir: Path, monkeypatch, capsys):
    def no_device():
        raise rp.NoOutputDevice("no audio output device found")

    monkeypatch.setattr(rp, "open_speaker", no_device)
    assert main(["replay", str(session_dir), "--turn", "2"]) == 0
    out = capsys.readouterr().out
    assert "Cannot play audio: no audio output device found." in out
    assert "transcript instead" in out
    assert "[0:00] The p99 should drop back" in out and "Turn 1" not in out
    assert "Turn 3" in out and "[0:02] The tech lead pushed back" in out


def test_replay_rejects_a_missing_turn(session_dir: Path, capsys):
    assert main(["replay", str(session_dir), "--turn", "9"]) == 2
    assert capsys.readouterr().err.strip() == "error: --turn 9: no such turn (this session has turns 1, 2, 3)"
