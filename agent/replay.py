"""Replay a recorded session: each turn's question and answer audio in order, the transcript in sync.

The player is built from four small seams so the whole loop runs headless in tests:
  Speaker  audio.devices.Speaker: play() returns at once, stop() cuts (sounddevice, or the
           audio package's FileSpeaker in tests),
  Clock    the speaker's clock (real, or virtual so a minute of audio replays in milliseconds),
  Keys     key presses (the terminal in cbreak mode, or a script); waiting for one is the tick,
  View     what is being said (a Rich live view, or a recorder in tests).
Words appear at their timestamps on the answer's clock; the interviewer's prompt has no word
times (it was synthesized), so its words are revealed in proportion to the clip's progress, timed
when the clip is loaded to play (each clip's audio is read once, when it plays).
"""
from __future__ import annotations

import enum
import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

import numpy as np

from agent.notes import ordered
from agent.report.timefmt import fmt_ts
from agent.report.view import WordView, segment_views
from agent.session import Note, Session, Turn

TICK_S = 0.05  # how often the view refreshes and keys are polled while a clip plays


class Speaker(Protocol):
    """The part of audio.devices.Speaker replay needs."""

    def play(self, samples: np.ndarray, sample_rate: int) -> None: ...  # returns at once
    def stop(self) -> None: ...


class Clock(Protocol):
    def now(self) -> float: ...
    def sleep(self, seconds: float) -> None: ...


class Keys(Protocol):
    def read(self, timeout: float) -> str | None:
        """Wait up to `timeout` seconds for a key; None when none came."""
        ...


@dataclass(frozen=True)
class Clip:
    turn: int
    role: str  # prompt | answer | closing
    kind: str  # question | follow_up | reprompt
    text: str
    audio: Path | None
    words: list[WordView]  # prompts and closing: timed over the clip's length once it is loaded
    notes: list[Note] = field(default_factory=list)


class View(Protocol):
    def begin(self, clip: Clip, total_turns: int) -> None: ...
    def progress(self, clip: Clip, at_s: float, duration_s: float, paused: bool) -> None: ...
    def end(self, clip: Clip) -> None: ...
    def message(self, text: str) -> None: ...


class NoOutputDevice(Exception):
    """No way to play sound here; the message says why."""


# ---------------------------------------------------------------------------------------------
# What to play


def _answer_words(turn: Turn) -> list[WordView]:
    words: list[WordView] = []
    for seg in segment_views(turn):
        if seg.words:
            words += seg.words
        else:  # segment-level timestamps only: spread its words over the segment
            parts = seg.text.split()
            step = (seg.end - seg.start) / max(len(parts), 1)
            words += [WordView(seg.start + i * step, seg.start + (i + 1) * step, p) for i, p in enumerate(parts)]
    if not words and turn.transcript.strip():
        words = [WordView(0.0, 0.0, w) for w in turn.transcript.split()]
    return words


def _spoken_words(text: str, duration: float) -> list[WordView]:
    """Words of a synthesized line spread over its length in proportion to their letters."""
    parts = text.split()
    total = sum(len(p) + 1 for p in parts) or 1
    out, t = [], 0.0
    for p in parts:
        d = duration * (len(p) + 1) / total
        out.append(WordView(t, t + d, p))
        t += d
    return out


def plan(session: Session, folder: Path) -> list[Clip]:
    """Every clip of the session, in the order it was heard: prompt then answer, turn by turn."""
    def audio(rel: str | None) -> Path | None:
        return folder / rel if rel and (folder / rel).is_file() else None

    notes = ordered(session.notes)
    clips: list[Clip] = []
    for t in sorted(session.turns, key=lambda t: t.index):
        clips.append(Clip(t.index, "prompt", t.kind, t.prompt_text, audio(t.prompt_audio),
                          _spoken_words(t.prompt_text, 0.0)))
        clips.append(Clip(t.index, "answer", t.kind, t.transcript, audio(t.answer_audio), _answer_words(t),
                          [n for n in notes if n.turn == t.index]))
    if session.closing_text and clips:  # the interviewer's last words belong to the last turn
        clips.append(Clip(clips[-1].turn, "closing", "closing", session.closing_text, audio(session.closing_audio),
                          _spoken_words(session.closing_text, 0.0)))
    return clips


# ---------------------------------------------------------------------------------------------
# The player


class Action(enum.Enum):
    NEXT = "next"  # the clip ended, or was skipped
    REPEAT = "repeat"  # the current turn again, from its question
    NEXT_TURN = "next_turn"
    PREV_TURN = "prev_turn"
    JUMP = "jump"
    QUIT = "quit"


