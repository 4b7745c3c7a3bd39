"""What a student or instructor can do, once, for the window and the terminal alike.

Load the library, make the scorer, start / resume / review a rehearsal with every answer recorded, export
and import the history, keep the Flower profile. Plain Python: the window runs these on worker threads and
the command line calls them directly. Where files live comes in as `Places`, so tests and a class's USB
stick can point everything elsewhere.

Importing this module is cheap: each use case imports the engine it needs when first called, so the
window can create a `Practice` before its first paint and load the engine on a worker thread.
"""

from __future__ import annotations

import json
import re
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .paths import Places

if TYPE_CHECKING:  # the engine is imported where it is first used: the window opens before it loads
    from .core.diagnostics import Diagnostic
    from .core.graph import Graph
    from .core.library import Library, LoadedFile
    from .core.packs import ImportPlan, Manifest, Policy
    from .core.profile import Profile
    from .core.scenario import Route, Scenario
    from .core.scoring import Scorer
    from .core.session import Session, TurnRecord
    from .core.trying import Tried
    from .core.yamlsource import Document
    from .storage.recorder import HistoryRecorder
    from .storage.resume import StoredRehearsal
    from .storage.store import Store


@dataclass(frozen=True)
class Scope:
    """What an export covers: one attempt, or every attempt started in [since, until) (UTC ISO times)."""

    attempt_id: str | None = None
    since: str | None = None
    until: str | None = None


RECORDINGS = "recordings"  # beside the history file (the same folder Store.recordings_dir names)


