"""A real HTTP server on 127.0.0.1 that speaks OpenAI chat completions, with scripted replies.

Each reply in the script is used once, in order; the last one repeats. A reply is one of:
  {"content": "..."}                       a normal completion (streamed when asked to stream)
  {"status": 400, "error": "..."}          an HTTP error
  {"sleep": 2.0, "content": "..."}         answer late (to trigger the client's timeout)
  {"content": "...", "chunk_delay": 0.2}   when streamed, pause between chunks
  {"reject_json_schema": 400}              refuse json_schema requests with this status, like llama.cpp
Every request body (and the Authorization header) is recorded for the test to inspect.
"""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeOpenAI:
    def __init__(self, replies: list[dict[str, Any]] | None = None) -> None:
        self.replies = list(replies or [{"content": "{}"}])
        self.requests: list[dict[str, Any]] = []
        self.auth: list[str] = []
        self._lock = threading.Lock()
        self._n = 0
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> "FakeOpenAI":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _next(self, body: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            fmt = (body.get("response_format") or {}).get("type")
            for r in self.replies:  # a format rule applies to every request, before the script
                if r.get("reject_json_schema") and fmt == "json_schema":
                    status = r["reject_json_schema"] if isinstance(r["reject_json_schema"], int) and r["reject_json_schema"] is not True else 400
                    return {"status": status, "error": "('body', 'response_format', 'type'): Input should be 'text' or 'json_object'"}
            script = [r for r in self.replies if not r.get("reject_json_schema")]
            reply = script[min(self._n, len(script) - 1)]
            self._n += 1
            return reply

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def _send(self, status: int, payload: dict) -> None:
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._send(200, {"object": "list", "data": [{"id": "fake-model", "object": "model"}]})

            def do_POST(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(n) or b"{}")
                with fake._lock:
                    fake.requests.append(body)
                    fake.auth.append(self.headers.get("Authorization", ""))
                reply = fake._next(body)
                if reply.get("sleep"):
                    time.sleep(reply["sleep"])
                if "status" in reply:
                    self._send(reply["status"], {"error": {"message": reply.get("error", "error"), "type": "invalid_request_error"}})
                    return
                content = reply.get("content", "")
                if body.get("stream"):
                    self._stream(content, reply.get("chunk", 6), reply.get("chunk_delay", 0.0))
                    return
                self._send(200, {
                    "id": "chatcmpl-fake", "object": "chat.completion", "created": 0, "model": body.get("model", ""),
                    "choices": [{"index": 0, "finish_reason": "stop",
                                 "message": {"role": "assistant", "content": content}}],
                    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
                })

            def _stream(self, content: str, size: int, delay: float) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                pieces = [content[i : i + size] for i in range(0, len(content), size)]
                for p in pieces:
                    chunk = {"id": "c", "object": "chat.completion.chunk", "created": 0, "model": "m",
                             "choices": [{"index": 0, "delta": {"content": p}, "finish_reason": None}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                    if delay:
                        time.sleep(delay)
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()
                self.close_connection = True

        return Handler
