"""The LLM behind the LLM brain: configuration, and a client with retries and structured output."""
from .client import LLMClient, LLMError
from .config import LLMConfig, add_llm_arguments, config_from

__all__ = ["LLMClient", "LLMConfig", "LLMError", "add_llm_arguments", "config_from"]
