"""Words sent to Whisper 0.2 s into a pause (speculating) vs at the judging point, on a live
microphone's room tone: do the transcripts differ, and is either worse?

Each answer (the sets of bench/stt_window_bench.py) is followed by 1.5 s of room tone (-66 dBFS
hiss) and goes frame by frame through the real VAD, the end-of-turn detector (judged on the words)
and the StreamingTranscriber, once speculating at 0.2 s and once not.

Usage: .venv/bin/python bench/speculation_room_tone_bench.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from audio.devices import FRAME_SAMPLES  # noqa: E402
from audio.endpointing import EndOfTurn, EndOfTurnDetector, EndpointingOptions, PauseToJudge, judge  # noqa: E402
from audio.streaming import StreamingOptions, StreamingTranscriber  # noqa: E402
from audio.stt import Transcriber  # noqa: E402
from audio.vad import make_vad  # noqa: E402
from audio.wav import SAMPLE_RATE  # noqa: E402
from audio.wer import WERResult, normalize_text, word_errors  # noqa: E402
from stt_window_bench import espeak_sets, human_sets  # noqa: E402


def heard(transcriber: Transcriber, audio: np.ndarray, speculate: bool) -> str:
    """The answer's transcript as capture_answer would make it, over room tone."""
    stream = StreamingTranscriber(transcriber, StreamingOptions(speculate_after_s=0.2 if speculate else None))
    vad, detector = make_vad(), EndOfTurnDetector(EndpointingOptions(use_model=False))
    tone = np.random.default_rng(len(audio)).normal(0, 0.0005, int(1.8 * SAMPLE_RATE)).astype(np.float32)
    samples = np.concatenate([tone[: SAMPLE_RATE * 3 // 10], audio, tone[SAMPLE_RATE * 3 // 10 :]])
    frame_s, sent_for = FRAME_SAMPLES / SAMPLE_RATE, None
    for i in range(0, len(samples), FRAME_SAMPLES):
        frame = samples[i : i + FRAME_SAMPLES]
        speech = vad.is_speech(frame)
        stream.push(frame, speech)
        event = detector.update(stream.duration_s, speech, frame_s)
        if speculate and event is None and detector.state.last_speech_end != sent_for:
            judged_at = detector.judged_at(0.2, frame_s)
            if judged_at is not None:
                stream.speculate(judged_at)
                sent_for = detector.state.last_speech_end
        if isinstance(event, PauseToJudge):
            stream.commit(early=True)
            event = detector.decide(judge(None, stream.wait(300).text, detector.options))
        if isinstance(event, EndOfTurn):
            break
    return stream.finalize(300).text


def main() -> None:
    transcriber = Transcriber()
    transcriber.warmup()
    print("| answers | same words | errors at the judging point | errors speculating | words |")
    print("|---|---|---|---|---|")
    for name, items in {**human_sets(), **espeak_sets()}.items():
        same, judged, early = 0, WERResult(0, 0, 0, 0), WERResult(0, 0, 0, 0)
        for audio, reference in items:
            a, b = heard(transcriber, audio, False), heard(transcriber, audio, True)
            same += normalize_text(a) == normalize_text(b)
            judged, early = judged + word_errors(reference, a), early + word_errors(reference, b)
        print(f"| {name} | {same}/{len(items)} | {judged.errors} | {early.errors} | {judged.reference_words} |",
              flush=True)


if __name__ == "__main__":
    main()
