"""Drives the graph through a channel: every answer is on disk before the graph moves on.

Start and resume are the same loop. After a crash the checkpoint holds the pending question; if
session.json already holds that turn's answer (the crash came after it was saved), the recorded
answer is replayed into the graph instead of asking the candidate again.
"""
from __future__ import annotations

import os
import sqlite3
from contextlib import closing, nullcontext
from dataclasses import dataclass
from pathlib import Path

from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.types import Command

from agent import faults
from agent.brain.base import Brain
from agent.channels.base import Channel, answer_from_turn
from agent.channels.turns import add_last_words
from agent.graph import build_graph
from agent.errors import UserError
from agent.progress import waiting
from agent.session import CHECKPOINTS_FILE, Event, Session, now_iso, save_session
from agent.state import Prompt
from question_flows import get_flow, load_bank


@dataclass
class RunResult:
    session: Session
    folder: Path
    finished: bool


def _pending_prompt(result: dict) -> Prompt | None:
    interrupts = result.get("__interrupt__") or ()
    return Prompt.model_validate(interrupts[0].value) if interrupts else None


def log_events(session: Session, folder: Path, *sources: object) -> None:
    """What the brain (e.g. the LLM timed out) or the channel (e.g. the microphone stalled) went
    through reaches session.json as it happens."""
    events = [e for source in sources for e in (getattr(source, "drain_events", None) or list)()]
    if events:
        session.events.extend(events)
        save_session(folder, session)


def _speak_as_it_streams(brain: Brain, channel: Channel) -> None:
    """An LLM brain streams its follow-up sentence by sentence: synthesise each as it arrives."""
    prefetch = getattr(channel, "prefetch", None)
    if prefetch is not None and hasattr(brain, "on_sentence"):
        brain.on_sentence = prefetch


def _keep_last_words(session: Session, folder: Path, channel: Channel) -> None:
    """What the candidate said over the closing line joins their last answer (graded with it)."""
    words = getattr(channel, "last_words", lambda: None)()
    if words is None or not session.turns or not words.text.strip():
        return
    turn = session.turns[-1]
    add_last_words(folder, turn, words)
    session.events.append(Event(kind="spoke_over_closing",
                                message=f"{words.duration_s:.1f} s said over the closing line, kept in turn {turn.index}"))


def _open_checkpoints(folder: Path) -> sqlite3.Connection:
    """The checkpoint database, private to its owner like the rest of the folder (it holds every
    answer). SQLite gives its -wal and -shm files the database file's mode."""
    path = folder / CHECKPOINTS_FILE
    os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
    os.chmod(path, 0o600)
    for extra in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if extra.exists():
            os.chmod(extra, 0o600)
    return sqlite3.connect(path, check_same_thread=False)


def _snapshot(graph, config, folder: Path):
    try:
        return graph.get_state(config)
    except sqlite3.DatabaseError as e:
        raise UserError(f"{folder / CHECKPOINTS_FILE}: unreadable checkpoint database ({e}); "
                        "the answers saved in session.json are intact") from None


def run_interview(
    folder: Path, session: Session, channel: Channel, brain: Brain) -> RunResult:
    flow = get_flow(session.flow)
    bank = load_bank()
    _speak_as_it_streams(brain, channel)
    with closing(_open_checkpoints(folder)) as conn:
        graph = build_graph(flow, bank, brain, SqliteSaver(conn))
        config = {"configurable": {"thread_id": session.id}}
        snapshot = _snapshot(graph, config, folder)
        if not snapshot.values:
            start = {"flow_id": flow.id, "level": session.level, "seed": session.seed,
                     "pinned": session.pinned_questions, "prefer": session.preferred_questions, "exchanges": [], "decisions": []}
            result = graph.invoke(start, config)
        elif snapshot.next:
            session.events.append(Event(kind="resumed", message=f"resumed at turn {len(session.turns)}"))
            result = {"__interrupt__": snapshot.interrupts}
        else:
            result = snapshot.values
        while (prompt := _pending_prompt(result)) is not None:
            turn = next((t for t in session.turns if t.index == prompt.turn), None)  # saved before a crash?
            if turn is None:
                turn = channel.take_turn(prompt, folder)
                session.turns.append(turn)
                session.events.extend(getattr(channel, "drain_events", list)())
                save_session(folder, session)
                getattr(channel, "turn_saved", lambda _index: None)(turn.index)  # it may drop what kept it safe
                faults.after_turn(turn.index)
            # A channel with its own live display (voice) shows the wait there: two would fight.
            with nullcontext() if getattr(channel, "shows_progress", False) else waiting("thinking about your answer…"):
                result = graph.invoke(Command(resume=answer_from_turn(turn).model_dump()), config)
            log_events(session, folder, brain, channel)
        state = graph.get_state(config).values
    finished = bool(state.get("finished"))
    if finished and session.status != "completed":
        closing_text = state.get("closing", "")
        audio, _ = channel.say(closing_text, folder, "closing")
        session.closing_text, session.closing_audio = closing_text, audio
        _keep_last_words(session, folder, channel)
        session.status, session.ended_at = "completed", now_iso()
        session.settings["ended_reason"] = state.get("ended_reason", "")
        session.settings["decisions"] = state.get("decisions", [])
        save_session(folder, session)
    return RunResult(session=session, folder=folder, finished=finished)
