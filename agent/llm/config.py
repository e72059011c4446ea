"""Where the LLM lives: flags first, then the environment, then the config file's `[llm]` (see
agent/config.py); the API key never leaves this object.

    --llm-base-url  / OPENAI_BASE_URL        any OpenAI-compatible server (OpenAI, Ollama, llama.cpp, vLLM)
    --llm-model     / INTERVIEW_LLM_MODEL    required to use the LLM brain at all
    --llm-api-key   / OPENAI_API_KEY         optional for local servers
    --llm-timeout   / INTERVIEW_LLM_TIMEOUT  seconds per request (default 30; a small local model needs more)

Without a model the offline brain is used, and the session says so.
"""
from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field
from typing import Mapping
from urllib.parse import urlsplit, urlunsplit

from agent.argtypes import float_in
from agent.errors import UserError

MODEL_ENV = "INTERVIEW_LLM_MODEL"
BASE_URL_ENV = "OPENAI_BASE_URL"
API_KEY_ENV = "OPENAI_API_KEY"
TIMEOUT_ENV = "INTERVIEW_LLM_TIMEOUT"
# Local servers ignore the key, but the openai client insists on one.
PLACEHOLDER_KEY = "not-needed"


@dataclass(frozen=True)
class LLMConfig:
    model: str
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    timeout_s: float = 30.0
    retries: int = 2  # attempts after the first
    backoff_s: float = 0.5  # doubled after each failed attempt
    judge_asks: int = 3  # each signal is judged this many times (varied wording); the median score counts

    def public(self) -> dict:
        """What may be written to a session or report: never the key, nor credentials in the URL."""
        return {"model": self.model, "base_url": redact_url(self.base_url), "timeout_s": self.timeout_s,
                "retries": self.retries, "judge_asks": self.judge_asks}

    @property
    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.api_key,) if s and s != PLACEHOLDER_KEY)


def redact_url(url: str | None) -> str | None:
    if not url:
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))  # drop user:pass@ and ?key=...


def add_llm_arguments(parser: argparse.ArgumentParser) -> None:
    g = parser.add_argument_group("LLM brain (any OpenAI-compatible server)")
    g.add_argument("--llm-base-url", metavar="URL", help=f"server URL (default: ${BASE_URL_ENV}, else OpenAI)")
    g.add_argument("--llm-model", metavar="NAME", help=f"model name (default: ${MODEL_ENV}); without one, the offline brain")
    g.add_argument("--llm-api-key", metavar="KEY", help=f"API key (default: ${API_KEY_ENV}); never written to disk")
    g.add_argument("--llm-timeout", metavar="S", type=float_in(0, 3600, above_lo=True), default=None,
                   help=f"seconds per request, up to 3600 (default: ${TIMEOUT_ENV}, else 30)")


def config_from(args: argparse.Namespace | None = None, env: Mapping[str, str] | None = None) -> LLMConfig | None:
    """The LLM configuration from flags, environment and config file, or None when no model is
    configured. The file's server URL and timeout come with its model: a model chosen by a flag or
    the environment is never sent to the file's server."""
    env = os.environ if env is None else env
    get = (lambda name: getattr(args, name, None)) if args is not None else (lambda name: None)
    model = get("llm_model") or env.get(MODEL_ENV)
    configured = None
    if not model:
        from agent.config import user_config

        configured = user_config().llm
        model = configured.model
    if not model:
        return None
    timeout = get("llm_timeout") or env.get(TIMEOUT_ENV) or (configured and configured.timeout_s)
    if timeout:
        try:
            timeout = float(timeout)
        except ValueError:
            raise UserError(f"{TIMEOUT_ENV}: not a number of seconds: {timeout!r}") from None
    return LLMConfig(
        model=model,
        base_url=get("llm_base_url") or env.get(BASE_URL_ENV) or (configured and configured.base_url) or None,
        api_key=get("llm_api_key") or env.get(API_KEY_ENV) or None,
        **({"timeout_s": timeout} if timeout else {}),
    )
