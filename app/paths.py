"""Where things live: built-in scenarios and resources (checkout or installed wheel) and user data."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def _builtin(name: str) -> Path:
    """A checkout keeps scenarios/ and resources/ beside app/; a wheel carries them inside app/."""
    beside = _CHECKOUT / name
    if (_CHECKOUT / "pyproject.toml").is_file() and beside.is_dir():
        return beside
    return _PACKAGE / name


def builtin_scenarios() -> Path:
    return _builtin("scenarios")


def resources() -> Path:
    return _builtin("resources")


def rubrics() -> Path:
    return resources() / "rubrics"


def schema_file(kind: str = "scenario") -> Path:
    return resources() / "schema" / f"{kind}.schema.json"


def user_data() -> Path:
    """The user's own folder (COUNTEROFFER_HOME overrides it, e.g. for tests or a class USB stick)."""
    override = os.environ.get("COUNTEROFFER_HOME")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("Counteroffer", appauthor=False)


def user_cache() -> Path:
    """Re-creatable files such as synthesised speech (inside COUNTEROFFER_HOME when that is set)."""
    override = os.environ.get("COUNTEROFFER_HOME")
    if override:
        return Path(override) / "cache"
    from platformdirs import user_cache_path

    return user_cache_path("Counteroffer", appauthor=False)


HISTORY_FILE = "history.db"


@dataclass(frozen=True)
class Places:
    """Where the built-in content and the user's own files live."""

    builtin_scenarios: Path
    resources: Path
    user_data: Path
    cache: Path

    @classmethod
    def default(cls) -> Places:
        """A checkout's or the installed app's content, and the user's data folder (or COUNTEROFFER_HOME)."""
        return cls(builtin_scenarios(), resources(), user_data(), user_cache())

    @property
    def user_scenarios(self) -> Path:
        return self.user_data / "scenarios"

    @property
    def history_file(self) -> Path:
        return self.user_data / HISTORY_FILE

    @property
    def profile_file(self) -> Path:
        return self.user_data / "profile.yaml"

    @property
    def settings_file(self) -> Path:
        return self.user_data / "settings.ini"
