"""voicebench, an outside voice-agent benchmark, against our interviewer and voicebench's mock agent.

Both agents are served over the same PCM-over-WebSocket protocol on 127.0.0.1 and get the same
scenarios (bench/voicebench/*.yaml): a complete answer, a think-pause after an incomplete thought,
a barge-in, a cough. voicebench plays the candidate's audio in real time, records both sides and
derives every figure from the audio: response latency (end of the candidate's speech to the
interviewer's first sound), time to first audio, barge-in success and stop time, whether a cough
is ignored, missed responses. Ours is the real `interview serve --ws` (a child process: real
VAD, end of turn, STT, TTS, offline brain, graph); the mock answers 300 ms after silence plus a
configured delay, and stops on any loud sound, which sets the scale, not a target.

The candidate's answers are spoken by piper (bench/voicebench/audio/, rendered by --render).

Usage: .venv/bin/python bench/voicebench_bench.py [--repeat 2] [--tts piper] [--only ours|mock]
       [--scenarios complete_answer ...] [--render] [--out DIR (keeps reports and our sessions)]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent / "voicebench"
ROOT = HERE.parent.parent
SCENARIOS = ["complete_answer", "think_pause", "barge_in", "cough"]
# The candidate's lines; a None is 2.5 s of silence (the think-pause).
ANSWERS: dict[str, list[str | None]] = {
    "complete_a": ["I would start with the customers who churned last quarter, and agree on one success metric "
                   "with engineering before we build anything."],
    "complete_b": ["We would ship it behind a feature flag to five percent of traffic, and roll back if the "
                   "error rate goes up."],
    "think_pause": ["The first thing I would look at is the error budget, and", None,
                    "then what changed in the last deploy."],
    "barge_in": ["Sorry, can I jump in? I would rate limit per API key, with a clear error when a client goes over."],
}
THINK_PAUSE_S = 2.5
# voicebench's own example settings for its mock, plus a greeting so it speaks first like ours.
MOCK_OPTIONS = {"greeting_ms": 6000, "endpoint_silence_ms": 300, "response_delay_ms": 350, "jitter_ms": 150,
                "response_ms": 4000, "barge_in_min_ms": 250, "interrupt_reaction_ms": 120}


def render_answers() -> None:
    """Speak the candidate's lines with piper (a natural voice, unlike the espeak interviewer)."""
    from audio.tts import PIPER_VOICE, Synthesizer
    from audio.wav import SAMPLE_RATE, resample, write_wav

    (HERE / "audio").mkdir(exist_ok=True)
    with Synthesizer(PIPER_VOICE.with_(rate=160)) as tts:
        for name, parts in ANSWERS.items():
            pieces = []
            for part in parts:
                if part is None:
                    pieces.append(np.zeros(int(THINK_PAUSE_S * SAMPLE_RATE), np.float32))
                else:
                    chunk = tts.render(part)
                    pieces.append(_trim(resample(chunk.samples, chunk.sample_rate, SAMPLE_RATE)))
            write_wav(HERE / "audio" / f"{name}.wav", np.concatenate(pieces), SAMPLE_RATE)
            print(f"rendered audio/{name}.wav")


def _trim(x: np.ndarray, level: float = 0.01) -> np.ndarray:
    loud = np.flatnonzero(np.abs(x) > level)
    return x[loud[0] : loud[-1] + 1] if loud.size else x


class OurServer:
    """`interview serve --ws` in a child process, on a free port; reports its peak memory."""

    def __init__(self, extra: list[str], sessions: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "agent.cli", "serve", "--ws", "--port", "0", "--sessions", str(sessions), *extra],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "INTERVIEW_LLM_MODEL": ""},
        )
        self.url = ""
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("listening on "):
                self.url = line.split()[-1]
                break
        if not self.url:
            raise SystemExit(f"interview serve did not start (exit {self.proc.wait()})")

    def peak_rss_mb(self) -> dict[str, float]:
        """VmHWM of the server and of its children (the TTS workers)."""
        out = {"server": _hwm_mb(self.proc.pid)}
        for child in Path(f"/proc/{self.proc.pid}/task").glob("*/children"):
            for pid in child.read_text().split():
                out[f"child {pid}"] = _hwm_mb(int(pid))
        return out

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def _hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def run_agent(url: str, scenarios: list[str], repeat: int, out: Path | None, label: str):
    from voicebench.bench import run_benchmark
    from voicebench.report import render_html, write_json
    from voicebench.scenario import load_scenario

    results = {}
    for name in scenarios:
        scenario = load_scenario(HERE / f"{name}.yaml")
        started = time.perf_counter()
        result = await run_benchmark(scenario, adapter="websocket", options={"url": url}, repeat=repeat)
        print(f"  {label:<6} {name:<16} {time.perf_counter() - started:5.0f} s  "
              f"{result.summary['turns_passed']}/{result.summary['turns']} turns passed", flush=True)
        results[name] = result
        if out is not None:
            folder = out / label / name
            folder.mkdir(parents=True, exist_ok=True)
            write_json(result.report, folder / "report.json")
            (folder / "report.html").write_text(render_html(result.report, result.sessions))
        await asyncio.sleep(3)  # our server finishes saving the last session before the next connects
    return results