KEY_HELP = "space pause · r repeat turn · s skip · n/b next/previous turn · 1-9 (+Enter) jump to turn · q quit"


class Replayer:
    def __init__(self, speaker: Speaker, view: View, keys: Keys, clock: Clock | None = None):
        from audio.clock import RealClock

        self.speaker, self.view, self.keys = speaker, view, keys
        # The speaker's own clock by default, so "the clip is over" means the same thing to both.
        self.clock = clock or getattr(speaker, "clock", None) or RealClock()
        self._digits = ""
        self.jump_to: int | None = None

    def run(self, clips: list[Clip], start_turn: int | None = None) -> None:
        turns = sorted({c.turn for c in clips})
        if not clips:
            self.view.message("This session has no turns to replay.")
            return
        i = 0
        if start_turn is not None:
            i = next((k for k, c in enumerate(clips) if c.turn == start_turn), 0)
        while 0 <= i < len(clips):
            clip = clips[i]
            action = self._play(clip, len(turns))
            if action is Action.QUIT:
                self.view.message("Replay stopped.")
                return
            if action is Action.NEXT:
                i += 1
                continue
            if action is Action.JUMP and self.jump_to is not None and self.jump_to not in turns:
                self.view.message(f"No turn {self.jump_to} (turns {turns[0]}-{turns[-1]}).")
                continue  # replays the clip it was on: the key interrupted it
            target = {Action.REPEAT: clip.turn, Action.NEXT_TURN: clip.turn + 1,
                      Action.PREV_TURN: clip.turn - 1, Action.JUMP: self.jump_to}[action]
            i = next((k for k, c in enumerate(clips) if c.turn == target), len(clips) if action is Action.NEXT_TURN else 0)

    def _key_action(self, key: str, turns: int) -> Action | str | None:
        if key.isdigit():
            self._digits += key
            if turns < 10 or len(self._digits) >= len(str(turns)):
                self.jump_to, self._digits = int(self._digits), ""
                return Action.JUMP
            return None
        if key in ("\r", "\n") and self._digits:
            self.jump_to, self._digits = int(self._digits), ""
            return Action.JUMP
        self._digits = ""
        return {" ": "pause", "p": "pause", "r": Action.REPEAT, "s": Action.NEXT, "right": Action.NEXT,
                "n": Action.NEXT_TURN, "b": Action.PREV_TURN, "left": Action.PREV_TURN,
                "q": Action.QUIT, "esc": Action.QUIT}.get(key)

    def _play(self, clip: Clip, turns: int) -> Action:
        from audio.errors import AudioFileError
        from audio.wav import read_wav

        self.view.begin(clip, turns)
        if clip.audio is None:  # typed answer or missing file: show it, nothing to hear
            self.view.progress(clip, float("inf"), 0.0, False)
            self.view.end(clip)
            return Action.NEXT
        try:
            recording = read_wav(clip.audio)
        except AudioFileError as e:  # a damaged recording: show its words, go on
            self.view.message(f"cannot play {clip.audio.name}: {e.reason}")
            self.view.progress(clip, float("inf"), 0.0, False)
            self.view.end(clip)
            return Action.NEXT
        samples, rate, duration = recording.samples, recording.sample_rate, recording.duration_s
        if clip.role != "answer":
            clip = replace(clip, words=_spoken_words(clip.text, duration))
        pos, paused = 0.0, False
        self.speaker.play(samples, rate)
        t0 = self.clock.now()
        while True:
            at = pos if paused else pos + (self.clock.now() - t0)
            self.view.progress(clip, min(at, duration), duration, paused)
            if not paused and at >= duration:
                # The device may still hold its last buffer: let it drain, so clips never overlap.
                wait = getattr(self.speaker, "wait", None)
                if wait is not None:
                    wait(timeout=1.0)
                self.view.end(clip)
                return Action.NEXT
            key = self.keys.read(TICK_S)
            if key is None:
                continue
            action = self._key_action(key, turns)
            if action == "pause":
                if paused:
                    paused, t0 = False, self.clock.now()
                    self.speaker.play(samples[min(int(round(pos * rate)), len(samples)):], rate)
                else:
                    self.speaker.stop()
                    # Now, not the `at` of the last refresh: the key may have come a tick later.
                    paused, pos = True, min(pos + (self.clock.now() - t0), duration)
            elif isinstance(action, Action):
                self.speaker.stop()
                if action is Action.NEXT:
                    self.view.end(clip)
                return action


# ---------------------------------------------------------------------------------------------
# The terminal: keys, the live view, and the no-device transcript


