"""A real sound server for live runs: a private PulseAudio daemon, recorders on its sinks, and a
driver that plays a candidate's answers into a live `interview run` and records both sides.

The server (as root too, with ``XDG_RUNTIME_DIR`` in a temp folder) holds exactly:
- ``speaker``: a null sink, the default output; the interviewer speaks into it;
- ``candidate``: a null sink the candidate's voice is played into (``paplay``);
- ``mic``: the default input, a remap of ``candidate.monitor``: the virtual microphone.
ALSA's ``pulse`` plugin (libasound2-plugins) turns them into PortAudio devices: the run opens
"default" like on a desk. Both sinks' monitors are recorded with ``parecord``; every sample is
placed on this process's monotonic clock, so the two sides can be compared.

Used by tests/live (assertions) and bench/live_pulse_bench.py (figures).
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from agent.meaning.cache import cache_dir as embeddings_dir

RATE = 16000
WINDOW_S = 0.02  # activity is judged per 20 ms
ACTIVE_RMS = 0.01  # about -40 dBFS: speech, not the null sink's digital silence

SERVER_CONFIG = """\
load-module module-native-protocol-unix
load-module module-null-sink sink_name=speaker sink_properties=device.description=Speaker
load-module module-null-sink sink_name=candidate sink_properties=device.description=Candidate
load-module module-remap-source source_name=mic master=candidate.monitor source_properties=device.description=Microphone
set-default-sink speaker
set-default-source mic
"""
# Applications using ALSA's default device go to the server named by PULSE_SERVER.
ASOUNDRC = "pcm.!default { type pulse }\nctl.!default { type pulse }\n"


class PulseUnavailable(RuntimeError):
    """The server could not be started here (the reason says why)."""


class PulseServer:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.runtime = self.root / "run"
        self.home = self.root / "home"
        self.log = self.root / "pulseaudio.log"
        self._proc: subprocess.Popen | None = None

    @property
    def env(self) -> dict[str, str]:
        """The environment a client of this server (and only this server) needs."""
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PULSE_", "ALSA_"))}
        env.update(XDG_RUNTIME_DIR=str(self.runtime), HOME=str(self.home),
                   PULSE_SERVER=f"unix:{self.runtime}/pulse/native")
        return env

    def start(self, timeout_s: float = 15.0) -> "PulseServer":
        if shutil.which("pulseaudio") is None or shutil.which("pactl") is None:
            raise PulseUnavailable("pulseaudio/pactl not installed (apt-get install pulseaudio pulseaudio-utils)")
        self.runtime.mkdir(parents=True, exist_ok=True)
        self.runtime.chmod(0o700)
        self.home.mkdir(parents=True, exist_ok=True)
        (self.home / ".asoundrc").write_text(ASOUNDRC)
        config = self.root / "server.pa"
        config.write_text(SERVER_CONFIG)
        env = self.env
        env.pop("PULSE_SERVER")
        with open(self.log, "wb") as log:
            self._proc = subprocess.Popen(
                ["pulseaudio", "-n", "--daemonize=no", "--exit-idle-time=-1", "--disallow-exit",
                 "--use-pid-file=no", "--log-target=stderr", "-F", str(config)],
                env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                break
            if subprocess.run(["pactl", "info"], env=self.env, capture_output=True).returncode == 0:
                return self
            time.sleep(0.1)
        self.stop()
        tail = self.log.read_text(errors="replace").strip().splitlines()[-3:]
        raise PulseUnavailable("pulseaudio did not start: " + (" | ".join(tail) or "no output"))

    def pactl(self, *args: str) -> str:
        done = subprocess.run(["pactl", *args], env=self.env, capture_output=True, text=True, timeout=10)
        if done.returncode != 0:
            raise RuntimeError(f"pactl {' '.join(args)}: {done.stderr.strip()}")
        return done.stdout

    def play(self, wav: Path, sink: str = "candidate", check: bool = True) -> None:
        """Play a file into a sink (the candidate's voice into the virtual microphone); blocks.
        ``check=False``: the server may die meanwhile."""
        subprocess.run(["paplay", f"--device={sink}", "--latency-msec=20", str(wav)], env=self.env,
                       check=check, timeout=120, stderr=None if check else subprocess.DEVNULL)

    def stop(self) -> None:
        proc, self._proc = self._proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)

    def __enter__(self) -> "PulseServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


class MonitorRecorder:
    """Records a sink's monitor (what was played into it) with ``parecord``, time-stamped.

    Sample ``n`` is placed at ``origin + n / RATE``; ``origin`` is estimated from the arrival
    time of each chunk, taking the least-delayed one. Its low-latency stream also keeps the null
    sink in short blocks (idle, a null sink renders 2 s at a time)."""

    def __init__(self, server: PulseServer, sink: str) -> None:
        self.sink = sink
        self._proc = subprocess.Popen(
            ["parecord", "--raw", "--format=s16le", f"--rate={RATE}", "--channels=1", "--latency-msec=10",
             f"--device={sink}.monitor"], env=server.env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._chunks: list[np.ndarray] = []
        self._n = 0
        self.origin = float("inf")
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._read, name=f"record-{sink}", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self._proc.stdout is not None
        while True:
            data = self._proc.stdout.read1(3200)  # type: ignore[attr-defined]
            if not data:
                return
            arrived = time.monotonic()
            samples = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2").astype(np.float32) / 32768
            with self._lock:
                self._chunks.append(samples)
                self._n += len(samples)
                self.origin = min(self.origin, arrived - self._n / RATE)

    def audio(self) -> np.ndarray:
        with self._lock:
            return np.concatenate(self._chunks) if self._chunks else np.zeros(0, np.float32)

    def activity(self) -> tuple[np.ndarray, np.ndarray]:
        """(start times, active?) of each 20 ms window recorded so far."""
        audio = self.audio()
        w = int(WINDOW_S * RATE)
        n = len(audio) // w
        rms = np.sqrt((audio[: n * w].reshape(n, w).astype(np.float64) ** 2).mean(axis=1)) if n else np.zeros(0)
        return self.origin + np.arange(n) * WINDOW_S, rms > ACTIVE_RMS

    def segments(self, bridge_s: float = 0.7) -> list[tuple[float, float]]:
        """Stretches of sound (start, end), gaps shorter than ``bridge_s`` bridged."""
        times, active = self.activity()
        out: list[list[float]] = []
        for t in times[active]:
            if out and t - out[-1][1] <= bridge_s:
                out[-1][1] = t + WINDOW_S
            else:
                out.append([t, t + WINDOW_S])
        return [(a, b) for a, b in out]

    def first_sound_after(self, t: float, timeout_s: float) -> float | None:
        """Wait until sound is heard after ``t``; its time, or None on timeout."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            times, active = self.activity()
            hits = times[active & (times >= t)]
            if len(hits):
                return float(hits[0])
            time.sleep(0.05)
        return None

    def quiet_after(self, t: float, quiet_s: float, timeout_s: float) -> float | None:
        """Wait until ``quiet_s`` of silence follows the last sound after ``t``; when the silence began."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            times, active = self.activity()
            last = times[active & (times >= t)]
            began = float(last[-1]) + WINDOW_S if len(last) else t
            if len(times) and times[-1] + WINDOW_S - began >= quiet_s:
                return began
            time.sleep(0.05)
        return None

    def stop(self) -> None:
        self._proc.terminate()
        try:
            self._proc.wait(5)
        except subprocess.TimeoutExpired:
            self._proc.kill()
        self._thread.join(5)


# ----------------------------------------------------------------------------- a live interview
@dataclass
class LiveAnswer:
    text: str
    wav: Path
    barge_in: bool = False  # start 1.5 s into the interviewer's line instead of after it
    stall_first_s: float = 0.0  # suspend the microphone this long after the question, before answering
    server_dies_after_s: float | None = None  # the sound server is killed this far into the answer


@dataclass
class AnswerPlayed:
    answer: LiveAnswer
    prompt_onset: float  # the interviewer started this turn's line
    played_at: float  # paplay started
    speech: tuple[float, float] | None = None  # the answer's sound in the candidate recording


@dataclass
class LiveRun:
    folder: Path
    returncode: int | None
    stdout: str
    stderr: str
    played: list[AnswerPlayed] = field(default_factory=list)
    interviewer: list[tuple[float, float]] = field(default_factory=list)  # sound segments
    candidate: list[tuple[float, float]] = field(default_factory=list)

    def session(self) -> dict:
        import json
        return json.loads((self.folder / "session.json").read_text())

    def reply_gaps(self) -> list[float]:
        """End of each answer (not barged in) to the interviewer's next sound: perceived turn-taking."""
        gaps = []
        for p in self.played:
            if p.answer.barge_in or p.speech is None:
                continue
            nxt = next((a for a, _ in self.interviewer if a > p.speech[1]), None)
            if nxt is not None:
                gaps.append(nxt - p.speech[1])
        return gaps

    def barge_in_stops(self) -> list[float]:
        """For each barge-in: from the candidate's first sound to the end of the interviewer's sound
        that it talked over."""
        stops = []
        for p in self.played:
            if not p.answer.barge_in or p.speech is None:
                continue
            onset = p.speech[0]
            over = [b for a, b in self.interviewer if a < onset < b + 0.05]
            if over:
                stops.append(over[0] - onset)
        return stops


def stopped_for_resume(run: LiveRun, device_wait_s: int) -> dict:
    """Check that the run stopped on a lost device with one line saying how to resume, and with
    its first answer saved; its session."""
    import re

    from audio.wer import normalize_text

    assert run.returncode == 2, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    last = run.stderr.strip().splitlines()[-1]
    assert re.match(rf"error: the microphone stopped working .* within {device_wait_s} s; every answer so far is "
                    rf"saved: continue with `interview resume {re.escape(str(run.folder))}`$", last), last
    session = run.session()
    assert len(session["turns"]) == 1 and "users" in normalize_text(session["turns"][0]["transcript"])
    assert session["status"] == "running"
    return session


# The scenario of a live run: (answer, words that must be heard: its first and last content words)
ANSWERS = [
    ("I would start with the users and the goal, then sketch the main services, the data store and the "
     "cache, and name the trade offs on latency and cost.", ("users", "cost")),
    ("We would measure success with the error rate and the latency, and roll out behind a feature flag "
     "to one percent of traffic first.", ("measure", "traffic")),
    ("Sorry to jump in. I once had an engineering lead who disagreed with the launch date, so we listed "
     "the risks together and agreed on a smaller first release.", ("jump", "release")),
    ("Afterwards we wrote down what we learned, and the team kept using that risk list for every launch "
     "that quarter.", ("afterwards", "quarter")),
]
STALLED, BARGE_IN = 1, 2  # the microphone stalls before answer 1; answer 2 talks over the question


def live_answers(folder: Path) -> list[LiveAnswer]:
    wavs = synthesize_answers([text for text, _ in ANSWERS], folder)
    return [LiveAnswer(text, wav, barge_in=i == BARGE_IN, stall_first_s=3.0 if i == STALLED else 0.0)
            for i, ((text, _), wav) in enumerate(zip(ANSWERS, wavs))]


def synthesize_answers(texts: list[str], folder: Path) -> list[Path]:
    """The candidate's answers spoken by espeak-ng (the run's own candidate voice) into WAV files."""
    from agent.channels.speech import CANDIDATE_VOICE
    from audio.tts import Synthesizer
    from audio.wav import write_wav

    synth = Synthesizer(CANDIDATE_VOICE)
    synth.start()
    try:
        paths = []
        for i, text in enumerate(texts):
            chunk = synth.render(text, CANDIDATE_VOICE)
            paths.append(write_wav(folder / f"answer-{i}.wav", chunk.samples, chunk.sample_rate))
        return paths
    finally:
        synth.close()


def run_live_interview(server: PulseServer, answers: list[LiveAnswer], folder: Path, *,
                       extra_args: tuple[str, ...] = (), timeout_s: float = 420.0,
                       after_answers: Callable[[], object] | None = None, resume: bool = False) -> LiveRun:
    """`interview run --flow quick_practice` (``resume``: `interview resume` of ``folder``) on the
    server's default devices, with ``answers`` played into the virtual microphone one per
    interviewer line, in order. ``after_answers`` is called once the interviewer starts the line
    after the last answer."""
    speaker = MonitorRecorder(server, "speaker")
    candidate = MonitorRecorder(server, "candidate")
    env = {k: v for k, v in server.env.items() if not k.startswith("INTERVIEW_LLM")}
    # The server's HOME is a temp folder: keep the embeddings `make setup` computed, as at a desk.
    env.setdefault("INTERVIEW_EMBEDDINGS_DIR", str(embeddings_dir() or "off"))
    out, err = folder.parent / f"{folder.name}.stdout", folder.parent / f"{folder.name}.stderr"
    command = ["resume", str(folder)] if resume else ["run", "--flow", "quick_practice", "--session-dir", str(folder)]
    cmd = [sys.executable, "-m", "agent.cli", *command, *extra_args]
    played: list[AnswerPlayed] = []
    with open(out, "w") as fo, open(err, "w") as fe:
        proc = subprocess.Popen(cmd, env=env, stdout=fo, stderr=fe, cwd=Path(__file__).resolve().parents[2])
        try:
            mark = time.monotonic()
            for answer in answers:
                onset = speaker.first_sound_after(mark, timeout_s=180)
                if onset is None or proc.poll() is not None:
                    break
                if answer.barge_in:
                    time.sleep(max(0.0, onset + 1.5 - time.monotonic()))
                else:
                    if speaker.quiet_after(onset, 1.2, timeout_s=120) is None:
                        break
                    if answer.stall_first_s:
                        server.pactl("suspend-source", "mic", "1")
                        time.sleep(answer.stall_first_s)
                        server.pactl("suspend-source", "mic", "0")
                        time.sleep(1.0)  # as a candidate would, once the view says the microphone is back
                started = time.monotonic()
                if answer.server_dies_after_s is not None:
                    threading.Timer(answer.server_dies_after_s, server.stop).start()
                server.play(answer.wav, check=answer.server_dies_after_s is None)
                played.append(AnswerPlayed(answer, onset, started))
                mark = time.monotonic() + 0.3
            if after_answers is not None and speaker.first_sound_after(mark, timeout_s=180) is not None:
                after_answers()
            proc.wait(timeout_s)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            time.sleep(0.3)
            speaker.stop()
            candidate.stop()
    run = LiveRun(folder, proc.returncode, out.read_text(), err.read_text(), played,
                  speaker.segments(), candidate.segments())
    ends = [p.played_at for p in played[1:]] + [float("inf")]
    for p, until in zip(played, ends):  # each answer's own sound in the candidate's recording
        mine = [seg for seg in run.candidate if p.played_at - 0.2 <= seg[0] < until - 0.2]
        if mine:
            p.speech = (mine[0][0], mine[-1][1])
    return run
