"""What commands share: the --profile option, the history and colour choices."""

from __future__ import annotations

import argparse
import os
import sys

from ..core.profile import Profile, ProfileError, load_profile
from ..practice import Practice
from ..storage.store import Store
from .errors import CliError


def profile_option(args: argparse.Namespace) -> Profile | None:
    """The --profile file, or None when none was given."""
    if not getattr(args, "profile", None):
        return None
    try:
        return load_profile(args.profile)
    except ProfileError as error:
        raise CliError("the profile has problems (listed above)", details=tuple(map(str, error.diagnostics))) from None


def open_history(practice: Practice) -> Store:
    """The practice history; anything worth knowing about it (moved aside, not writable) goes to stderr."""
    store = practice.open_history()
    for notice in store.notices:
        print(f"[{notice}]", file=sys.stderr)
    return store


def use_colour(choice: str) -> bool:
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
