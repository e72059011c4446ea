"""A live run killed in the middle of an answer: what the candidate had said is on disk, and when
`interview resume` asks the question again, the re-asked turn opens with it, so the coach replays
and the grade reads the whole answer. Real TTS, VAD, STT, graph and SQLite checkpointer; the only
fake is the sound card (file devices), and the kill is a real SIGKILL of the process.
"""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from agent.brain.offline import OfflineBrain
from agent.channels.voice import VoiceChannel
from agent.cli.run import _run
from agent.start import reopened_session
from audio.clock import VirtualClock
from audio.file_devices import FileMicrophone, FileSpeaker
from audio.vad import speech_timestamps
from audio.wav import SAMPLE_RATE, load_audio, write_wav
from audio.wer import normalize_text
from support import REPO

from .test_device_trouble import _KeepSpeechOpen
from .test_nothing_dropped import found_in, librivox  # noqa: F401
from .test_voice_channel import kit  # noqa: F401

pytestmark = pytest.mark.slow

SPEAKS_AT_S = 8.0  # the candidate starts answering (over the opening line, or after it)
KILLED_AFTER_S = 4.0  # of their answer

# A live run on file devices whose microphone's host dies (SIGKILL) at a given time.
LIVE_RUN = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    from agent.brain.offline import OfflineBrain
    from agent.channels.speech import SpeechKit
    from agent.channels.voice import VoiceChannel
    from agent.cli.run import _run
    from agent.start import new_session
    from audio.clock import VirtualClock
    from audio.file_devices import FileMicrophone, FileSpeaker

    folder, wav, kill_at = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])

    class PowerCut(FileMicrophone):
        def read(self, timeout=None):
            frame = super().read(timeout)
            if frame is not None and frame.t >= kill_at:
                os.kill(os.getpid(), signal.SIGKILL)
            return frame

    clock = VirtualClock()
    mic = PowerCut(wav, clock=clock, trailing_silence_s=10.0)
    with new_session(folder, flow="quick_practice", level="mid", channel="voice", seed=0) as (folder, session):
        _run(folder, session, VoiceChannel(mic, FileSpeaker(clock=clock), SpeechKit.load()), OfflineBrain())
""")


def _words(text: str) -> list[str]:
    return normalize_text(text)


def test_an_answer_cut_off_by_a_kill_opens_the_re_asked_turn(tmp_path, librivox, kit):  # noqa: F811
    clip = {w.stem[-4:]: (load_audio(w), t) for w, t in librivox}
    lead = np.zeros(int(SPEAKS_AT_S * SAMPLE_RATE), np.float32)
    first_try, _ = clip["0870"]  # "And Mister John Dashwood had then leisure to consider how much..."
    write_wav(tmp_path / "first.wav", np.concatenate([lead, first_try]), SAMPLE_RATE)
    folder = tmp_path / "session"
    killed = subprocess.run([sys.executable, "-c", LIVE_RUN, str(folder), str(tmp_path / "first.wav"),
                             str(SPEAKS_AT_S + KILLED_AFTER_S)], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    assert json.loads((folder / "session.json").read_text())["turns"] == []  # killed in the first answer
    cut_off = folder / "audio" / "001-answer-cut-off.wav"
    before = load_audio(cut_off)  # a valid WAV, although its writer never finished
    assert 3.0 <= sum(e - s for s, e in speech_timestamps(before)) <= KILLED_AFTER_S + 0.5

    # Resumed: the question is asked again and answered anew.
    second_try, second_text = clip["0920"]  # "Had he married a more amiable woman..."
    clock = VirtualClock()
    mic = FileMicrophone(np.concatenate([lead, second_try]), clock=clock, trailing_silence_s=10.0)
    with reopened_session(folder) as session:
        assert _run(folder, session, VoiceChannel(mic, FileSpeaker(clock=clock), _KeepSpeechOpen(kit)), OfflineBrain()) == 0
    session = json.loads((folder / "session.json").read_text())
    assert session["status"] == "completed" and session["grade"]
    turn = session["turns"][0]

    # The re-asked turn holds both tries, in order: what was said before the kill, then the new answer.
    heard = _words(turn["transcript"])
    assert {"dashwood", "leisure"} <= set(heard[: len(heard) // 2]), turn["transcript"]
    new_words = _words(second_text)
    assert sum(w in heard for w in new_words) >= 0.8 * len(new_words), turn["transcript"]
    assert heard.index("leisure") < heard.index("amiable")
    assert turn["latency"]["heard_before_stop_s"] >= 3.0
    audio = load_audio(folder / turn["answer_audio"])
    for start, end in speech_timestamps(before):
        for t in np.arange(start, end - 0.25, 0.5):
            window = before[int(t * SAMPLE_RATE) : int((t + 0.25) * SAMPLE_RATE)]
            assert found_in(window, audio), f"{t:.2f} s into the cut-off answer: not in the re-asked turn"
    # its words are timed in the joined clip, and the grade can quote them
    leisure = next(w["start"] for s in turn["segments"] for w in s["words"] if "leisure" in w["word"].lower())
    amiable = next(w["start"] for s in turn["segments"] for w in s["words"] if "amiable" in w["word"].lower())
    assert leisure < len(before) / SAMPLE_RATE < amiable
    # the coach is told, the cut-off recording stays as it was, and no other journal is left behind
    resumed = next(e["message"] for e in session["events"] if e["kind"] == "answer_resumed")
    assert "001-answer-cut-off.wav" in resumed and "leisure" in resumed.lower(), resumed
    assert np.array_equal(load_audio(cut_off), before)
    assert sorted(p.name for p in (folder / "audio").glob("*cut-off*")) == ["001-answer-cut-off.wav"]

