"""The spoken interview served over a WebSocket: one connection, one interview, saved like any run.

The client streams its microphone as PCM and plays the PCM it is sent (voicebench's protocol, see
:mod:`audio.ws_devices`). Each connection gets a :class:`VoiceChannel` on a WebSocket microphone
and speaker, so listening, end of turn, barge-in, STT, TTS, the brain and the graph are exactly
those of a live `interview run`. The speech models load once, when the server starts; one
interview runs at a time (the machine has one set of models): a client that connects while
another interview runs waits up to ``busy_wait_s`` for it to end, then is turned away.

When the interview ends the server sends ``{"type": "end", "session": FOLDER, "finished": bool}``
and keeps listening until the client hangs up; a client that hangs up early leaves a session that
`interview resume` continues, as after Ctrl-C.
"""
from __future__ import annotations

import asyncio
import contextlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from agent.channels.speech import SpeechKit
from agent.channels.voice import VoiceChannel
from agent.channels.ws_view import WsView
from agent.finish import grade_and_report
from agent.runner import log_events, run_interview
from agent.start import new_session
from audio.errors import AudioError
from audio.resilience import ResilienceOptions
from audio.ws_devices import ClientGone, WsLink, WsMicrophone, WsSpeaker
from question_flows import get_flow, load_bank

BUSY = 1013  # WebSocket close codes: "try again later"
INTERNAL_ERROR = 1011


@dataclass
class ServeOptions:
    flow: str = "quick_practice"
    level: str = "mid"
    seed: int = 0
    sessions_root: Path | None = None  # None: the configured sessions root (agent.config)
    once: bool = False  # stop after the first interview (scripts and tests)
    busy_wait_s: float = 15.0  # a new client waits this long for the running interview to end
    device_wait_s: float = 30.0  # a connected client that sends no audio this long ends the interview


class ConnectionSpeech(SpeechKit):
    """The server's models lent to one connection: closing it keeps them loaded for the next."""

    @classmethod
    def lend(cls, kit: SpeechKit) -> "ConnectionSpeech":
        return cls(kit.synth, kit.transcriber, kit.interviewer, kit.candidate, kit.settings)

    def close(self) -> None:
        self._prefetcher.shutdown(wait=True, cancel_futures=True)


class InterviewServer:
    """``brain()`` makes a fresh brain per interview: ``(brain, label, settings for session.json)``."""

    def __init__(self, speech: SpeechKit, brain: Callable[[], tuple[Any, str, dict]], options: ServeOptions,
                 log: Callable[[str], None] = print) -> None:
        self.speech, self.brain, self.o, self.log = speech, brain, options, log
        self._one_at_a_time: asyncio.Lock | None = None
        self._done: asyncio.Event | None = None

    async def serve(self, host: str, port: int, ready: Callable[[str], None] | None = None) -> None:
        from websockets.asyncio.server import serve

        self._done = asyncio.Event()
        self._one_at_a_time = asyncio.Lock()
        get_flow(self.o.flow)  # read once now, not while the first client waits
        load_bank()
        async with serve(self._handler, host, port, max_size=None) as server:
            bound = next(iter(server.sockets)).getsockname()
            url = f"ws://{bound[0]}:{bound[1]}"
            (ready or self.log)(url)
            await self._done.wait()

    async def _handler(self, ws) -> None:
        assert self._one_at_a_time is not None
        try:
            await asyncio.wait_for(self._one_at_a_time.acquire(), self.o.busy_wait_s)
        except TimeoutError:
            await ws.close(BUSY, "busy: one interview at a time")
            return
        try:
            await self._converse(ws)
        finally:
            self._one_at_a_time.release()
            if self.o.once and self._done is not None:
                self._done.set()

    async def _converse(self, ws) -> None:
        from websockets.exceptions import ConnectionClosed

        loop = asyncio.get_running_loop()
        outbox: asyncio.Queue = asyncio.Queue()
        link = WsLink(lambda message: loop.call_soon_threadsafe(outbox.put_nowait, message))

        async def pump() -> None:  # one sender keeps the interview's messages in order
            with contextlib.suppress(ConnectionClosed):
                while True:
                    await ws.send(await outbox.get())

        def failed(done: asyncio.Future) -> None:  # a bug, not the client: say so, hang up, keep serving
            exc = None if done.cancelled() else done.exception()
            if exc is not None:
                self.log(f"interview failed: {type(exc).__name__}: {exc}")
                link.send_json(type="error", message=f"the interview failed: {exc}")
                loop.create_task(ws.close(INTERNAL_ERROR, "the interview failed"))

        sender = asyncio.create_task(pump())
        with ThreadPoolExecutor(1, "interview") as pool:
            interview = loop.run_in_executor(pool, self._interview, link)
            interview.add_done_callback(failed)
            try:
                async for message in ws:
                    link.receive(message)
            except ConnectionClosed:
                pass
            finally:
                link.disconnected()
                with contextlib.suppress(Exception):  # reported by failed()
                    await interview  # it stops at its next read or play
                sender.cancel()

    def _interview(self, link: WsLink) -> Path | None:
        """One interview on this connection (runs in a worker thread)."""
        brain, label, settings = self.brain()
        with new_session(
            None, root=self.o.sessions_root, flow=self.o.flow, level=self.o.level, channel="voice", seed=self.o.seed,
            brain=label, settings={**settings, "speech": self.speech.settings.public(), "transport": "websocket"},
        ) as (folder, session):  # the folder's writer lock is held for the whole interview
            return self._run(link, brain, folder, session)

    def _run(self, link: WsLink, brain, folder: Path, session) -> Path:
        self.log(f"session: {folder}")
        channel = VoiceChannel(WsMicrophone(link), WsSpeaker(link), ConnectionSpeech.lend(self.speech), WsView(link),
                               resilience=ResilienceOptions(give_up_after_s=self.o.device_wait_s))
        try:
            result = run_interview(folder, session, channel, brain)
        except AudioError as exc:  # the client left, or stopped sending audio
            log_events(session, folder, channel)
            why = "client left" if isinstance(exc, ClientGone) else f"stopped: {exc}"
            self.log(f"{why}; every answer so far is saved; continue with `interview resume {folder}`")
            return folder
        finally:
            channel.close()
        if result.finished:
            for line in grade_and_report(folder, result.session, brain):
                self.log(line)
        link.send_json(type="end", session=str(folder), finished=result.finished)
        self.log(f"session folder: {folder}")
        return folder
