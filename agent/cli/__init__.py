"""`interview` console script: one module per command group, each exposing `register(subparsers)`.

Every command raises UserError (or a data-file error) for bad input; main() prints it as one line
`error: ...` on stderr and exits with code 2, never a traceback.
"""
from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys

# Command modules under agent.cli, in the order their commands are listed in --help.
COMMAND_MODULES = [
    "run",
    "serve",
    "speech_tools",
    "grade",
    "catalog",
    "questions",
    "report",
    "replay",
    "notes",
    "sessions",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="interview", description="Mock Technical PM interviews, spoken.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"agent.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    # After parsing: `--help` and usage errors never import pydantic and the data loaders.
    from agent.errors import UserError
    from agent.session import SessionError
    from audio.errors import AudioError
    from question_flows import DataFileError  # rubrics.RubricError is the same class

    try:
        return int(args.func(args) or 0)
    except (UserError, DataFileError, SessionError, AudioError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nstopped.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return _reader_went_away()
    except OSError as e:  # read-only mount, full disk, permissions: what was saved stays saved
        print(f"error: {_os_problem(e)}", file=sys.stderr)
        return 2
    except _sqlite_error() as e:
        print(f"error: checkpoint database: {e}{_SPACE_HINT if 'full' in str(e) else ''}", file=sys.stderr)
        return 2


_SPACE_HINT = "; free some space, then `interview resume` continues where it stopped"


def _os_problem(e: OSError) -> str:
    where = f"{e.filename}: " if e.filename else ""
    hint = _SPACE_HINT if e.errno in (errno.ENOSPC, errno.EDQUOT) else ""
    return f"{where}{e.strerror or e}{hint}"


def _sqlite_error() -> type[Exception]:
    import sqlite3  # lazily: `interview --help` stays quick

    return sqlite3.Error


def _reader_went_away() -> int:
    """`interview grade D | head -1`: the reader closed the pipe. Not an error; say nothing more."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())  # the interpreter's final flush must not fail again
    return 0


if __name__ == "__main__":
    sys.exit(main())
