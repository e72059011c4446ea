"""A thin, careful wrapper over the openai client: timeouts, retries with backoff, structured JSON.

A circuit breaker stops a dead server from costing every turn a timeout: the first refused
connection or timeout opens it, `on_trip` is called once (the brain tells the user), and every later
call fails at once without touching the network, so the offline brain answers for the rest of the run.

Structured output differs by server. OpenAI, vLLM and Ollama take
`{"type": "json_schema", "json_schema": {...}}`; llama.cpp's servers reject that and take
`{"type": "json_object", "schema": {...}}`. We start with the first, step down when the server
answers 400/422 about the format, and remember what worked. Whatever comes back is parsed and
validated here; malformed output counts as a failed attempt and is retried.
"""
from __future__ import annotations

import json
import logging
import re
import time
from typing import Any, Callable, Iterator, TypeVar

import openai
from openai import OpenAI

from .config import PLACEHOLDER_KEY, LLMConfig

log = logging.getLogger(__name__)
T = TypeVar("T")

# Most structured first; "prompt" relies on the instructions alone.
FORMAT_MODES = ("json_schema", "json_object_schema", "json_object", "prompt")


class LLMError(Exception):
    """The LLM could not give a usable answer after every retry. The message holds no secrets."""


def redact(text: str, secrets: tuple[str, ...]) -> str:
    for s in secrets:
        if s:
            text = text.replace(s, "***")
    return text


def parse_json_object(text: str) -> dict:
    """The JSON object in a reply, tolerating code fences and prose around it."""
    t = text.strip()
    fence = re.search(r"```(?:json)?\s*(.*?)```", t, re.S)
    if fence:
        t = fence.group(1).strip()
    try:
        obj = json.loads(t)
    except json.JSONDecodeError:
        start, end = t.find("{"), t.rfind("}")
        if start < 0 or end <= start:
            raise ValueError("no JSON object in the reply") from None
        obj = json.loads(t[start : end + 1])  # JSONDecodeError is a ValueError
    if not isinstance(obj, dict):
        raise ValueError("the reply is JSON but not an object")
    return obj


def _connection_reason(e: openai.APIConnectionError, timeout_s: float) -> str:
    if isinstance(e, openai.APITimeoutError):
        return f"timed out after {timeout_s:g} s"
    return f"connection failed ({type(e.__cause__).__name__ if e.__cause__ else 'error'})"


def _format_error(e: openai.APIStatusError) -> bool:
    """The server refused the response_format: 400/422 from most, 500 from llama-cpp-python."""
    msg = str(e).lower()
    return e.status_code in (400, 422, 500) and any(w in msg for w in ("response_format", "json_schema"))


class LLMClient:
    def __init__(self, config: LLMConfig, sleep: Callable[[float], None] = time.sleep,
                 on_trip: Callable[[str], None] | None = None) -> None:
        self.config = config
        self.sleep = sleep
        self.on_trip = on_trip  # called once, with the reason, when the breaker opens
        self.unreachable: str | None = None  # why the breaker is open; None while closed
        # Our own retries (below) replace the client's, so backoff and fallback stay in one place.
        self._client = OpenAI(base_url=config.base_url, api_key=config.api_key or PLACEHOLDER_KEY,
                              timeout=config.timeout_s, max_retries=0)
        self._modes = list(FORMAT_MODES)  # the ones the server refused are dropped from the front
        self.attempts = 0  # requests sent, for tests and latency notes

    @property
    def format_mode(self) -> str:
        return self._modes[0]

    def _response_format(self, schema: dict, name: str) -> dict | None:
        mode = self._modes[0]
        if mode == "json_schema":
            return {"type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": False}}
        if mode == "json_object_schema":
            return {"type": "json_object", "schema": schema}
        if mode == "json_object":
            return {"type": "json_object"}
        return None

    def _trip(self, reason: str) -> None:
        if self.unreachable is None:
            self.unreachable = redact(reason, self.config.secrets)
            if self.on_trip is not None:
                self.on_trip(self.unreachable)

    def _retrying(self, what: str, call: Callable[[], T]) -> T:
        last = "no attempt"
        attempt = 0
        while attempt <= self.config.retries:
            if self.unreachable:
                raise LLMError(f"{what}: the LLM is unreachable ({self.unreachable}); not tried again this run")
            if attempt:
                self.sleep(self.config.backoff_s * 2 ** (attempt - 1))
            try:
                self.attempts += 1
                return call()
            except openai.APIStatusError as e:
                if _format_error(e) and len(self._modes) > 1:
                    dropped = self._modes.pop(0)
                    log.info("%s: server refused response_format %s; trying %s", what, dropped, self._modes[0])
                    continue  # a format downgrade is not a failed attempt
                last = f"HTTP {e.status_code}"
            except openai.APIConnectionError as e:  # refused, reset or timed out: open the breaker
                self._trip(_connection_reason(e, self.config.timeout_s))
                continue
            except (ValueError, KeyError, TypeError, IndexError) as e:
                last = f"malformed reply ({str(e).splitlines()[0][:120]})"
            attempt += 1
            log.info("%s: attempt %d failed: %s", what, attempt, redact(last, self.config.secrets))
        raise LLMError(redact(f"{what}: {last} after {self.config.retries + 1} attempts", self.config.secrets))

    def chat_json(self, messages: list[dict], schema: dict, name: str, validate: Callable[[dict], T],
                  max_tokens: int = 700) -> T:
        """One JSON object matching `schema`, checked by `validate` (which raises ValueError if not)."""

        def call() -> T:
            kwargs: dict[str, Any] = {}
            fmt = self._response_format(schema, name)
            if fmt is not None:
                kwargs["response_format"] = fmt
            resp = self._client.chat.completions.create(
                model=self.config.model, messages=messages, temperature=0, max_tokens=max_tokens, **kwargs)
            return validate(parse_json_object(resp.choices[0].message.content or ""))

        return self._retrying(name, call)

    def stream_text(self, messages: list[dict], max_tokens: int = 80) -> Iterator[str]:
        """Text deltas as they arrive. Retries only until the first delta; later failures raise."""
        def open_stream() -> tuple[str, Iterator[Any]]:
            stream = self._client.chat.completions.create(
                model=self.config.model, messages=messages, temperature=0, max_tokens=max_tokens, stream=True)
            it = (chunk.choices[0].delta.content for chunk in stream if chunk.choices)
            for delta in it:  # wait for the first real delta so a failure here can be retried
                if delta:
                    return delta, it
            return "", it

        first, rest = self._retrying("follow_up", open_stream)
        if first:
            yield first
        try:
            for delta in rest:
                if delta:
                    yield delta
        except (openai.APIError, ValueError) as e:
            if isinstance(e, openai.APIConnectionError):
                self._trip(_connection_reason(e, self.config.timeout_s))
            raise LLMError(redact(f"follow_up: stream broke ({type(e).__name__})", self.config.secrets)) from None