class NoKeys:
    """stdin is not a terminal: nothing to read, just wait on the clock."""

    def __init__(self, clock: Clock):
        self.clock = clock

    def read(self, timeout: float) -> str | None:
        self.clock.sleep(timeout)
        return None


class TerminalKeys:
    """Single key presses from a TTY in cbreak mode; restores the terminal on exit."""

    _ESCAPES = {"\x1b[C": "right", "\x1b[D": "left"}

    def __enter__(self) -> "TerminalKeys":
        import termios
        import tty

        self._fd = sys.stdin.fileno()
        self._saved = termios.tcgetattr(self._fd)
        tty.setcbreak(self._fd)
        return self

    def __exit__(self, *exc: object) -> None:
        import termios

        termios.tcsetattr(self._fd, termios.TCSADRAIN, self._saved)

    def read(self, timeout: float) -> str | None:
        import select

        ready, _, _ = select.select([self._fd], [], [], timeout)
        if not ready:
            return None
        ch = os.read(self._fd, 1).decode(errors="ignore")
        if ch == "\x1b":
            more, _, _ = select.select([self._fd], [], [], 0.01)
            if not more:
                return "esc"
            seq = ch + os.read(self._fd, 2).decode(errors="ignore")
            return self._ESCAPES.get(seq)
        return ch.lower()


class RichView:
    """A live panel with the words so far; each finished clip is printed above it for scrollback."""

    def __init__(self, console, live) -> None:
        self.console, self.live = console, live
        self._turns = 0

    @staticmethod
    def _who(clip: Clip) -> str:
        return "Candidate" if clip.role == "answer" else "Interviewer"

    def _said(self, clip: Clip, at: float):
        from rich.text import Text

        text = Text()
        style = "" if clip.role == "answer" else "italic cyan"
        shown = [w for w in clip.words if w.start <= at]
        text.append(" ".join(w.text for w in shown), style=style)
        for n in clip.notes:
            if n.at_s <= at:
                text.append(f"\n  [{fmt_ts(n.at_s)}] note: {n.text}", style="yellow")
        return text

    def begin(self, clip: Clip, total_turns: int) -> None:
        self._turns = total_turns

    def progress(self, clip: Clip, at_s: float, duration_s: float, paused: bool) -> None:
        from rich.console import Group
        from rich.panel import Panel
        from rich.text import Text

        state = "paused" if paused else "playing"
        clock = f"{fmt_ts(at_s)} / {fmt_ts(duration_s)} {state}" if duration_s else "no audio"
        title = f"Turn {clip.turn}/{self._turns} · {clip.kind.replace('_', '-')} · {self._who(clip)} · {clock}"
        body = Group(self._said(clip, at_s), Text(KEY_HELP, style="dim"))
        self.live.update(Panel(body, title=title, title_align="left"), refresh=True)

    def end(self, clip: Clip) -> None:
        from rich.text import Text

        self.console.print(Text.assemble((f"[turn {clip.turn}] {self._who(clip)}: ", "bold"),
                                         self._said(clip, float("inf"))))

    def message(self, text: str) -> None:
        self.console.print(text, style="bold")


def print_transcript(session: Session, console, start_turn: int | None = None) -> None:
    """The whole session as text with timestamps: what replay shows when it cannot play."""
    from rich.text import Text

    notes = ordered(session.notes)
    for t in sorted(session.turns, key=lambda t: t.index):
        if start_turn is not None and t.index < start_turn:
            continue
        console.print(Text(f"\nTurn {t.index} · {t.kind.replace('_', '-')}", style="bold"))
        console.print(Text(f"Interviewer: {t.prompt_text}", style="italic cyan"))
        lines: list[tuple[float, Text]] = []
        for s in t.segments:
            lines.append((s.start, Text(f"  [{fmt_ts(s.start)}] ") + Text(s.text.strip())))
        if not t.segments:
            lines.append((0.0, Text("  " + (t.transcript.strip() or "(no answer)"))))
        for n in (n for n in notes if n.turn == t.index):
            lines.append((n.at_s + 1e-6, Text(f"  [{fmt_ts(n.at_s)}] note #{n.id}: {n.text}", style="yellow")))
        console.print(Text("Candidate:"))
        for _, line in sorted(lines, key=lambda x: x[0]):
            console.print(line)
    if session.closing_text:
        console.print(Text(f"\nInterviewer: {session.closing_text}", style="italic cyan"))


def open_speaker() -> Speaker:
    """The default output device, or NoOutputDevice saying why there is none."""
    from audio.devices import SoundDeviceSpeaker
    from audio.errors import NoAudioDeviceError

    try:
        return SoundDeviceSpeaker()
    except NoAudioDeviceError as e:
        raise NoOutputDevice(str(e)) from None
