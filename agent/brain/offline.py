"""The offline brain: deterministic follow-ups that react to what the answer actually said.

In order, after an answer: an empty one is re-prompted once, then left with a spoken line; a pass
moves on; an answer about something else is steered back to the question; a vague one is asked
for one concrete example (a reply of stock lines to a follow-up gets that follow-up again, asking
for a name, a number and what they did themselves); in a flow whose persona pushes back, the
candidate's own choice is challenged; then the areas the answer left out, judged by meaning
(agent.meaning) with the cues as a boost, so a story that told the outcome in its own words is not
asked for the outcome.
"""
from __future__ import annotations

from agent.answers import is_empty, is_skip
from agent.brain.base import Decision, FollowUpContext
from agent.brain.listening import choice_made
from agent.grading.told import areas_told
from agent.grading.story import ask_for_specifics, follow_up_itself, names_nothing, tells_past, vague_reply
from agent.meaning import embed_said, relevance, sentences, warm_up_in_background
from agent.meaning.areas import asks_for_experience, covered_by_meaning, is_story_question
from question_flows import Question, load_bank

# Once every area is covered, generic probes in this order push on depth.
PROBE_ORDER = ("tradeoff", "metric", "failure_path", "specifics", "retrospective", "scope")
LEFT_AFTER_SILENCE = "That's okay, we'll leave that one."
STEER_BACK = "Let's come back to the question I asked."
CONCRETE_STORY = ("Can you make that concrete? Take one real example: which product, who was involved, "
                  "and what happened, in numbers if you have them.")
CONCRETE_DESIGN = ("Can you make that concrete? Name the pieces you'd actually use, and one number "
                   "you'd design for.")


class OfflineBrain:
    name = "offline"

    def __init__(self) -> None:
        warm_up_in_background()  # the model pages in while the first question is spoken

    def next_step(self, ctx: FollowUpContext) -> Decision:
        last = ctx.turns[-1]
        if is_empty(last.transcript):
            if not ctx.reprompted:
                # Repeat what went unanswered: the follow-up itself, or the bare main question.
                again = ctx.question.text if last.kind == "question" else last.text
                text = f"{ctx.flow.persona.reprompt} {again}"
                return Decision(action="reprompt", text=text, reason="empty answer")
            return Decision(action="move_on", text=LEFT_AFTER_SILENCE, reason="no answer after a re-prompt")
        if is_skip(last.transcript):
            return Decision(action="move_on", reason="candidate passed")
        embed_said(sentences(last.transcript))  # every answer's meaning, now: the grade at the end reuses it
        if ctx.follow_ups_asked >= ctx.flow.follow_up_budget:
            return Decision(action="move_on", reason="follow-up budget spent")
        if ctx.session_time_left_s <= 0 or ctx.question_time_left_s <= 0:
            return Decision(action="move_on", reason="out of time for this question")
        return self._follow_up(ctx) or Decision(action="move_on", reason="nothing left to probe")

    def _follow_up(self, ctx: FollowUpContext) -> Decision | None:
        q = ctx.question
        last = ctx.turns[-1]
        # An answer the interviewer steered back from is about something else: no choice in it is
        # pushed on, and no area it brushed counts as covered.
        strayed = {i for i in range(len(ctx.turns) - 1) if ctx.turns[i + 1].probe == "steer_back"}
        answers = [t.transcript for i, t in enumerate(ctx.turns) if i not in strayed and not is_empty(t.transcript)]
        aimed = {t.area for t in ctx.turns if t.area} | {t.probe for t in ctx.turns if t.probe}

        if "steer_back" not in aimed:
            asked = q.text if last.kind in ("question", "reprompt") else follow_up_itself(last.text)
            fit = relevance(last.transcript, q, load_bank(), asked=asked, context=answers[:-1])
            if fit.off_topic and not (asked == q.text and tells_its_story(last.transcript, q)):
                return Decision(action="follow_up", text=f"{STEER_BACK} {asked}", probe="steer_back",
                                reason=f"off topic: {fit.why}")
        if "concrete" not in aimed and last.kind in ("question", "reprompt") and names_nothing(last.transcript):
            text = CONCRETE_STORY if is_story_question(q.text) else CONCRETE_DESIGN
            return Decision(action="follow_up", text=text, probe="concrete",
                            reason="vague: no named product, person, system or number")
        if "concrete" not in aimed and last.kind == "follow_up" and vague_reply(last.transcript):
            # The follow-up is asked again, for the specifics: moving to the next gap would leave it unanswered.
            return Decision(action="follow_up", text=ask_for_specifics(last.text), probe="concrete",
                            area=last.area, reason="vague reply: stock lines, no name, number or own action")
        pushback = ctx.flow.persona.pushback
        # Second in line: the first follow-up goes to the biggest gap, then the persona leans in.
        if pushback and "pushback" not in aimed and ctx.follow_ups_asked >= 1:
            choice = choice_made(answers)
            if choice:
                return Decision(action="follow_up", text=pushback.format(choice=choice), probe="pushback",
                                reason=f"pushing back on their choice: {choice}")

        covered = covered_by_meaning(answers, q)
        # On a design question, what the scorecard will count as said is never asked for. A story's
        # parts are matched through exemplars here, more strictly than the grader's looser bar.
        told = set() if is_story_question(q.text) else areas_told(answers, q)
        for area in q.areas_to_cover:
            if covered[area.id].hit or area.id in told or area.id in aimed:
                continue
            for f in q.follow_ups:
                if f.area == area.id:
                    return Decision(
                        action="follow_up", text=f.text, area=area.id,
                        reason=f"answer did not cover {area.id}: {area.description}",
                    )
        probes = {f.probe: f for f in q.follow_ups if f.probe}
        for probe in PROBE_ORDER:
            if probe in probes and probe not in aimed:
                return Decision(
                    action="follow_up", text=probes[probe].text, probe=probe,
                    reason=f"all areas covered; probing {probe}",
                )
        return None


def tells_its_story(answer: str, q: Question) -> bool:
    """A design question that also asks for experience ("...and have you ever actually pulled that
    lever?") is answered by a story from the candidate's past that gets to its areas, however far
    its words are from the design's (the grader judges it the same way)."""
    return (asks_for_experience(q.text) and not is_story_question(q.text)
            and tells_past(sentences(answer)) and bool(areas_told([answer], q)))
