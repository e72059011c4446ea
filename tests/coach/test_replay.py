"""Replay, headless: a file speaker, a virtual clock and scripted keys stand in for the terminal."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from agent import replay as rp
from agent.cli import main
from agent.session import load_session
from audio.wav import read_wav, write_wav


class VirtualClock:
    def __init__(self) -> None:
        self.t = 0.0

    def now(self) -> float:
        return self.t


class ScriptedKeys:
    """Key presses at given virtual times; waiting advances the virtual clock instead of sleeping."""

    def __init__(self, clock: VirtualClock, presses: list[tuple[float, str]] | None = None) -> None:
        self.clock, self.presses = clock, sorted(presses or [])

    def read(self, timeout: float) -> str | None:
        if self.presses and self.presses[0][0] <= self.clock.t + timeout:
            at, key = self.presses.pop(0)
            self.clock.t = max(self.clock.t, at)
            return key
        self.clock.t += timeout
        return None


class FileSpeaker:
    """Writes what is played to a WAV, like the audio package's file speaker; keeps each call too."""

    def __init__(self, path: Path) -> None:
        self.path, self.calls, self.stops = path, [], 0
        self.rate: int | None = None

    def play(self, samples: np.ndarray, sample_rate: int) -> None:
        self.calls.append((np.array(samples, dtype=np.float32), sample_rate))
        self.rate = sample_rate

    def stop(self) -> None:
        self.stops += 1

    def close(self) -> None:
        write_wav(self.path, np.concatenate([c for c, _ in self.calls]), self.rate or 16000)


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


def _replayer(tmp_path: Path, presses=None):
    clock = VirtualClock()
    speaker, view = FileSpeaker(tmp_path / "played.wav"), RecordingView()
    return rp.Replayer(speaker, view, ScriptedKeys(clock, presses), clock), speaker, view, clock


def _session_audio(folder: Path, from_turn: int = 1) -> np.ndarray:
    session = load_session(folder)
    parts = []
    for t in session.turns:
        if t.index >= from_turn:
            parts += [read_wav(folder / t.prompt_audio).samples, read_wav(folder / t.answer_audio).samples]
    return np.concatenate(parts)


def test_audio_written_out_equals_the_sessions_audio_in_order(session_dir: Path, tmp_path: Path):
    player, speaker, view, clock = _replayer(tmp_path)
    player.run(rp.plan(load_session(session_dir), session_dir))
    speaker.close()
    expected = _session_audio(session_dir)
    played = read_wav(speaker.path)
    assert played.sample_rate == read_wav(session_dir / "audio/001-answer.wav").sample_rate
    # Exactly the session's samples went to the speaker; the WAV holds them within one 16-bit step.
    assert np.array_equal(np.concatenate([c for c, _ in speaker.calls]), expected)
    assert len(played.samples) == len(expected) and np.abs(played.samples - expected).max() <= 2 / 32768
    assert view.begun == [(1, "prompt"), (1, "answer"), (2, "prompt"), (2, "answer"), (3, "prompt"), (3, "answer")]
    # Virtual time advanced by the length of what was played, not faster: replay keeps real pace.
    assert clock.t == pytest.approx(len(expected) / played.sample_rate, abs=0.1 * 6)


def test_start_at_a_turn(session_dir: Path, tmp_path: Path):
    player, speaker, view, _ = _replayer(tmp_path)
    player.run(rp.plan(load_session(session_dir), session_dir), start_turn=2)
    speaker.close()
    assert view.begun[0] == (2, "prompt")
    expected = _session_audio(session_dir, from_turn=2)
    assert np.array_equal(np.concatenate([c for c, _ in speaker.calls]), expected)
    assert np.abs(read_wav(speaker.path).samples - expected).max() <= 2 / 32768


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
    player, speaker, view, clock = _replayer(tmp_path, [(1.0, " "), (4.0, " ")])
    clips = rp.plan(load_session(session_dir), session_dir)
    player.run(clips[:1])
    first, second = speaker.calls
    rate = second[1]
    assert speaker.stops == 1
    assert len(first[0]) - len(second[0]) == pytest.approx(1.0 * rate, abs=rp.TICK_S * rate)
    assert np.array_equal(second[0], first[0][len(first[0]) - len(second[0]):])  # resumes at the pause point
    assert clock.t == pytest.approx(len(first[0]) / rate + 3.0, abs=0.2)  # the 3 s pause is not audio


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
    player, speaker, view, _ = _replayer(tmp_path)
    player.run(rp.plan(session, session_dir))
    assert len(speaker.calls) == 4  # three prompts and the first answer
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
