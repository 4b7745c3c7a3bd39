"""Saving the file being edited, on a worker thread. Plain Python: no Qt here."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path


def backup_path(path: Path) -> Path:
    """Where the previous version is kept: my-offer.yaml.bak (never loaded as a scenario)."""
    return path.with_name(path.name + ".bak")


def save_text(path: Path, text: str) -> Path:
    """Write `text` to `path` atomically: the whole text goes to a temporary file beside it, the current file is
    copied to its .bak, then the temporary file replaces it (a reader sees the old file or the new one, never
    half of one). Returns the backup's path. Raises OSError."""
    handle, temporary = tempfile.mkstemp(prefix=".saving-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        if path.exists():
            shutil.copy2(path, backup_path(path))
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return backup_path(path)