def overall(results) -> dict:
    from voicebench.metrics import summarize

    summary = summarize([s for r in results.values() for s in r.sessions])
    pauses = [t for s in results["think_pause"].sessions for t in s.turns] if "think_pause" in results else []
    summary["think_pause_cut_offs"] = sum(1 for t in pauses if t.talk_over)  # replied before the last word
    summary["think_pause_turns"] = len(pauses)
    return summary


def _ms(v) -> str:
    return "-" if v is None else f"{v:.0f} ms"


def table(columns: dict[str, dict]) -> str:
    rows = [
        ("response latency p50 / p90", lambda s: f"{_ms(s['response_latency_ms']['p50'])} / {_ms(s['response_latency_ms']['p90'])}"),
        ("time to first audio p50 / p90", lambda s: f"{_ms(s['ttfa_ms']['p50'])} / {_ms(s['ttfa_ms']['p90'])}"),
        ("missed responses", lambda s: f"{s['missed_responses']} of {s['response_latency_ms']['count'] + s['missed_responses']}"),
        ("barge-in success", lambda s: "-" if s["barge_in_success_rate"] is None
         else f"{s['barge_in_success_rate']:.0%} of {s['barge_in_turns']}"),
        ("barge-in stop time p50 / max", lambda s: f"{_ms(s['barge_in_stop_ms']['p50'])} / {_ms(s['barge_in_stop_ms']['max'])}"),
        ("cough ignored", lambda s: f"{s['noise_turns'] - s['false_barge_ins'] - s['spurious_responses']} of {s['noise_turns']}"),
        ("think-pause cut-offs", lambda s: f"{s['think_pause_cut_offs']} of {s['think_pause_turns']}"),
        ("talk-over (agent over the candidate)", lambda s: _ms(s["talk_over_ms"])),
        ("mean WER of what the agent heard", lambda s: "-" if s["mean_wer"] is None else f"{s['mean_wer']:.2f}"),
    ]
    names = list(columns)
    lines = ["| metric | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for title, cell in rows:
        lines.append(f"| {title} | " + " | ".join(cell(columns[n]) for n in names) + " |")
    return "\n".join(lines)


async def main_async(args) -> None:
    from voicebench.mock_server import start_server

    out = Path(args.out) if args.out else None
    columns: dict[str, dict] = {}
    if args.only in (None, "mock"):
        mock = await start_server("127.0.0.1", 0, 16000, MOCK_OPTIONS)
        port = next(iter(mock.sockets)).getsockname()[1]
        columns["voicebench mock"] = overall(await run_agent(f"ws://127.0.0.1:{port}", args.scenarios, args.repeat,
                                                             out, "mock"))
        mock.close()
    if args.only in (None, "ours"):
        import tempfile

        with tempfile.TemporaryDirectory() as scratch:
            sessions = out / "sessions" if out else Path(scratch)  # kept with --out, to read their latencies
            server = OurServer(["--tts", args.tts], sessions)
            try:
                columns[f"ours ({args.tts})"] = overall(await run_agent(server.url, args.scenarios, args.repeat,
                                                                        out, "ours"))
                rss = server.peak_rss_mb()
            finally:
                server.stop()
        print("peak RSS (MB): " + ", ".join(f"{k} {v:.0f}" for k, v in rss.items()))
    print(f"\nload: {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f} (1/5/15 min)")
    print(table(columns))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeat", type=int, default=2, help="sessions per scenario and agent (default 2)")
    p.add_argument("--tts", choices=["pyttsx3", "piper"], default="pyttsx3", help="our interviewer's voice")
    p.add_argument("--only", choices=["ours", "mock"], help="run one agent only")
    p.add_argument("--scenarios", nargs="+", choices=SCENARIOS, default=SCENARIOS, metavar="NAME",
                   help=f"scenarios to run (default all: {' '.join(SCENARIOS)})")
    p.add_argument("--render", action="store_true", help="re-render the candidate's answers with piper first")
    p.add_argument("--out", metavar="DIR", help="also write voicebench's report.json/html per agent and scenario")
    args = p.parse_args()
    if args.render or not all((HERE / "audio" / f"{n}.wav").is_file() for n in ANSWERS):
        render_answers()
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
