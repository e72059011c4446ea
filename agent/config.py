"""The user's standing choices: where sessions live, the usual flow, level, voice and LLM.

Read from `$XDG_CONFIG_HOME/tpm-interview/config.toml` (default `~/.config/...`):

    sessions = "~/interviews"      # the sessions root, so `interview sessions` works from anywhere
    flow = "system_design"
    level = "senior"
    voice = "en-gb"
    [llm]
    model = "qwen2.5-7b-instruct"
    base_url = "http://127.0.0.1:8080/v1"   # the API key stays in $OPENAI_API_KEY, never in a file

Precedence, most specific first: command-line flags, then the environment (`INTERVIEW_HOME` is the
sessions root; the LLM's variables in agent/llm/config.py), then this file, then the defaults.
"""
from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from agent.errors import UserError

HOME_ENV = "INTERVIEW_HOME"
DEFAULT_SESSIONS = Path("sessions")  # relative to where the command runs, when nothing else says


class LLMChoice(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    model: str | None = None
    base_url: str | None = None
    timeout_s: float | None = None


class UserConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    sessions: Path | None = None
    flow: str | None = None
    level: str | None = None
    voice: str | None = None
    llm: LLMChoice = LLMChoice()


def config_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "tpm-interview" / "config.toml"


@lru_cache(maxsize=4)
def _load(path: Path) -> UserConfig:
    if not path.is_file():
        return UserConfig()
    try:
        return UserConfig.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except tomllib.TOMLDecodeError as e:
        raise UserError(f"{path}: invalid TOML ({e})") from None
    except ValidationError as e:
        err = e.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise UserError(f"{path}: {where}: {err['msg'].lower()}") from None


def user_config() -> UserConfig:
    return _load(config_path())


def sessions_root(flag: Path | None = None) -> Path:
    """--root or --session-dir's parent when given, else $INTERVIEW_HOME, else the config's, else ./sessions."""
    if flag is not None:
        return Path(flag)
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    configured = user_config().sessions
    return configured.expanduser() if configured else DEFAULT_SESSIONS

