"""The offline brain: deterministic follow-ups aimed at the areas an answer left out."""
from __future__ import annotations

from agent.answers import is_empty, is_skip
from agent.brain.base import Decision, FollowUpContext
from agent.coverage import covered_areas

# Once every area is covered, generic probes in this order push on depth.
PROBE_ORDER = ("tradeoff", "metric", "failure_path", "specifics", "retrospective", "scope")


class OfflineBrain:
    name = "offline"

    def next_step(self, ctx: FollowUpContext) -> Decision:
        last = ctx.turns[-1]
        if is_empty(last.transcript):
            if not ctx.reprompted:
                # Repeat what went unanswered: the follow-up itself, or the bare main question.
                again = ctx.question.text if last.kind == "question" else last.text
                text = f"{ctx.flow.persona.reprompt} {again}"
                return Decision(action="reprompt", text=text, reason="empty answer")
            return Decision(action="move_on", reason="no answer after a re-prompt")
        if is_skip(last.transcript):
            return Decision(action="move_on", reason="candidate passed")
        if ctx.follow_ups_asked >= ctx.flow.follow_up_budget:
            return Decision(action="move_on", reason="follow-up budget spent")
        if ctx.session_time_left_s <= 0 or ctx.question_time_left_s <= 0:
            return Decision(action="move_on", reason="out of time for this question")
        return self._follow_up(ctx) or Decision(action="move_on", reason="nothing left to probe")

    def _follow_up(self, ctx: FollowUpContext) -> Decision | None:
        q = ctx.question
        said = " ".join(t.transcript for t in ctx.turns)
        covered = covered_areas(said, q.areas_to_cover)
        already_aimed = {t.area for t in ctx.turns if t.area} | {t.probe for t in ctx.turns if t.probe}
        for area in q.areas_to_cover:
            if area.id in covered or area.id in already_aimed:
                continue
            for f in q.follow_ups:
                if f.area == area.id:
                    return Decision(
                        action="follow_up", text=f.text, area=area.id,
                        reason=f"answer did not cover {area.id}: {area.description}",
                    )
        probes = {f.probe: f for f in q.follow_ups if f.probe}
        for probe in PROBE_ORDER:
            if probe in probes and probe not in already_aimed:
                return Decision(
                    action="follow_up", text=probes[probe].text, probe=probe,
                    reason=f"all areas covered; probing {probe}",
                )
        return None
