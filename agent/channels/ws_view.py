"""The live view of a client at the far end of a WebSocket: what was said and heard, as JSON messages.

Same methods as :class:`agent.channels.live_view.LiveView`, so :class:`VoiceChannel` drives it
unchanged. Messages follow voicebench's protocol (``transcript`` with ``role`` user or agent), so
voicebench scores the recognised answers as word error rate and a browser page can show them.
"""
from __future__ import annotations

from audio.ws_devices import WsLink


class WsView:
    def __init__(self, link: WsLink):
        self.link = link

    def __enter__(self) -> "WsView":
        return self

    def __exit__(self, *exc) -> None:
        pass

    def speaking(self, question: str) -> None:
        self.link.send_json(type="transcript", role="agent", text=question, final=True)

    def listening(self) -> None:
        self.link.send_json(type="status", status="listening")

    def partial(self, text: str) -> None:  # called from the transcription thread
        self.link.send_json(type="transcript", role="user", text=text, final=False)

    def finished(self, text: str) -> None:
        self.link.send_json(type="transcript", role="user", text=text, final=True)

    def device(self, device: str, kind: str) -> None:
        self.link.send_json(type="device", device=device, event=kind)
