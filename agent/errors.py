"""The one exception type the CLI turns into `error: ...` and exit code 2."""


class UserError(Exception):
    """Bad input from the user: a file, a flag, an id. The message names the thing at fault."""
