"""What commands share: the --profile option, the history and colour choices."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

from ..core.profile import Profile, ProfileError, load_profile
from ..practice import Practice
from ..storage.store import Store
from .errors import FOUND_PROBLEMS, CliError


def profile_option(args: argparse.Namespace) -> Profile | None:
    """The --profile file, or None when none was given."""
    if not getattr(args, "profile", None):
        return None
    try:
        return load_profile(args.profile)
    except ProfileError as error:
        raise CliError(
            "the profile has problems (listed above)", FOUND_PROBLEMS, details=tuple(map(str, error.diagnostics))
        ) from None


def open_history(practice: Practice) -> Store:
    """The practice history; anything worth knowing about it (moved aside, not writable) goes to stderr."""
    store = practice.open_history()
    for notice in store.notices:
        print(f"[{notice}]", file=sys.stderr)
    store.listeners.append(lambda notice: print(f"[{notice}]", file=sys.stderr, flush=True))
    return store


def readable_history(practice: Practice) -> Store:
    """The history for a command that reads it: one that couldn't be opened is an error, not an empty list."""
    store = open_history(practice)
    if not store.readable:
        raise CliError("your practice history can't be read (see above)", FOUND_PROBLEMS)
    return store


def use_colour(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def write_output(path: Path, write: Callable[[Path], object]) -> None:
    """Run `write(path)`; a folder that doesn't exist, a directory, a full disk… becomes one clear error."""
    try:
        write(path)
    except OSError as error:
        reason = error.strerror or str(error)
        raise CliError(f"can't write {path}: {reason} — choose another file with -o") from None
