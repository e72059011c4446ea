"""Load the rubrics shipped as package data, with one-line errors.

Rubric files are read by the same YAML loader as the question bank (question_flows.loader), so a
broken file reads the same way wherever it is.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from question_flows.loader import DataFileError, load_model

from .schema import Rubric

DEFAULT_RUBRIC = "tpm_scorecard"

# A rubric file that is missing, unreadable or does not match its schema.
RubricError = DataFileError


def load_rubric_file(path: Path, shown_as: str | None = None) -> Rubric:
    shown = shown_as or str(path)
    rubric = load_model(Path(path), Rubric, shown)
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
