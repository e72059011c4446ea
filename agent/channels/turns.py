"""Turn records for session.json, from a typed answer or from a captured spoken one."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from agent.session import AUDIO_DIR, EndOfTurnDecision, Segment, Turn, Word, now_iso
from agent.state import Prompt

if TYPE_CHECKING:  # the typed channel never loads the audio stack
    from audio.listen import CapturedAnswer


def audio_path(stem: str) -> str:
    """Where a clip goes, relative to the session folder."""
    return f"{AUDIO_DIR}/{stem}.wav"


def audio_name(turn: int, what: str) -> str:
    return audio_path(f"{turn:03d}-{what}")


def text_turn(prompt: Prompt, text: str, *, prompt_audio: str | None, prompt_duration_s: float,
              duration_s: float, via: str = "text", ended_by: str = "answer", started_at: str | None = None) -> Turn:
    return Turn(
        index=prompt.turn, kind=prompt.kind, question_id=prompt.question_id, area=prompt.area,
        prompt_text=prompt.text, prompt_audio=prompt_audio, prompt_duration_s=prompt_duration_s,
        transcript=text, started_at=started_at or now_iso(), duration_s=duration_s, via=via, ended_by=ended_by,
    )


def spoken_turn(folder: Path, prompt: Prompt, captured: "CapturedAnswer", *, prompt_audio: str,
                prompt_duration_s: float, started_at: str, latency: dict[str, float]) -> Turn:
    """Save the answer's audio as audio/NNN-answer.wav and make its turn record."""
    from audio.wav import SAMPLE_RATE, write_wav

    answer_audio = audio_name(prompt.turn, "answer")
    write_wav(folder / answer_audio, captured.audio, SAMPLE_RATE)
    ended_by = "silence" if captured.no_answer else ("cap" if captured.ended_by == "cap" else "answer")
    segments = _segments(captured)
    timings = {**latency, **captured.timings, "speech_s": captured.transcript.speech_s}
    return Turn(
        index=prompt.turn, kind=prompt.kind, question_id=prompt.question_id, area=prompt.area,
        prompt_text=prompt.text, prompt_audio=prompt_audio, prompt_duration_s=prompt_duration_s,
        answer_audio=answer_audio, transcript=captured.text.strip(), segments=segments, started_at=started_at,
        duration_s=round(captured.duration_s, 3), via="audio", ended_by=ended_by,
        latency={k: round(v, 4) for k, v in timings.items()},
        end_of_turn=[EndOfTurnDecision(**d.to_dict()) for d in captured.end_of_turn],
    )


def _segments(captured: "CapturedAnswer") -> list[Segment]:
    return [
        Segment(start=round(s.start, 3), end=round(s.end, 3), text=s.text.strip(),
                words=[Word(start=round(w.start, 3), end=round(w.end, 3), word=w.word,
                            probability=round(w.probability, 3)) for w in s.words])
        for s in captured.transcript.segments
    ]


def add_last_words(folder: Path, turn: Turn, words: "CapturedAnswer") -> None:
    """Words the candidate said after their turn was over (over the interviewer's closing line)
    join its answer: their audio appended to the answer's clip, their words to its transcript,
    timed in the joined clip."""
    import numpy as np

    from audio.wav import SAMPLE_RATE, load_audio, write_wav

    earlier = load_audio(folder / turn.answer_audio) if turn.answer_audio else np.zeros(0, np.float32)
    turn.answer_audio = turn.answer_audio or audio_name(turn.index, "answer")
    write_wav(folder / turn.answer_audio, np.concatenate([earlier, words.audio]), SAMPLE_RATE)
    offset = len(earlier) / SAMPLE_RATE
    turn.segments += _segments(replace(words, transcript=words.transcript.shifted(offset)))
    turn.transcript = " ".join(t for t in (turn.transcript, words.text.strip()) if t)
    turn.duration_s = round(offset + words.duration_s, 3)
    turn.latency["last_words_s"] = round(words.duration_s, 3)
    if turn.ended_by == "silence":  # it holds an answer now
        turn.ended_by = "answer"
