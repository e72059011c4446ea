"""Tables that fit an 80-column terminal without breaking the ids a user types back into a command."""
from __future__ import annotations

from rich import box
from rich.table import Table


def id_table(title: str | None = None, **kw) -> Table:
    """A light table (no side borders): the room goes to the content."""
    return Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), **kw)


def id_column(table: Table, header: str, ids: list[str]) -> None:
    """A column of ids: as wide as the longest, never wrapped nor cut; other columns give way."""
    table.add_column(header, no_wrap=True, min_width=max([len(header), *map(len, ids)]))
