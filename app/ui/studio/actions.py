"""What the main window's File menu does for authors: a new scenario, a file opened in the studio, packs exported
and imported. Slow work (writing, checking, packing) runs on workers; `saved` fires whenever the scenarios folder
changed, and the main window reloads its library then."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from .. import workers
from . import pack_import
from .window import StudioWindow

if TYPE_CHECKING:
    from ...core.library import Library, LoadedFile
    from ...core.packs import ImportPlan, Manifest, Policy, Step
    from ..main_window import MainWindow
    from .rubric_tuning import RubricTuningWindow

MAX_LISTED = 12  # problems listed in a message box; the rest are counted


class StudioActions(QObject):
    saved = Signal(str)  # a scenario file was written (saved, made or imported)
    exported = Signal(object)  # the pack's Manifest
    imported = Signal(list)  # the import's Steps

    def __init__(self, main: MainWindow):
        super().__init__(main)
        self.main = main
        self.windows: dict[Path, StudioWindow] = {}

    def _status(self, text: str) -> None:
        self.main.statusBar().showMessage(text)

    def _library(self) -> Library | None:
        library = self.main.library_page.library
        if library is None:
            self._status("The scenarios are still loading: try again in a moment.")
        return library

    # ---- new and open --------------------------------------------------------------------------------------
    def new_scenario(self) -> None:
        from .new_dialog import NewScenarioDialog

        library = self._library()
        if library is None:
            return
        taken = {f.scenario.id for f in library.files if f.scenario is not None}
        dialog = NewScenarioDialog(library.scenarios, taken, self.main)
        if dialog.exec():
            self.create(*dialog.choice())

    def create(self, scenario_id: str, moment: str | None, copy_of: str | None) -> None:
        practice = self.main.practice
        self._status(f"Making {scenario_id}…")
        workers.start(
            lambda: practice.new_scenario(scenario_id, moment=moment, copy_of=copy_of),
            self._created,
            lambda error: self._explain("The scenario wasn't made", error),
            lane="interactive",
            owner=self,
        )

    def _created(self, path: Path) -> None:
        self._status(f"Made {path.name} in your scenarios folder.")
        self.saved.emit(str(path))
        self.open_path(path)

    def selected_file(self) -> LoadedFile | None:
        library, scenario = self.main.library_page.library, self.main.library_page.selected()
        if library is None or scenario is None:
            return None
        return next((f for f in library.files if f.scenario is scenario), None)

    def open_selected(self) -> None:
        """The library's selected scenario when it is one of the user's; else a file chosen from a dialog."""
        chosen = self.selected_file()
        if chosen is not None and not chosen.builtin:
            self.open_path(Path(chosen.path))
            return
        if chosen is not None:
            self._status("Built-in scenarios can't be edited here: File → New scenario… copies one to edit.")
        path, _filter = QFileDialog.getOpenFileName(
            self.main,
            "Open a scenario in the studio",
            str(self.main.practice.places.user_scenarios),
            "Scenarios (*.yaml *.yml);;All files (*)",
        )
        if path:
            self.open_path(Path(path))

    def open_path(self, path: Path) -> StudioWindow:
        """A studio window on the file (the one already open on it, brought to the front)."""
        path = Path(path).resolve()
        studio = self.windows.get(path)
        if studio is None:
            studio = StudioWindow(self.main.practice, path, lambda: self.main.speech, self.main, self.main.listening)
            studio.saved.connect(self.saved)
            studio.destroyed.connect(lambda _obj=None, p=path: self.windows.pop(p, None))
            self.windows[path] = studio
        studio.show()
        studio.raise_()
        studio.activateWindow()
        return studio

    def tune_rubric(self) -> RubricTuningWindow | None:
        """A rubric beside the answers it scores, re-scored as it is edited (rubric_tuning.py)."""
        from .rubric_tuning import open_tuning

        library = self._library()
        return open_tuning(self.main.practice, library, self.main) if library is not None else None

    # ---- packs ----------------------------------------------------------------------------------------------
    def export_pack(self) -> None:
        from .pack_dialogs import ExportPackDialog

        library = self._library()
        if library is None:
            return
        own = [f.scenario for f in library.files if f.ok and not f.builtin and f.scenario is not None]
        if not own:
            self._status("You have no scenarios of your own to export yet: File → New scenario… makes one.")
            return
        chosen = self.selected_file()
        dialog = ExportPackDialog(own, chosen.scenario.id if chosen and chosen.scenario else None, self.main)
        if not dialog.exec():
            return
        manifest = dialog.manifest()
        name = re.sub(r"[^a-z0-9]+", "-", manifest.title.lower()).strip("-") or "scenarios"
        target, _filter = QFileDialog.getSaveFileName(
            self.main, "Save the pack", str(Path.home() / f"{name}.zip"), "Scenario packs (*.zip)"
        )
        if target:
            self.export_to(dialog.chosen(), Path(target), manifest)

    def export_to(self, scenario_ids: list[str], target: Path, manifest: Manifest) -> None:
        practice = self.main.practice
        if target.suffix.lower() != ".zip":
            target = target.with_name(target.name + ".zip")
        self._status(f"Making the pack {target.name}…")
        workers.start(
            lambda: practice.export_pack(scenario_ids, target, manifest),
            lambda made: self._exported(made, target),
            lambda error: self._explain("The pack wasn't made", error),
            owner=self,
        )

    def _exported(self, manifest: Manifest, target: Path) -> None:
        self._status(f"Saved the pack “{manifest.title}” with {len(manifest.scenarios)} scenario(s) to {target}")
        self.exported.emit(manifest)

    def import_pack(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self.main, "Import a scenario pack", str(Path.home()), "Scenario packs (*.zip)"
        )
        if path:
            self.import_from(Path(path))

    def import_from(self, path: Path) -> None:
        """Check the whole pack first (nothing written), then ask about ids already in the library, then copy."""
        practice = self.main.practice
        self._status(f"Checking the pack {path.name}…")
        workers.start(
            lambda: pack_import.plan(practice, path),
            lambda planned: self._planned(path, *planned),
            lambda error: self._explain("The pack can't be imported", error),
            owner=self,
        )

    def _planned(self, path: Path, plan: ImportPlan, replaceable: dict[str, bool]) -> None:
        if not plan.ok:
            self._explain("The pack has errors, so nothing was imported", None, [str(d) for d in plan.diagnostics])
            return
        choices: dict[str, Policy] | None = {}
        if plan.conflicts:
            choices = self.ask_conflicts(plan.manifest.title, plan.conflicts, replaceable)
        if choices is None:
            self._status("Import cancelled: nothing was copied.")
            return
        practice = self.main.practice
        workers.start(
            lambda: pack_import.apply(practice, path, choices),
            self._imported,
            lambda error: self._explain("The pack wasn't imported", error),
            owner=self,
        )

    def ask_conflicts(
        self, title: str, conflicts: list[Step], replaceable: dict[str, bool]
    ) -> dict[str, Policy] | None:
        """Keep, replace or rename, per id; None when cancelled."""
        from .pack_dialogs import ConflictDialog

        dialog = ConflictDialog(title, conflicts, replaceable, self.main)
        return dialog.choices() if dialog.exec() else None

    def _imported(self, steps: list[Step]) -> None:
        done = [
            s.scenario_id if s.action == "add" else f"{s.scenario_id} ({s.note or s.action})"
            for s in steps
            if s.action != "keep"
        ]
        kept = [s.scenario_id for s in steps if s.action == "keep"]
        self._status(
            ("Imported " + ", ".join(done) if done else "Nothing new imported")
            + (f"; kept yours: {', '.join(kept)}" if kept else "")
        )
        self.saved.emit("")
        self.imported.emit(steps)

    def _explain(self, what: str, error: Exception | None, details: list[str] | None = None) -> None:
        """A message box: what went wrong, why, and the problems found (never a traceback)."""
        lines = details if details is not None else [str(d) for d in getattr(error, "diagnostics", [])]
        why = (error.strerror if isinstance(error, OSError) and error.strerror else str(error)) if error else ""
        text = f"{what}{': ' + why if why else '.'}"
        if lines:
            more = len(lines) - MAX_LISTED
            text += "\n\n" + "\n".join(lines[:MAX_LISTED]) + (f"\n… and {more} more" if more > 0 else "")
        self._status(f"{what}.")
        QMessageBox.warning(self.main, "Counteroffer", text)
