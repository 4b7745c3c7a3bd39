"""House rules that keep the code's shape: the core and storage never import Qt."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_storage_and_voice_engine_never_import_qt() -> None:
    files = [p for folder in ("core", "storage", "voice") for p in (ROOT / "app" / folder).rglob("*.py")]
    assert files
    offenders = {
        str(p.relative_to(ROOT)): sorted(m for m in imported_modules(p) if m.split(".")[0] == "PySide6") for p in files
    }
    assert {k: v for k, v in offenders.items() if v} == {}
