"""The command line: `counteroffer` opens the window; `counteroffer COMMAND` runs a job in the terminal.

`parser.py` declares every command; each command group's job lives in its own module (validate, score,
rehearse, history, schema) as a `run` function. A job that can't go on raises `CliError`; `main` prints
it once, as `counteroffer COMMAND: message`, and returns its exit status.
"""

from __future__ import annotations

import importlib
import os
import sys

from .errors import CliError
from .parser import build_parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    if getattr(args, "run", None) is None:
        from ..ui.app import run_gui

        return run_gui()
    module, function = args.run.split(":")
    job = getattr(importlib.import_module(f"{__name__}.{module}"), function)
    try:
        return int(job(args))
    except CliError as error:
        for line in error.details:
            print(line, file=sys.stderr)
        print(f"counteroffer {args.command}: {error}", file=sys.stderr)
        return error.status
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
