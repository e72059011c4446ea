"""Where the LLM lives: flags first, then the environment; the API key never leaves this object.

    --llm-base-url  / OPENAI_BASE_URL        any OpenAI-compatible server (OpenAI, Ollama, llama.cpp, vLLM)
    --llm-model     / INTERVIEW_LLM_MODEL    required to use the LLM brain at all
    --llm-api-key   / OPENAI_API_KEY         optional for local servers

Without a model the offline brain is used, and the session says so.
"""
from __future__ import annotations

import argparse
import os
from dataclasses import dataclass, field
from typing import Mapping
from urllib.parse import urlsplit, urlunsplit

MODEL_ENV = "INTERVIEW_LLM_MODEL"
BASE_URL_ENV = "OPENAI_BASE_URL"
API_KEY_ENV = "OPENAI_API_KEY"
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

    def public(self) -> dict:
        """What may be written to a session or report: never the key, nor credentials in the URL."""
        return {"model": self.model, "base_url": redact_url(self.base_url), "timeout_s": self.timeout_s,
                "retries": self.retries}

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
    g.add_argument("--llm-timeout", metavar="S", type=float, default=None, help="seconds per request (default 30)")


def config_from(args: argparse.Namespace | None = None, env: Mapping[str, str] | None = None) -> LLMConfig | None:
    """The LLM configuration from flags and environment, or None when no model is configured."""
    env = os.environ if env is None else env
    get = (lambda name: getattr(args, name, None)) if args is not None else (lambda name: None)
    model = get("llm_model") or env.get(MODEL_ENV)
    if not model:
        return None
    timeout = get("llm_timeout")
    return LLMConfig(
        model=model,
        base_url=get("llm_base_url") or env.get(BASE_URL_ENV) or None,
        api_key=get("llm_api_key") or env.get(API_KEY_ENV) or None,
        **({"timeout_s": float(timeout)} if timeout else {}),
    )
