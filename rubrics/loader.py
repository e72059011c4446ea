"""Load the rubrics shipped as package data, with one-line errors."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from .schema import Rubric

DEFAULT_RUBRIC = "tpm_scorecard"


class RubricError(Exception):
    """A rubric file is missing, unreadable or does not match its schema."""


def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_rubric_file(path: Path, shown_as: str | None = None) -> Rubric:
    shown = shown_as or str(path)
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as e:
        raise RubricError(f"{shown}: cannot read ({e.strerror})") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        at = f" (line {mark.line + 1})" if mark else ""
        raise RubricError(f"{shown}: invalid YAML{at}: {getattr(e, 'problem', e)}") from None
    try:
        rubric = Rubric.model_validate(raw)
    except ValidationError as e:
        err = e.errors()[0]
        where = _where(err["loc"])
        msg = err["msg"].removeprefix("Value error, ")
        msg = msg[:1].lower() + msg[1:]
        raise RubricError(f"{shown}: {where + ': ' if where else ''}{msg}") from None
    if rubric.id != Path(path).stem:
        raise RubricError(f"{shown}: id: {rubric.id!r} does not match the file name")
    return rubric


def _data_dir() -> Path:
    return Path(str(resources.files("rubrics"))) / "data"


@lru_cache(maxsize=1)
def load_rubrics() -> dict[str, Rubric]:
    return {
        p.stem: load_rubric_file(p, f"rubrics/data/{p.name}")
        for p in sorted(_data_dir().glob("*.yaml"))
    }


def get_rubric(rubric_id: str) -> Rubric:
    rubrics = load_rubrics()
    if rubric_id not in rubrics:
        raise RubricError(f"unknown rubric {rubric_id!r} (known: {', '.join(sorted(rubrics))})")
    return rubrics[rubric_id]
