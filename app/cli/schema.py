"""`counteroffer schema`: a file format's JSON Schema, for editor completion and checking."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def run(args: argparse.Namespace) -> int:
    from ..core.schema import schema_text

    text = schema_text(args.kind)
    if args.output:
        from .common import write_output

        write_output(Path(args.output), lambda path: path.write_text(text, encoding="utf-8"))
    else:
        sys.stdout.write(text)
    return 0
