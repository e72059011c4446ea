"""The graph's nodes: plain functions of the state (plus the fixed deps bound in graph.py).

Only `ask` pauses, through interrupt(); it does nothing before that call, because a node re-runs
from its top when the graph resumes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from langgraph.types import interrupt

from agent.brain.base import Brain, FollowUpContext
from agent.clock import question_budget_s, room_for_another_question, session_budget_s
from agent.closing import closing_line
from agent.planning import plan_questions
from agent.state import Answer, Exchange, InterviewState, Prompt
from question_flows import Flow, Question


@dataclass(frozen=True)
class Deps:
    bank: Mapping[str, Question]
    flow: Flow
    brain: Brain


def plan(state: InterviewState, deps: Deps) -> dict:
    questions = plan_questions(deps.flow, deps.bank, state["level"], state.get("seed", 0), state.get("pinned", []),
                               state.get("prefer", []))
    return {
        "plan": questions, "next_index": 0, "elapsed_s": 0.0, "follow_ups_asked": 0,
        "reprompted": False, "candidate_ended": False, "finished": False,
    }


def choose_question(state: InterviewState, deps: Deps) -> dict:
    questions, i = state["plan"], state["next_index"]
    if state.get("candidate_ended"):
        return {"pending": {}, "ended_reason": "candidate ended the interview"}
    if i >= len(questions):
        return {"pending": {}, "ended_reason": "all planned questions asked"}
    if i > 0 and not room_for_another_question(deps.flow, len(questions), state["elapsed_s"]):
        return {"pending": {}, "ended_reason": "time is up"}
    q = deps.bank[questions[i]]
    persona = deps.flow.persona
    lead = persona.opening if i == 0 else _after_cap(state, deps) + (state.get("said_on_moving_on") or persona.transition)
    prompt = Prompt(
        turn=len(state.get("exchanges", [])) + 1, kind="question", question_id=q.id,
        text=f"{lead} {q.text}", answer_cap_s=deps.flow.answer_cap_s,
        number=i + 1, of=len(questions), elapsed_s=state["elapsed_s"],
    )
    return {
        "pending": prompt.model_dump(), "current_question": q.id, "next_index": i + 1,
        "question_started_s": state["elapsed_s"], "follow_ups_asked": 0, "reprompted": False,
        "said_on_moving_on": "",
    }


def route_after_choose(state: InterviewState) -> str:
    return "ask" if state.get("pending") else "close"


def ask(state: InterviewState) -> dict:
    prompt = Prompt.model_validate(state["pending"])
    answer = Answer.model_validate(interrupt(prompt.model_dump()))
    exchange = Exchange(**prompt.model_dump(), transcript=answer.transcript, duration_s=answer.duration_s,
                        ended_by=answer.ended_by)
    return {
        "exchanges": [exchange.model_dump()],
        "elapsed_s": state["elapsed_s"] + answer.prompt_duration_s + answer.duration_s,
        "candidate_ended": answer.end_interview,
        "last_ended_by": answer.ended_by,
        "pending": {},
    }


def decide(state: InterviewState, deps: Deps) -> dict:
    if state.get("candidate_ended"):
        return {"decisions": [{"action": "end", "reason": "candidate ended the interview"}]}
    q = deps.bank[state["current_question"]]
    on_question = [e for e in state["exchanges"] if e["question_id"] == q.id]
    elapsed = state["elapsed_s"]
    ctx = FollowUpContext(
        question=q, flow=deps.flow, level=state["level"],
        turns=[Exchange.model_validate(e) for e in on_question],
        follow_ups_asked=state["follow_ups_asked"],
        reprompted=state["reprompted"],
        question_time_left_s=question_budget_s(deps.flow, len(state["plan"])) - (elapsed - state["question_started_s"]),
        session_time_left_s=session_budget_s(deps.flow) - elapsed,
    )
    decision = deps.brain.next_step(ctx)
    record = {"turn": on_question[-1]["turn"], **decision.model_dump(exclude={"text"})}
    if decision.action == "move_on":
        return {"decisions": [record], "said_on_moving_on": decision.text}
    prompt = Prompt(
        turn=len(state["exchanges"]) + 1, kind=decision.action, question_id=q.id, text=_after_cap(state, deps) + decision.text,
        area=decision.area, probe=decision.probe, answer_cap_s=deps.flow.answer_cap_s,
        number=state["next_index"], of=len(state["plan"]), elapsed_s=elapsed,
    )
    update: dict = {"pending": prompt.model_dump(), "decisions": [record]}
    if decision.action == "follow_up":
        update["follow_ups_asked"] = state["follow_ups_asked"] + 1
    else:
        update["reprompted"] = True
    return update


def _after_cap(state: InterviewState, deps: Deps) -> str:
    """A monologue stopped by the per-answer cap is acknowledged before the interviewer goes on."""
    return f"{deps.flow.persona.cut_in} " if state.get("last_ended_by") == "cap" else ""


def route_after_decide(state: InterviewState) -> str:
    return "ask" if state.get("pending") else "choose_question"


def close(state: InterviewState, deps: Deps) -> dict:
    closing = closing_line(state, deps.flow)
    if state.get("said_on_moving_on"):
        closing = f"{state['said_on_moving_on']} {closing}"
    return {"closing": closing, "finished": True}