@dataclass
class Practice:
    places: Places = field(default_factory=Places.default)
    keep_audio: bool = False  # keep spoken answers' recordings: the window sets it from Preferences (on by default)
    # More folders of scenarios (a shared pack unzipped, a course's git checkout): Preferences → Scenario sources
    scenario_sources: list[Path] = field(default_factory=list)
    _recorders: weakref.WeakKeyDictionary[Session, HistoryRecorder] = field(
        default_factory=weakref.WeakKeyDictionary, repr=False, compare=False
    )

    # ---- content ------------------------------------------------------------
    def scorer(self) -> Scorer:
        """The built-in lexicons and rubrics, with the user's own (in their data folder) taking precedence.
        Read once per process."""
        from .core.scoring import load_scorer

        return load_scorer((self.places.resources, self.places.user_data))

    def refresh_scorer(self) -> None:
        """Forget the scorer read so far (after a rubric was saved): the next `scorer()` reads the lexicons,
        rubrics and models again. Rehearsals already going keep the scorer they started with."""
        from .core.scoring import load_scorer

        load_scorer.cache_clear()

    def user_rubric(self, rubric_id: str) -> Path:
        """Where the user's own copy of a rubric lives: it overrides the built-in one with the same id."""
        return self.places.user_data / "rubrics" / f"{rubric_id}.yaml"

    def rubric_file(self, rubric_id: str) -> Path:
        """The file to edit for a rubric: the user's own copy when there is one, else the built-in file."""
        own = self.user_rubric(rubric_id)
        return own if own.is_file() else self.places.resources / "rubrics" / f"{rubric_id}.yaml"

    def dimensions(self) -> dict[str, str]:
        """The default rubric's dimensions (id -> label), in its order: the lines of charts, the columns of
        gradebooks."""
        return {key: dimension.label for key, dimension in self.scorer().rubrics["default"].dimensions.items()}

    def scenario_folders(self) -> list[Path]:
        user = self.places.user_scenarios
        try:
            usable = user.is_dir()
        except OSError:  # a folder that can't be entered: the library reports it rather than failing
            usable = True
        return [self.places.builtin_scenarios] + ([user] if usable else []) + list(self.scenario_sources)

    def load_library(self) -> Library:
        """The built-in scenarios and the user's own; broken files are listed with their problems."""
        from .core.library import load_library, rule_context

        return load_library(
            self.scenario_folders(), rule_context(self.scorer()), builtin_folder=self.places.builtin_scenarios
        )

    def validate(
        self, paths: Iterable[str | Path], *, run_examples: bool = True, profile: Profile | None = None
    ) -> tuple[int, list[Diagnostic]]:
        from .core.file_validation import validate_paths

        return validate_paths(paths, self.scorer(), run_examples=run_examples, profile=profile)

    # ---- authoring -----------------------------------------------------------
    def check_scenario_text(
        self, text: str, name: str, routed: Callable[[str, int, int | None, Route], None] | None = None
    ) -> tuple[LoadedFile, Document | None]:
        """A scenario being edited, checked as `validate` checks a file (example answers run too; `routed` is
        told where each one went: see RuleContext)."""
        from .core.library import check_text, rule_context

        return check_text(text, name, replace(rule_context(self.scorer(), run_examples=True), routed=routed))

    def scenario_file(self, scenario_id: str) -> LoadedFile | None:
        """The library's loaded file with this id (a good one), or None."""
        return next(
            (f for f in self.load_library().files if f.ok and f.scenario and f.scenario.id == scenario_id), None
        )

    def scenario_graph(self, loaded: LoadedFile) -> Graph:
        """The turn graph of a loaded scenario file, with each turn's line in it."""
        from .core.graph import build_graph
        from .core.yamlsource import load_file

        assert loaded.scenario is not None  # only a good file has a graph
        return build_graph(loaded.scenario, load_file(loaded.path))

    def try_answer(
        self,
        scenario: Scenario,
        turn_id: str,
        answer: str,
        *,
        goodwill: int | None = None,
        profile: Profile | None = None,
    ) -> Tried:
        from .core.trying import try_answer

        return try_answer(scenario, turn_id, answer, self.scorer(), goodwill=goodwill, profile=profile)

    @property
    def schema_reference(self) -> str:
        """The scenario schema as an absolute path, for the modeline of a file in the user's scenarios folder."""
        return (self.places.resources / "schema" / "scenario.schema.json").resolve().as_posix()

    def new_scenario(self, scenario_id: str, *, moment: str | None = None, copy_of: str | None = None) -> Path:
        """A new scenario file in the user's scenarios folder: a curriculum moment's skeleton (number or key; the
        first moment by default) or a copy of a scenario in the library. Raises ValueError (a bad or taken id,
        an unknown moment or scenario) or OSError."""
        from .core import skeleton
        from .core.packs import write_text_atomically
        from .core.yamlsource import read_limited

        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,79}", scenario_id):
            raise ValueError(f'"{scenario_id}" can\'t be an id: use lowercase letters, digits, "-" and "_"')
        library = self.load_library()
        if library.get(scenario_id) is not None:
            raise ValueError(f'the library already has a scenario "{scenario_id}"')
        target = self.places.user_scenarios / f"{scenario_id}.yaml"
        if target.exists():
            raise ValueError(f"{target} already exists")
        if copy_of is not None:
            source = next((f for f in library.files if f.ok and f.scenario and f.scenario.id == copy_of), None)
            if source is None:
                raise ValueError(f'no scenario "{copy_of}" to copy (see "counteroffer validate" for broken files)')
            text = skeleton.copy_of(read_limited(source.path).decode("utf-8-sig"), scenario_id, self.schema_reference)
        else:
            try:
                text = skeleton.skeleton(scenario_id, skeleton.moment(moment or "1"), self.schema_reference)
            except KeyError as error:
                raise ValueError(error.args[0]) from None
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomically(target, text)
        return target

    def export_pack(self, scenario_ids: Iterable[str], target: Path, manifest: Manifest) -> Manifest:
        """The library's scenarios with these ids as a pack (.zip). Raises ValueError for an unknown id,
        PackError for a scenario with errors, OSError."""
        from .core.library import rule_context
        from .core.packs import export_pack

        files = {f.scenario.id: Path(f.path) for f in self.load_library().files if f.ok and f.scenario}
        scenario_ids = list(scenario_ids)
        unknown = [i for i in scenario_ids if i not in files]
        if unknown:
            raise ValueError(f"no scenario {', '.join(unknown)} in the library")
        return export_pack([files[i] for i in scenario_ids], target, manifest, rule_context(self.scorer()))

    def import_pack(self, path: Path, policy: Policy, *, dry_run: bool = False) -> ImportPlan:
        """Check a pack and, when it has no errors (and not dry_run), copy its scenarios into the user's folder,
        ids already in the library kept, replaced or renamed by `policy`. Raises PackError, OSError."""
        from .core.library import rule_context
        from .core.packs import apply_import, plan_import, read_pack

        pack = read_pack(path)
        library = self.load_library()
        ids = {f.scenario.id: (None if f.builtin else Path(f.path)) for f in library.files if f.scenario}
        folder = self.places.user_scenarios
        plan = plan_import(pack, folder, ids, policy, rule_context(self.scorer(), run_examples=True))
        if plan.ok and not dry_run:
            apply_import(plan, folder)
        return plan

    # ---- the Flower profile -------------------------------------------------
    def load_profile(self) -> Profile | None:
        from .core.profile import load_profile

        path = self.places.profile_file
        return load_profile(path) if path.exists() else None

    def save_profile(self, profile: Profile) -> None:
        from .core.profile import save_profile

        save_profile(profile, self.places.profile_file)

    # ---- rehearsing -----------------------------------------------------------
    def open_history(self) -> Store:
        from .storage.store import Store

        return Store(self.places.history_file)

    def history_backups(self) -> list[Path]:
        """The automatic daily backups of the history, newest first."""
        from .storage.connection import backups

        return backups(self.places.history_file)

    def restore_history(self, store: Store | None, backup: Path) -> tuple[Store, Path]:
        """Put a backup in place of the history (closing `store` first; the current file is kept beside it as
        history.db.before-restore-<stamp>). Returns the reopened history and where the current file went.
        Raises sqlite3.DatabaseError (a damaged backup) or OSError."""
        from .storage.connection import restore_backup
        from .storage.store import Store

        if store is not None:
            store.close()
        aside = restore_backup(self.places.history_file, backup)
        return Store(self.places.history_file), aside

    def start_rehearsal(
        self,
        scenario: Scenario,
        profile: Profile | None,
        store: Store,
        clock: Callable[[], float] = time.monotonic,
        players: dict[str, Any] | None = None,
    ) -> Session:
        """A new rehearsal whose every answer is committed to the history as it is scored. Call `start()`.
        `players`: a pair role-play round's (core/pair.PairPlan.players)."""
        from .core.session import Session
        from .storage.recorder import HistoryRecorder

        session = Session(scenario, self.scorer(), profile, clock)
        self._recorders[session] = HistoryRecorder(store, session, players=players)
        return session

    def attempt_of(self, session: Session) -> str | None:
        """The history's id for a rehearsal this Practice started (None until its first answer is recorded)."""
        recorder = self._recorders.get(session)
        return recorder.attempt_id if recorder is not None else None

    def resume_rehearsal(
        self, scenario: Scenario, profile: Profile | None, store: Store, attempt_id: str
    ) -> tuple[Session, int]:
        """An interrupted rehearsal, started and with its stored answers replayed (same scoring, same
        branches); later answers are added to the same attempt. Returns the session and how many were replayed."""
        from .core.session import Session
        from .storage.recorder import HistoryRecorder
        from .storage.resume import replay

        session = Session(scenario, self.scorer(), profile)
        session.start()
        replayed = replay(store, attempt_id, session)
        self._recorders[session] = HistoryRecorder(store, session, attempt_id)
        return session, replayed

    # ---- recordings of spoken answers ----------------------------------------
    @property
    def recordings_dir(self) -> Path:
        """Where kept recordings live: a `recordings` folder beside the history database."""
        return self.places.history_file.parent / RECORDINGS

    def keep_recording(self, samples: Any, attempt_id: str, turn_index: int, try_number: int) -> Path | None:
        """Save a spoken answer's audio (float32 mono 16 kHz, as app.listening records it), compressed, as
        recordings/<attempt>/moment-<n>-try-<k>.<ext>; None when the student chose not to keep recordings.
        Raises OSError when it can't be written."""
        if not self.keep_audio:
            return None
        from .listening import save_recording  # numpy and the audio code load only when a recording is kept

        folder = self.recordings_dir / _safe_name(attempt_id)
        folder.mkdir(parents=True, exist_ok=True)
        return Path(save_recording(samples, folder / f"moment-{turn_index + 1}-try-{try_number}"))

    def keep_answer_recording(self, store: Store, session: Session, record: TurnRecord, samples: Any) -> Path | None:
        """After `session.submit(...)` recorded a spoken answer: keep its recording (when keep_audio is on), note
        the file in the history and on the record. None when not kept, or when the answer isn't in the history
        (a session this Practice didn't start)."""
        recorder = self._recorders.get(session)
        answer_id = recorder.answer_id(record) if recorder is not None else None
        if recorder is None or answer_id is None or recorder.attempt_id is None or not self.keep_audio:
            return None
        path = self.keep_recording(samples, recorder.attempt_id, record.index, recorder.try_number(record))
        if path is not None:
            store.set_audio(answer_id, path)
            record.audio = str(path)
        return path

    def delete_recordings(self, store: Store) -> int:
        """Delete every kept recording (the answers, transcripts and delivery figures stay); how many files went."""
        return store.delete_recordings()

    def review_rehearsal(self, store: Store, attempt_id: str, library: Library | None) -> StoredRehearsal:
        """A rehearsal from the history as it was scored then, for the debrief."""
        from .storage.resume import stored_rehearsal

        attempt = store.attempt(attempt_id)
        scenario = library.get(attempt.scenario_id) if library is not None and attempt is not None else None
        return stored_rehearsal(store, attempt_id, scenario)

    # ---- exports and imports ------------------------------------------------
    def report_html(self, store: Store, scope: Scope) -> str:
        """Every try of every moment, and the progress charts (a one-rehearsal report charts all rehearsals)."""
        from .reports.html import attempt_html, range_html
        from .storage.exchange import selected
        from .storage.store import LATENCY

        rehearsals = [
            (a, store.answers(a.id, include_superseded=True))
            for a in selected(store, scope.since, scope.until, scope.attempt_id)
        ]
        if scope.attempt_id is not None:
            if not rehearsals:
                raise LookupError(f"there is no rehearsal {scope.attempt_id} in this history")
            attempt, answers = rehearsals[0]
            return attempt_html(attempt, answers, {key: store.progress(key) for key in (*attempt.scores, LATENCY)})
        return range_html(rehearsals)

    def write_report(self, store: Store, path: Path, scope: Scope) -> Path:
        """An HTML report, or a PDF of it when the file name ends in .pdf."""
        html = self.report_html(store, scope)
        if path.suffix.lower() == ".pdf":
            from .reports.pdf import write_pdf

            write_pdf(html, path)
        else:
            path.write_text(html, encoding="utf-8")
        return path

    def answers_csv(self, store: Store, scope: Scope) -> str:
        from .storage.exchange import export_csv

        return export_csv(store, self.dimensions(), scope.since, scope.until, scope.attempt_id)

    def answers_json(self, store: Store, scope: Scope) -> str:
        from .storage.exchange import export_json

        return (
            json.dumps(export_json(store, scope.since, scope.until, scope.attempt_id), indent=2, ensure_ascii=False)
            + "\n"
        )

    def write_answers(self, store: Store, path: Path, scope: Scope) -> Path:
        """The answers as JSON (lossless, importable) when the file name ends in .json, else CSV (one row each)."""
        if path.suffix.lower() == ".json":
            path.write_text(self.answers_json(store, scope), encoding="utf-8")
        else:
            path.write_text(self.answers_csv(store, scope), encoding="utf-8", newline="")
        return path

    def import_history(self, store: Store, path: Path) -> tuple[int, int]:
        """Merge another machine's JSON export; returns how many attempts and answers were new.
        Raises OSError / UnicodeDecodeError (can't read), ValueError (not JSON) or ImportProblem."""
        from .storage.exchange import import_json

        return import_json(store, json.loads(path.read_text(encoding="utf-8")))


def _safe_name(text: str) -> str:
    """An attempt id as a folder name: letters, digits, '-' and '_' only."""
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in text) or "attempt"
