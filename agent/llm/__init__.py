"""The LLM behind the LLM brain: configuration, and a client with retries and structured output."""
from .client import LLMClient, LLMError, parse_json_object, redact
from .config import LLMConfig, add_llm_arguments, config_from, redact_url

__all__ = [
    "LLMClient", "LLMConfig", "LLMError", "add_llm_arguments", "config_from", "parse_json_object", "redact",
    "redact_url",
]
