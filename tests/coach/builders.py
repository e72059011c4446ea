"""Session folders for the coach's-view tests, built from real speech synthesized by espeak-ng.

Timestamps: espeak-ng does not report word times, so segments are the answer's sentences and word
times are spread over the clip in proportion to word length. That is close enough to seek to.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import wave
from pathlib import Path

from agent.grading.delivery import compute_delivery
from agent.session import (
    Evidence, Grade, Note, Segment, Session, SignalGrade, Turn, Word, save_session,
)

ESPEAK = shutil.which("espeak-ng")


def speak(text: str, path: Path, voice: str = "en-us", rate: int = 190) -> float:
    """Write `text` spoken to `path` (WAV) and return its duration in seconds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([ESPEAK, "-v", voice, "-s", str(rate), "-w", str(path), text], check=True,
                   capture_output=True, timeout=60)
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


def timed_segments(text: str, duration: float) -> list[Segment]:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]
    words = [(i, w) for i, s in enumerate(sentences) for w in s.split()]
    total = sum(len(w) + 1 for _, w in words) or 1
    t, out = 0.05, [[] for _ in sentences]
    usable = duration * 0.95
    for i, w in words:
        d = usable * (len(w) + 1) / total
        out[i].append(Word(start=round(t, 2), end=round(t + d * 0.9, 2), word=" " + w))
        t += d
    return [Segment(start=ws[0].start, end=ws[-1].end, text=" " + s, words=ws)
            for s, ws in zip(sentences, out) if ws]


def quote_start(segments: list[Segment], quote: str) -> float:
    for s in segments:
        if quote.strip()[:20] in s.text:
            return s.start
    return 0.0


def build_session(folder: Path, answers: list[tuple[str, str, str, str]], *, session_id: str,
                  started_at: str = "2026-05-01T10:00:00+00:00", scores: dict[str, int] | None = None,
                  level: str = "mid", notes: list[Note] | None = None, with_audio: bool = True) -> Session:
    """answers: (kind, question_id, prompt, answer text) per turn."""
    from rubrics import get_rubric

    rubric = get_rubric("tpm_scorecard")
    turns: list[Turn] = []
    for i, (kind, qid, prompt, answer) in enumerate(answers, 1):
        pa, aa = f"audio/{i:03d}-prompt.wav", f"audio/{i:03d}-answer.wav"
        pd = speak(prompt, folder / pa, "en-gb") if with_audio else 0.0
        ad = speak(answer, folder / aa) if with_audio else 0.0
        turns.append(Turn(index=i, kind=kind, question_id=qid, prompt_text=prompt,
                          prompt_audio=pa if with_audio else None, prompt_duration_s=round(pd, 2),
                          answer_audio=aa if with_audio else None, transcript=answer,
                          segments=timed_segments(answer, ad or 10.0), duration_s=round(ad, 2),
                          via="audio" if with_audio else "text", started_at=started_at))
    scores = scores or {}
    signals = []
    for k, s in enumerate(rubric.signals):
        score = scores.get(s.id, 40 + 9 * k)
        t = turns[k % len(turns)]
        quote = t.segments[0].text.strip()
        signals.append(SignalGrade(id=s.id, name=s.name, weight=s.weights[level], score=score,
                                   evidence=[Evidence(turn=t.index, quote=quote, start_s=t.segments[0].start)],
                                   gaps=[] if score > 60 else [f"no {s.indicators[0].description.lower()}"]))
    overall = round(sum(sg.score * sg.weight for sg in signals) / 100)
    rec = "hire" if overall >= 60 else "no hire"
    grade = Grade(rubric="tpm_scorecard", level=level, overall=overall, recommendation=rec, signals=signals,
                  created_at=started_at, supported_level="mid" if overall >= 60 else "associate",
                  strengths=[{"signal": "system_fluency", "text": "Scoped the problem before solving it",
                              "turn": 1, "quote": turns[0].segments[0].text.strip(),
                              "start_s": turns[0].segments[0].start}],
                  improvements=[{"signal": "tradeoff_execution", "text": "Name the guardrail metric you would watch",
                                 "area": "second metric"},
                                {"signal": "eng_trust", "text": "Say what would make you reverse the decision"}],
                  flags=[])
    closing = "Thanks, that's all from me today."
    if with_audio:
        speak(closing, folder / "audio/closing.wav", "en-gb")
    session = Session(id=session_id, flow="system_design", level=level, channel="script", status="completed",
                      started_at=started_at, ended_at=started_at, turns=turns, grade=grade, grades=[grade],
                      closing_text=closing, closing_audio="audio/closing.wav" if with_audio else None,
                      notes=notes or [])
    session.delivery = compute_delivery(session).to_dict()  # the grader's own analytics: the real shape
    save_session(folder, session)
    return session
