"""Entry point for `counteroffer` and `python -m app`: the window, or a command-line job."""
from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    from .cli import build_parser

    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    if getattr(args, "run", None) is None:
        from .ui.app import run_gui

        return run_gui()
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into `head` and the like
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
