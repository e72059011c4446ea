"""Argparse types for numeric options with a range: a value out of range is a usage error
(argparse prints it in one line and exits 2) instead of a run that misbehaves."""
from __future__ import annotations

import argparse
import math
from typing import Callable

SEED_MAX = 2**32 - 1  # numpy's and the graph's seeds are 32-bit


def int_in(lo: int, hi: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if not lo <= value <= hi:
            raise argparse.ArgumentTypeError(f"{value} is out of range ({lo} to {hi})")
        return value
    parse.__name__ = "int"
    return parse


def float_in(lo: float, hi: float, *, above_lo: bool = False) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        low_ok = value > lo if above_lo else value >= lo
        if not (math.isfinite(value) and low_ok and value <= hi):
            raise argparse.ArgumentTypeError(f"{text} is out of range ({'above ' if above_lo else ''}{lo} to {hi})")
        return value
    parse.__name__ = "float"
    return parse


BEAM_SIZE = int_in(1, 20)
SEED = int_in(0, SEED_MAX)
