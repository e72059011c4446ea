"""Wiring only: the interview as a LangGraph StateGraph.

plan -> choose_question -> ask -> decide -> (ask | choose_question) ... -> close
"""
from __future__ import annotations

from functools import partial
from typing import Mapping

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph

from agent import nodes
from agent.brain.base import Brain
from agent.state import InterviewState
from question_flows import Flow, Question


def build_graph(flow: Flow, bank: Mapping[str, Question], brain: Brain, checkpointer: BaseCheckpointSaver):
    deps = nodes.Deps(bank=bank, flow=flow, brain=brain)
    g = StateGraph(InterviewState)
    g.add_node("plan", partial(nodes.plan, deps=deps))
    g.add_node("choose_question", partial(nodes.choose_question, deps=deps))
    g.add_node("ask", nodes.ask)
    g.add_node("decide", partial(nodes.decide, deps=deps))
    g.add_node("close", partial(nodes.close, deps=deps))
    g.add_edge(START, "plan")
    g.add_edge("plan", "choose_question")
    g.add_conditional_edges("choose_question", nodes.route_after_choose, ["ask", "close"])
    g.add_edge("ask", "decide")
    g.add_conditional_edges("decide", nodes.route_after_decide, ["ask", "choose_question"])
    g.add_edge("close", END)
    return g.compile(checkpointer=checkpointer)
