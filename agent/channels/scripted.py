"""A scripted run: answers come from a script file instead of a person."""
from __future__ import annotations

from pathlib import Path

from agent.channels.base import spoken_duration_s
from agent.errors import UserError
from agent.script import Script
from agent.session import Turn, now_iso
from agent.state import Prompt


class ScriptedChannel:
    """Answers turn N with the script's answer N; when the script runs out, the interview ends."""

    name = "script"

    def __init__(self, script: Script, echo=print):
        self.script = script
        self.echo = echo

    def take_turn(self, prompt: Prompt, folder: Path) -> Turn:
        self.echo(f"[{prompt.turn:03d}] {prompt.kind}: {prompt.text}")
        turn = Turn(
            index=prompt.turn, kind=prompt.kind, question_id=prompt.question_id, area=prompt.area,
            prompt_text=prompt.text, prompt_duration_s=spoken_duration_s(prompt.text), started_at=now_iso(),
        )
        if prompt.turn >= len(self.script.answers):
            self.echo("      (script has no more answers: ending the interview)")
            return turn.model_copy(update={"ended_by": "end"})
        answer = self.script.answers[prompt.turn]
        if answer.text is None:
            raise UserError(f"answers[{prompt.turn}].audio: audio answers need the voice pipeline")
        self.echo(f"      answer: {answer.text}")
        return turn.model_copy(update={
            "transcript": answer.text, "duration_s": spoken_duration_s(answer.text), "via": "text",
        })

    def say(self, text: str, folder: Path, stem: str) -> tuple[str | None, float]:
        self.echo(f"[end] {text}")
        return None, spoken_duration_s(text)

    def close(self) -> None:
        pass
