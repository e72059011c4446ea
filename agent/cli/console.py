"""The one place command output reaches Rich.

Markup is off: notes, session ids, file names and error messages are printed exactly as written,
brackets and all, with nothing to escape; styles are given as `style=` or `Text`. Rich is imported
here, when a command prints, so `interview --help` never pays for it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def console(**options) -> Console:
    from rich.console import Console

    return Console(markup=False, highlight=False, **options)
