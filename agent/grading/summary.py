"""A grade as lines of text: what a run prints at its end and `interview grade` prints."""
from __future__ import annotations

from agent.session import Grade


def summary(g: Grade) -> str:
    lines = [f"{g.rubric} at {g.level}: {g.overall}/100, {g.recommendation}"
             f" (evidence supports: {g.supported_level or 'below associate'}; brain: {g.brain})"]
    for s in g.signals:
        if s.assessed:
            lines.append(f"  {s.score:3d}  {s.name} [weight {s.weight}%]")
        else:  # no question asked for it: no score to show, and none counted in the overall
            lines.append(f"    -  {s.name} [weight {s.weight}%]  (not probed)")
    if g.summary:
        lines += ["", g.summary, "per question:"]
        lines += [f"  turn {q.turn}: {'skipped' if q.verdict == 'skipped' else f'{q.verdict} ({q.score})'}"
                  f" - {q.note}" for q in g.questions]
    if g.weakest:
        lines.append(f"weakest moment (turn {g.weakest.turn}): {g.weakest.text}")
    if g.next_steps:
        lines.append("next steps:")
        lines += [f"  {i}. {p.text}" + (f' "{p.quote}"' if p.quote else "") for i, p in enumerate(g.next_steps, 1)]
    if g.strengths:
        lines.append("strengths:")
        lines += [f"  + {p.text}" + (f' "{p.quote}"' if p.quote else "") for p in g.strengths]
    if g.improvements:
        lines.append("improvements:")
        lines += [f"  - {p.text}" for p in g.improvements]
    for f in g.flags:
        lines.append(f"flag (turn {f.turn}): {f.detail}")
    if g.dropped_quotes:
        lines.append(f"dropped {g.dropped_quotes} quote(s) the LLM could not show in the transcript")
    for ev in g.events:
        lines.append(f"note: {ev.message}")
    return "\n".join(lines)
