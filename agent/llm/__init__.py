"""The LLM behind the LLM brain: configuration, and a client with retries and structured output.

The client (and the openai package behind it, ~0.5 s to import) loads on first use, so the CLI
starts without it when no LLM is configured.
"""
from .config import LLMConfig, add_llm_arguments, config_from

__all__ = ["LLMClient", "LLMConfig", "LLMError", "add_llm_arguments", "config_from"]


def __getattr__(name: str):
    if name in ("LLMClient", "LLMError"):
        from . import client

        return getattr(client, name)
    raise AttributeError(name)
