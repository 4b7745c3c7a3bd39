"""The one error type of the command line, and its exit statuses."""

from __future__ import annotations

USAGE = 2  # a mistake in how the command was called, or a file it can't use
FOUND_PROBLEMS = 1  # the job ran and found problems (validate's errors, a damaged import)


class CliError(Exception):
    """A job that can't go on: `main` prints the lines of `details`, then `counteroffer JOB: message`."""

    def __init__(self, message: str, status: int = USAGE, details: tuple[str, ...] = ()):
        super().__init__(message)
        self.status = status
        self.details = details
