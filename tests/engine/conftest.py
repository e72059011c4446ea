from __future__ import annotations

from pathlib import Path

import pytest

from support import REPO, run_interview_cli  # noqa: F401  (re-exported for the engine tests)


class GraphDriver:
    """The real graph with a real SQLite checkpointer, answered in-process turn by turn."""

    def __init__(self, db: Path, flow_id: str, level: str = "mid", pinned=(), seed: int = 0):
        import sqlite3

        from langgraph.checkpoint.sqlite import SqliteSaver

        from agent.brain.offline import OfflineBrain
        from agent.graph import build_graph
        from question_flows import get_flow, load_bank

        self.flow = get_flow(flow_id)
        self.conn = sqlite3.connect(db, check_same_thread=False)
        self.graph = build_graph(self.flow, load_bank(), OfflineBrain(), SqliteSaver(self.conn))
        self.config = {"configurable": {"thread_id": "t"}}
        self.prompts: list[dict] = []
        self.result = self.graph.invoke(
            {"flow_id": flow_id, "level": level, "seed": seed, "pinned": list(pinned), "exchanges": [], "decisions": []},
            self.config)
        self._collect()

    def _collect(self):
        interrupts = self.result.get("__interrupt__")
        if interrupts:
            self.prompts.append(interrupts[0].value)

    @property
    def waiting(self) -> dict | None:
        interrupts = self.result.get("__interrupt__")
        return interrupts[0].value if interrupts else None

    def answer(self, transcript: str, duration_s: float | None = None, **extra) -> dict | None:
        from agent.channels.base import spoken_duration_s

        assert self.waiting is not None, "the interview is over"
        d = spoken_duration_s(transcript) if duration_s is None else duration_s
        self.result = self.graph.invoke(
            __import__("langgraph.types", fromlist=["Command"]).Command(
                resume={"transcript": transcript, "duration_s": d, **extra}), self.config)
        self._collect()
        return self.waiting

    @property
    def state(self) -> dict:
        return self.graph.get_state(self.config).values


@pytest.fixture
def driver(tmp_path):
    made = []

    def make(flow_id: str, **kw) -> GraphDriver:
        d = GraphDriver(tmp_path / f"cp{len(made)}.sqlite", flow_id, **kw)
        made.append(d)
        return d
    yield make
    for d in made:
        d.conn.close()
