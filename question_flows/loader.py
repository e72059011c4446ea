"""Load the question bank and flows shipped as package data, with one-line errors."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .schema import BankFile, Flow, Question

M = TypeVar("M", bound=BaseModel)


class DataFileError(Exception):
    """A YAML data file is missing, unreadable or does not match its schema."""


def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_model(path: Path, model: type[M], shown_as: str | None = None) -> M:
    shown = shown_as or str(path)
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise DataFileError(f"{shown}: cannot read ({e.strerror})") from None
    except UnicodeDecodeError as e:
        raise DataFileError(f"{shown}: not UTF-8 text (byte {e.start} is {e.object[e.start]:#04x})") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        at = f" (line {mark.line + 1})" if mark else ""
        raise DataFileError(f"{shown}: invalid YAML{at}: {getattr(e, 'problem', e)}") from None
    try:
        return model.model_validate(raw)
    except ValidationError as e:
        err = e.errors()[0]
        where = _where(err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        msg = msg[:1].lower() + msg[1:]
        raise DataFileError(f"{shown}: {where + ': ' if where else ''}{msg}") from None


def _data_dir() -> Path:
    return Path(str(resources.files("question_flows")))


def _shown(path: Path) -> str:
    return f"question_flows/{path.relative_to(_data_dir()).as_posix()}"


def load_bank_dir(directory: Path) -> dict[str, Question]:
    bank: dict[str, Question] = {}
    for path in sorted(directory.glob("*.yaml")):
        shown = _shown(path) if directory.is_relative_to(_data_dir()) else str(path)
        for q in load_model(path, BankFile, shown).questions:
            if q.id in bank:
                raise DataFileError(f"{shown}: duplicate question id {q.id!r}")
            bank[q.id] = q
    return bank


def load_flows_dir(directory: Path) -> dict[str, Flow]:
    flows: dict[str, Flow] = {}
    for path in sorted(directory.glob("*.yaml")):
        shown = _shown(path) if directory.is_relative_to(_data_dir()) else str(path)
        flow = load_model(path, Flow, shown)
        if flow.id != path.stem:
            raise DataFileError(f"{shown}: id: {flow.id!r} does not match the file name")
        flows[flow.id] = flow
    return flows


@lru_cache(maxsize=1)
def load_bank() -> dict[str, Question]:
    return load_bank_dir(_data_dir() / "bank")


@lru_cache(maxsize=1)
def load_flows() -> dict[str, Flow]:
    return load_flows_dir(_data_dir() / "flows")


def get_flow(flow_id: str) -> Flow:
    flows = load_flows()
    if flow_id not in flows:
        raise DataFileError(f"unknown flow {flow_id!r} (known: {', '.join(sorted(flows))})")
    return flows[flow_id]
