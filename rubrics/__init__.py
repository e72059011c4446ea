"""Grading rubrics: YAML data plus its schema and loader."""
from .loader import DEFAULT_RUBRIC, RubricError, get_rubric, load_rubric_file, load_rubrics
from .schema import LEVELS, Indicator, LevelBar, Rubric, Signal

__all__ = [
    "DEFAULT_RUBRIC", "LEVELS", "Indicator", "LevelBar", "Rubric", "RubricError", "Signal",
    "get_rubric", "load_rubric_file", "load_rubrics",
]
