"""The one exception type the CLI turns into `error: ...` and exit code 2."""
from __future__ import annotations

import difflib


class UserError(Exception):
    """Bad input from the user: a file, a flag, an id. The message names the thing at fault."""


def check_known(value: str, known: list[str], what: str, where: str, list_known: bool = True) -> None:
    """A UserError when `value` is not one of `known`, suggesting the nearest (a typo is the usual cause):
    "--category: unknown category 'platform_api' (did you mean 'platform_api_data'? known: ...)"."""
    if value in known:
        return
    near = difflib.get_close_matches(value, known, n=1, cutoff=0.5)
    hints = [f"did you mean {near[0]!r}?"] if near else []
    if list_known:
        hints.append(f"known: {', '.join(known)}")
    raise UserError(f"{where}: unknown {what} {value!r}" + (f" ({' '.join(hints)})" if hints else ""))
