"""Whisper's encoder on a fitted window vs the full 30 s, and beam 5 vs greedy: WER and time.

Audio, each with its reference text:
- librivox: the 5 LibriVox clips (human, tests/data_fetch.py);
- cards: 6 short human commands from the same pocketsphinx sdist (cards/00*.wav, goforward.raw);
- bench: the 10 answers of bench/turn_latency_bench.py in the scripted candidate's espeak voice;
- demo: the text answers of examples/*.yaml in that voice.

Each is transcribed whole, and streamed frame by frame through the StreamingTranscriber with the
real Silero VAD as an answer is (stretches cut at pauses, as the app does). The time is the
median model call on the bench answers (one stretch each, ~4-7 s: what the end of a turn waits
for).

Usage: .venv/bin/python bench/stt_window_bench.py [--configs full_b5 fitted_b5 full_b1 fitted_b1]
"""
from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from agent.channels.speech import CANDIDATE_VOICE  # noqa: E402
from audio.devices import FRAME_SAMPLES  # noqa: E402
from audio.encoder_window import EncoderWindow  # noqa: E402
from audio.streaming import StreamingTranscriber  # noqa: E402
from audio.stt import TranscribeOptions, Transcriber  # noqa: E402
from audio.tts import Synthesizer  # noqa: E402
from audio.vad import make_vad  # noqa: E402
from audio.wav import SAMPLE_RATE, load_audio, resample  # noqa: E402
from audio.wer import WERResult, normalize_text, word_errors  # noqa: E402
from turn_latency_bench import ANSWERS  # noqa: E402

CONFIGS = {
    "full_b5": TranscribeOptions(beam_size=5, window=None),
    "fitted_b5": TranscribeOptions(beam_size=5, window=EncoderWindow()),
    "full_b1": TranscribeOptions(beam_size=1, window=None),
    "fitted_b1": TranscribeOptions(beam_size=1, window=EncoderWindow()),
}
CARDS = ["ten of clubs", "four queen of clubs", "seven of clubs", "five five",
         "eight of spades four of clubs seven of hearts"]

Item = tuple[np.ndarray, str]


def _data_fetch():
    spec = importlib.util.spec_from_file_location("data_fetch", ROOT / "tests" / "data_fetch.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def human_sets() -> dict[str, list[Item]]:
    df = _data_fetch()
    clips = df.librivox_clips()
    sdists = sorted((df.CACHE / "downloads").glob("pocketsphinx-*.tar.gz"))
    if not clips or not sdists:
        raise SystemExit("no LibriVox clips: run .venv/bin/python tests/data_fetch.py")
    cards: list[Item] = []
    with tarfile.open(sdists[-1]) as tar, tempfile.TemporaryDirectory() as tmp:
        members = {Path(m.name).relative_to(Path(m.name).parts[0]).as_posix(): m for m in tar.getmembers()}
        for i, text in enumerate(CARDS, 1):
            tar.extract(members[f"test/data/cards/00{i}.wav"], tmp, filter="data")
            cards.append((load_audio(next(Path(tmp).rglob(f"00{i}.wav"))), text))
        raw = tar.extractfile(members["test/data/goforward.raw"]).read()  # 16 kHz mono 16-bit PCM
        cards.append((np.frombuffer(raw, "<i2").astype(np.float32) / 32768, "go forward ten meters"))
    return {"librivox": [(load_audio(wav), text) for wav, text in clips], "cards": cards}


def espeak_sets() -> dict[str, list[Item]]:
    demo = [a["text"] for name in ("system_design_demo", "quick_practice")
            for a in yaml.safe_load((ROOT / "examples" / f"{name}.yaml").read_text())["answers"] if "text" in a]
    with Synthesizer(CANDIDATE_VOICE) as synth:
        def speak(text: str) -> Item:
            chunk = synth.render(text, CANDIDATE_VOICE)
            return resample(chunk.samples, chunk.sample_rate, SAMPLE_RATE), text
        return {"bench": [speak(t) for t in ANSWERS], "demo": [speak(t) for t in demo]}


def streamed(transcriber: Transcriber, audio: np.ndarray) -> str:
    stream, vad = StreamingTranscriber(transcriber), make_vad()
    padded = np.concatenate([np.zeros(SAMPLE_RATE * 3 // 10, np.float32), audio, np.zeros(SAMPLE_RATE, np.float32)])
    for i in range(0, len(padded), FRAME_SAMPLES):
        frame = padded[i : i + FRAME_SAMPLES]
        stream.push(frame, vad.is_speech(frame))
    return stream.finalize(300).text


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--configs", nargs="+", default=list(CONFIGS), choices=list(CONFIGS))
    ap.add_argument("--repeats", type=int, default=3, help="timed calls per bench answer")
    args = ap.parse_args()
    sets = {**human_sets(), **espeak_sets()}
    transcriber = Transcriber()
    transcriber.warmup()
    words = {k: sum(len(normalize_text(r)) for _, r in v) for k, v in sets.items()}
    print("| config | " + " | ".join(f"{k} whole / streamed errors ({len(v)} clips, {words[k]} words)"
                                    for k, v in sets.items()) + " | total | call p50 (bench answers) |")
    print("|---" * (len(sets) + 3) + "|")
    for name in args.configs:
        transcriber.options = CONFIGS[name]
        cells, total = [], 0
        for items in sets.values():
            whole = stream = WERResult(0, 0, 0, 0)
            for audio, reference in items:
                whole = whole + word_errors(reference, transcriber.transcribe(audio).text)
                stream = stream + word_errors(reference, streamed(transcriber, audio))
            cells.append(f"{whole.errors} / {stream.errors}")
            total += whole.errors + stream.errors
        times = [transcriber.transcribe(audio).elapsed_s for audio, _ in sets["bench"] for _ in range(args.repeats)]
        print(f"| {name} | " + " | ".join(cells) + f" | {total} | {statistics.median(times):.3f} s |", flush=True)


if __name__ == "__main__":
    main()
