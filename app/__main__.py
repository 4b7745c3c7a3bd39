"""Entry point for `counteroffer` and `python -m app`: the window, or a command-line job."""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
