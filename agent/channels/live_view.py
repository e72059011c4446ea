"""The Rich live view of a spoken interview: the question, the words as they are recognised, a timer,
and a notice when a sound device stalls or comes back."""
from __future__ import annotations

import threading
import time

from rich.console import Console, Group
from rich.live import Live
from rich.panel import Panel
from rich.text import Text


DEVICE_NOTICES = {
    ("microphone", "stalled"): "The microphone stopped sending sound. Reconnecting: please hold on, "
                               "everything you said before is kept.",
    ("speaker", "stalled"): "The speaker stopped playing. Reconnecting: please hold on.",
    "recovered": "The {device} is back: please go on.",
    "xrun": "",  # a few lost milliseconds: not worth interrupting the candidate
    "lost": "The {device} is gone. Your answers so far are saved.",
}


class LiveView:
    def __init__(self, interviewer: str, console: Console | None = None):
        self.console = console or Console()
        self.interviewer = interviewer
        self._lock = threading.Lock()
        self._question = ""
        self._heard = ""
        self._status = ""
        self._notice = self._notice_kind = ""
        self._started = time.monotonic()
        self._live: Live | None = None

    def __enter__(self) -> "LiveView":
        self._live = Live(get_renderable=self._render, console=self.console, refresh_per_second=4, transient=False)
        self._live.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._live:
            self._live.__exit__(*exc)
            self._live = None

    def speaking(self, question: str) -> None:
        with self._lock:
            self._question, self._heard, self._status = question, "", "speaking"
            if self._notice_kind == "recovered":  # old news once the interview moves on
                self._notice = ""
            self._started = time.monotonic()

    def listening(self) -> None:
        with self._lock:
            self._status, self._started = "listening", time.monotonic()

    def partial(self, text: str) -> None:  # called from the transcription thread
        with self._lock:
            self._heard = text

    def finished(self, text: str) -> None:
        with self._lock:
            self._heard, self._status = text or "(no answer)", "thinking"

    def device(self, device: str, kind: str) -> None:
        """A sound device stalled, came back, dropped audio or is gone (audio.resilience events)."""
        notice = (DEVICE_NOTICES.get((device, kind)) or DEVICE_NOTICES.get(kind, "")).format(device=device)
        if not notice:
            return
        with self._lock:
            self._notice, self._notice_kind = notice, kind
        self.console.print(Text(notice, style="yellow"))  # kept above the panel, for the record

    def _render(self):
        with self._lock:
            elapsed = int(time.monotonic() - self._started)
            status = {"speaking": "[cyan]speaking[/cyan]", "listening": "[green]listening[/green]",
                      "thinking": "[yellow]one moment[/yellow]"}.get(self._status, "")
            lines = [Text(self._question, style="bold"), Text(""), Text.assemble(("You: ", "dim"), self._heard or "…")]
            if self._notice:
                lines += [Text(""), Text(self._notice, style="bold yellow")]
            body = Group(*lines)
            title = f"{self.interviewer}  {status}  {elapsed // 60}:{elapsed % 60:02d}"
        return Panel(body, title=title, title_align="left")
