"""House rules that keep the code's shape (docs/architecture.md): the core and storage stand alone, and the
package has no import cycles."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "app"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _type_checking_only(tree: ast.AST) -> set[ast.AST]:
    """Imports under `if TYPE_CHECKING:` never run."""
    return {
        sub
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for sub in ast.walk(node)
        if isinstance(sub, ast.Import | ast.ImportFrom)
    }


def imports(module: str) -> set[str]:
    """Every module `module` imports at run time (lazy imports inside functions too), as absolute names;
    `from . import x` counts as importing the submodule x when there is one."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_only(tree)
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if node in skip:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
            base = base if node.level else (node.module or "")
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES}
    return found


@pytest.mark.parametrize("layer", ["app.core", "app.storage"])
def test_core_and_storage_never_import_qt_paths_or_the_ui(layer: str) -> None:
    modules = [m for m in MODULES if m == layer or m.startswith(layer + ".")]
    assert modules
    offenders = {
        m: sorted(
            name
            for name in imports(m)
            if name.split(".")[0] == "PySide6" or name in ("app.paths", "app.ui") or name.startswith("app.ui.")
        )
        for m in modules
    }
    assert {m: names for m, names in offenders.items() if names} == {}


def test_the_voice_engine_never_imports_qt() -> None:
    names = imports("app.voice.engine")
    assert names and not any(name.split(".")[0] == "PySide6" for name in names)


def test_the_package_has_no_import_cycles() -> None:
    graph = {
        module: {
            name
            for name in imports(module)
            if name in MODULES and name != module and not name.startswith(module + ".")  # a package's own children
        }
        for module in MODULES
    }
    order = list(graphlib.TopologicalSorter(graph).static_order())  # raises CycleError naming a cycle's modules
    assert sorted(order) == sorted(MODULES)


def test_the_cycle_check_sees_relative_and_lazy_imports() -> None:
    """The rules above would pass vacuously if imports weren't resolved: check a few known edges."""
    assert "app.core.scoring" in imports("app.core.session")  # from .scoring import ...
    assert "app.ui.preload" in imports("app.ui.main_window")  # imported inside a function
    assert "app.paths" in imports("app.practice")
