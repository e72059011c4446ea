"""Semantic end of turn on real human speech (LibriVox), judged by smart-turn + the words.

1. Cut-offs: each clip cut between two words at 1/3, 1/2 and 2/3 of its speech, a think-pause of
   1, 2 or 3 s inserted, then the rest. A cut-off is a turn that ends in the inserted pause.
2. Complete answers: each whole clip then silence; how much silence ends the turn.

Runs the real VAD, STT and end-of-turn model through capture_answer on a virtual clock (the
decisions depend on the audio only). Usage:
    .venv/bin/python tests/data_fetch.py     # once
    .venv/bin/python bench/end_of_turn_bench.py [--fractions 0.33 0.5 0.67] [--pauses 1 2 3]
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from audio.clock import VirtualClock  # noqa: E402
from audio.file_devices import FileMicrophone  # noqa: E402
from audio.listen import ListenOptions, capture_answer  # noqa: E402
from audio.streaming import StreamingOptions  # noqa: E402
from audio.stt import Transcriber  # noqa: E402
from audio.wav import load_audio  # noqa: E402


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tests" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fractions", type=float, nargs="+", default=[1 / 3, 1 / 2, 2 / 3])
    ap.add_argument("--pauses", type=float, nargs="+", default=[1.0, 2.0, 3.0])
    ap.add_argument("--speculate-after", type=float, default=StreamingOptions.speculate_after_s,
                    help="seconds of pause before the words so far go to Whisper (a negative value: at the judging point)")
    args = ap.parse_args()
    clips = _load("data_fetch").librivox_clips()
    if not clips:
        raise SystemExit("no LibriVox clips: run .venv/bin/python tests/data_fetch.py")
    splice = _load("splice")
    transcriber = Transcriber()
    options = ListenOptions(streaming=StreamingOptions(speculate_after_s=None if args.speculate_after < 0 else args.speculate_after))
    cutoffs, cases, rows, complete = 0, 0, [], []
    for wav, _ in clips:
        audio = load_audio(wav)
        words = transcriber.transcribe(audio).words
        for fraction in args.fractions:
            k = splice.cut_near(words, fraction)
            for pause in args.pauses:
                s = splice.splice(audio, words, k, pause)
                answer = capture_answer(FileMicrophone(s.audio, clock=VirtualClock(), trailing_silence_s=8.0),
                                        transcriber, options)
                cut_off = answer.last_speech_end_s is None or answer.last_speech_end_s < s.cut_s + pause
                cutoffs += cut_off
                cases += 1
                first = answer.end_of_turn[0] if answer.end_of_turn else None
                rows.append({"clip": wav.stem[-4:], "cut_after": s.before.split()[-1], "pause_s": pause,
                             "cut_off": cut_off, "p": None if first is None else round(first.probability or 0, 3),
                             "cues": first.cues if first else [], "verdict": first.verdict if first else None,
                             "heard": answer.text})
                print(json.dumps(rows[-1]), flush=True)
        whole = capture_answer(FileMicrophone(audio, clock=VirtualClock(), trailing_silence_s=8.0), transcriber, options)
        complete.append(round(whole.timings["end_of_turn_delay_s"], 3))
        print(json.dumps({"clip": wav.stem[-4:], "whole": True, "silence_before_end_s": complete[-1],
                          "decisions": [d.to_dict() for d in whole.end_of_turn]}), flush=True)
    print(json.dumps({"splices": cases, "cut_offs": cutoffs,
                      "complete_answers": len(complete),
                      "complete_silence_p50_s": float(np.median(complete)),
                      "complete_silence_max_s": max(complete),
                      "complete_ended_within_0.8s": sum(c <= 0.8 for c in complete)}, indent=2))


if __name__ == "__main__":
    main()
