"""Adding Counteroffer to the desktop's application menu (Linux and other freedesktop.org desktops).

`install_desktop` copies resources/desktop/counteroffer.desktop, with its Exec line pointing at the program,
into $XDG_DATA_HOME/applications/, and the icons into the hicolor theme under $XDG_DATA_HOME/icons/. Everything
goes into the user's own folders: no root needed. `python -m app.desktop [EXEC]` does it from a checkout (see
`main`). Plain Python: no Qt.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import paths

APP_ID = "counteroffer"  # the desktop file's name, the icon's name and the window's app id (app/ui/app.py)
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
PLACEHOLDER = "@EXEC@"

# Characters that make an Exec argument need quotes, and those that must be escaped inside the quotes
# (Desktop Entry Specification, "The Exec key").
_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
_ESCAPED_IN_QUOTES = frozenset('"`$\\')


def icon_files() -> dict[int, Path]:
    """The PNG icon for each size in ICON_SIZES, by size (resources/icons/counteroffer-<size>.png)."""
    folder = paths.resources() / "icons"
    return {size: folder / f"{APP_ID}-{size}.png" for size in ICON_SIZES}


def scalable_icon() -> Path:
    return paths.resources() / "icons" / f"{APP_ID}.svg"


def desktop_template() -> Path:
    return paths.resources() / "desktop" / f"{APP_ID}.desktop"


def exec_argument(program: Path | str) -> str:
    """`program` as one argument of a desktop file's Exec value: quoted when it has spaces or other reserved
    characters, with `%` doubled, and backslashes escaped once more for the desktop file's string syntax."""
    text = str(program)
    if any(ord(char) < 0x20 or char == "\x7f" for char in text):
        raise ValueError(f"a desktop file can't start a program whose path has control characters: {text!r}")
    text = text.replace("%", "%%")
    if any(char in _RESERVED for char in text):
        text = '"' + "".join("\\" + char if char in _ESCAPED_IN_QUOTES else char for char in text) + '"'
    return text.replace("\\", "\\\\")


def data_home(home: Path | None = None) -> Path:
    """$XDG_DATA_HOME when it is set to an absolute path, else `home`/.local/share (`home` defaults to ~)."""
    configured = os.environ.get("XDG_DATA_HOME", "")
    if configured and Path(configured).is_absolute():
        return Path(configured)
    return (home if home is not None else Path.home()) / ".local" / "share"


def install_desktop(exec_path: Path, home: Path | None = None) -> list[Path]:
    """Install the menu entry (starting `exec_path`) and the icons for the current user; returns the files written.

    `home` stands in for the user's home folder when $XDG_DATA_HOME is not set. Installing again overwrites."""
    target = data_home(home)
    program = exec_path if exec_path.is_absolute() else Path.cwd() / exec_path
    entry = desktop_template().read_text(encoding="utf-8").replace(PLACEHOLDER, exec_argument(program))
    written: list[Path] = []

    desktop_file = target / "applications" / f"{APP_ID}.desktop"
    desktop_file.parent.mkdir(parents=True, exist_ok=True)
    desktop_file.write_text(entry, encoding="utf-8")
    written.append(desktop_file)

    hicolor = target / "icons" / "hicolor"
    icons = [(png, hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png") for size, png in icon_files().items()]
    icons.append((scalable_icon(), hicolor / "scalable" / "apps" / f"{APP_ID}.svg"))
    for source, destination in icons:
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_bytes(source.read_bytes())
        written.append(destination)
    # Icon caches notice a changed folder by its time stamp: touch the theme folder so a cache sees the new icons.
    os.utime(hicolor)
    return written


def default_program() -> Path:
    """The standalone bundle's program when it has been built (`make dist`), else the virtual environment's
    `counteroffer` script beside the running Python."""
    checkout = Path(paths.__file__).absolute().parents[1]
    bundle = checkout / "dist" / APP_ID / APP_ID
    if bundle.is_file():
        return bundle
    return Path(sys.executable).absolute().parent / APP_ID


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m app.desktop",
        description="Add Counteroffer to your desktop's application menu, with its icon (for you only).",
    )
    parser.add_argument(
        "program",
        nargs="?",
        type=Path,
        metavar="EXEC",
        help="the program the menu entry starts (default: the bundle in dist/counteroffer/ when it has been "
        "built, else the counteroffer script of this Python environment)",
    )
    args = parser.parse_args(argv)
    program: Path = args.program or default_program()
    if not program.is_file():
        print(
            f"python -m app.desktop: no program at {program}: build the bundle with `make dist`, "
            "or give the path of the counteroffer program",
            file=sys.stderr,
        )
        return 2
    for path in install_desktop(program):
        print(f"installed {path}")
    print(f"Counteroffer is in your application menu now; it starts {program.absolute()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
