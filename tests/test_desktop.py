"""Desktop integration (app/desktop.py): the menu entry and the icons are installed for the user, into the
XDG data folder, and the icons shipped in resources/icons are real PNGs of their stated size."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from app import desktop, paths
from app.desktop import ICON_SIZES, exec_argument, install_desktop


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "xdg-data"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    return folder


def entry(path: Path) -> dict[str, str]:
    """The [Desktop Entry] group's keys and values."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line and not line.startswith("#"))


def test_the_template_is_a_complete_desktop_entry_with_a_placeholder_for_the_program() -> None:
    keys = entry(paths.resources() / "desktop" / "counteroffer.desktop")
    assert keys["Exec"] == "@EXEC@"
    assert {k: keys[k] for k in ("Type", "Name", "Icon", "Terminal", "StartupWMClass")} == {
        "Type": "Application",
        "Name": "Counteroffer",
        "Icon": "counteroffer",
        "Terminal": "false",
        "StartupWMClass": "counteroffer",
    }
    assert keys["Categories"].endswith(";") and keys["Keywords"].endswith(";")


def test_installs_the_entry_and_every_icon_into_the_xdg_data_folder(data_home: Path, tmp_path: Path) -> None:
    program = tmp_path / "bin" / "counteroffer"
    written = install_desktop(program)
    desktop_file = data_home / "applications" / "counteroffer.desktop"
    hicolor = data_home / "icons" / "hicolor"
    icons = [hicolor / f"{size}x{size}" / "apps" / "counteroffer.png" for size in ICON_SIZES]
    assert written == [desktop_file, *icons, hicolor / "scalable" / "apps" / "counteroffer.svg"]
    assert all(path.is_file() for path in written)
    keys = entry(desktop_file)
    assert (keys["Exec"], keys["Icon"]) == (str(program), "counteroffer")
    for size, icon in zip(ICON_SIZES, icons, strict=True):
        assert icon.read_bytes() == (paths.resources() / "icons" / f"counteroffer-{size}.png").read_bytes()
    assert (hicolor / "scalable" / "apps" / "counteroffer.svg").read_text(encoding="utf-8").count("<svg") == 1


def test_a_program_path_with_spaces_is_quoted(data_home: Path, tmp_path: Path) -> None:
    program = tmp_path / "My Apps" / "counteroffer"
    install_desktop(program)
    assert entry(data_home / "applications" / "counteroffer.desktop")["Exec"] == f'"{program}"'


def test_installing_again_replaces_the_entry(data_home: Path, tmp_path: Path) -> None:
    install_desktop(tmp_path / "old" / "counteroffer")
    install_desktop(tmp_path / "new" / "counteroffer")
    assert entry(data_home / "applications" / "counteroffer.desktop")["Exec"] == str(tmp_path / "new" / "counteroffer")


def test_without_xdg_data_home_it_goes_under_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    written = install_desktop(Path("/opt/counteroffer/counteroffer"), home=tmp_path)
    assert written[0] == tmp_path / ".local" / "share" / "applications" / "counteroffer.desktop"
    assert all(path.is_relative_to(tmp_path / ".local" / "share") for path in written)


@pytest.mark.parametrize(
    "program,argument",
    [
        ("/opt/counteroffer/counteroffer", "/opt/counteroffer/counteroffer"),
        ("/home/ana/My Apps/counteroffer", '"/home/ana/My Apps/counteroffer"'),
        ('/tmp/a "b"/c', r'"/tmp/a \\"b\\"/c"'),
        ("/tmp/$HOME/`x`", r'"/tmp/\\$HOME/\\`x\\`"'),
        ("/tmp/back\\slash", r'"/tmp/back\\\\slash"'),
        ("/tmp/100%/counteroffer", "/tmp/100%%/counteroffer"),
        ("/tmp/it's/counteroffer", '"/tmp/it\'s/counteroffer"'),
    ],
)
def test_exec_argument_follows_the_desktop_entry_quoting_rules(program: str, argument: str) -> None:
    assert exec_argument(program) == argument


def test_a_path_with_a_newline_is_refused() -> None:
    with pytest.raises(ValueError, match="control characters"):
        exec_argument("/tmp/a\nb")


@pytest.mark.parametrize("size", ICON_SIZES)
def test_each_icon_is_a_png_of_its_stated_size(size: int) -> None:
    path = desktop.icon_files()[size]
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(path))
    assert not image.isNull() and (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()


def test_the_scalable_icon_is_a_self_contained_svg() -> None:
    svg = desktop.scalable_icon().read_text(encoding="utf-8")
    assert 'viewBox="0 0 256 256"' in svg
    assert not re.search(r"<text|<image|href=|font-family|@import", svg)


def test_main_installs_the_program_it_is_given_and_says_what_it_wrote(
    data_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    program = tmp_path / "counteroffer"
    program.write_text("#!/bin/sh\n")
    assert desktop.main([str(program)]) == 0
    out = capsys.readouterr().out
    assert f"installed {data_home / 'applications' / 'counteroffer.desktop'}" in out
    assert out.count("installed ") == len(ICON_SIZES) + 2
    assert entry(data_home / "applications" / "counteroffer.desktop")["Exec"] == str(program)


def test_main_refuses_a_program_that_is_not_there(
    data_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert desktop.main([str(tmp_path / "nowhere")]) == 2
    assert "no program at" in capsys.readouterr().err
    assert not data_home.exists()


def test_the_default_program_is_the_bundle_when_built_else_this_environments_script(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checkout = tmp_path / "checkout"
    monkeypatch.setattr(paths, "__file__", str(checkout / "app" / "paths.py"))
    assert desktop.default_program() == Path(sys.executable).absolute().parent / "counteroffer"
    bundle = checkout / "dist" / "counteroffer" / "counteroffer"
    bundle.parent.mkdir(parents=True)
    bundle.write_bytes(b"\x7fELF")
    assert desktop.default_program() == bundle
