"""What tells clear speech from speech Whisper cannot make out: per clip, the lowest segment
avg_logprob, highest compression ratio, mean word probability, and whether it is saved as
"(unclear)". Clear: the LibriVox clips and espeak answers; mangled: the same reversed and at 3x.

    .venv/bin/python bench/unclear_bench.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from audio.stt import Transcriber  # noqa: E402
from audio.tts import CANDIDATE_VOICE, Synthesizer  # noqa: E402
from audio.unclear import UNCLEAR  # noqa: E402
from audio.wav import load_audio, resample  # noqa: E402
from data_fetch import librivox_clips  # noqa: E402

ANSWERS = [
    "I would start from the users who feel the slowdown and check p99 latency by region since the release.",
    "Then I would compare traces before and after the deploy, and look at the cache hit rate.",
    "We measured adoption weekly, and I reached out to the top twenty integrators directly.",
]


def row(t: Transcriber, name: str, audio: np.ndarray) -> None:
    raw, _ = t._model.transcribe(audio, beam_size=5, language="en", vad_filter=True,
                                 condition_on_previous_text=False, word_timestamps=True)
    raw = list(raw)
    saved = t.transcribe(audio).text
    if not raw:
        print(f"{name:<34} (no segments)          saved: {saved!r}")
        return
    probs = [w.probability for s in raw for w in (s.words or [])]
    print(f"{name:<34} logprob {min(s.avg_logprob for s in raw):6.2f}  cr {max(s.compression_ratio for s in raw):4.2f}"
          f"  wordp {np.mean(probs) if probs else 0:4.2f}  {'UNCLEAR' if saved == UNCLEAR else 'clear  '}  "
          f"whisper: {' '.join(s.text.strip() for s in raw)[:60]!r}")


def main() -> None:
    t = Transcriber()
    sources = [(p.stem[-4:], load_audio(p)) for p, _ in librivox_clips()]
    with Synthesizer(CANDIDATE_VOICE) as synth:
        for i, text in enumerate(ANSWERS):
            chunk = synth.render(text)
            sources.append((f"espeak{i}", resample(chunk.samples, chunk.sample_rate, 16000)))
    for name, x in sources:
        row(t, f"{name} clear", x)
        row(t, f"{name} reversed", x[::-1].copy())
        row(t, f"{name} 3x", resample(x, 48000, 16000))


if __name__ == "__main__":
    main()
