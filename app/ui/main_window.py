"""The main window: pages in a stack, the Flower panel, menus with shortcuts, layout remembered.

Only the library is built before the window shows; the rehearsal and debrief
pages, the Flower panel, speech and the scoring engine are built when first
needed, so the window appears about as fast as an empty one. The menu bar is
built by menus.py, the Help menu's actions live in help.py, and the practice
history's opening, import and restore in history_actions.py.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, QTimer
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QStackedWidget, QWidget

from ..paths import Places
from ..practice import Practice
from . import theme, workers
from .help import HelpActions
from .history_actions import HistoryActions
from .menus import build_menus

if TYPE_CHECKING:
    from ..core.library import Library
    from ..core.profile import Profile
    from ..core.scenario import Scenario
    from ..core.session import Debriefable, Session, TurnRecord
    from ..storage.store import AttemptRow, Store
    from .dialogs.settings_dialog import Preferences
    from .flower_panel import FlowerPanel
    from .listening import Listening
    from .pages.debrief_page import DebriefPage
    from .pages.history_page import HistoryPage
    from .pages.library_page import LibraryPage
    from .pages.pair_page import CandidateWindow, PairPage
    from .pages.rehearsal_page import RehearsalPage
    from .speech import SpeechService
    from .studio.actions import StudioActions

log = logging.getLogger(__name__)
LIBRARY_DELAY_MS = 10  # the library page is built just after the window's first paint
STARTUP_DELAY_MS = 150  # background start-up work begins once the window is on screen
BUILD_STEP_GAP_MS = 30  # room for painting and input between the pieces built while idle


def settings(places: Places | None = None) -> QSettings:
    """Preferences and window layout, in the user's data folder."""
    return QSettings(str((places or Places.default()).settings_file), QSettings.Format.IniFormat)


class MainWindow(QMainWindow):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        first_run_guide: bool = False,
        speech: SpeechService | None = None,
        listening: Listening | None = None,
        offer_resume: bool = False,
        practice: Practice | None = None,
    ):
        super().__init__(parent)
        self.practice = practice or Practice()
        self.practice.scenario_sources = [Path(folder) for folder in self.preferences().sources]  # before the library
        self.setWindowTitle("Counteroffer")
        room = self.screen().availableGeometry()  # never larger than a 13" laptop's usable screen
        self.resize(min(1100, room.width()), min(720, room.height()))
        self.profile: Profile | None = None
        self._speech = speech
        self._listening = listening
        self._rehearsal_page: RehearsalPage | None = None
        self._debrief_page: DebriefPage | None = None
        self._flower: FlowerPanel | None = None
        self._history_page: HistoryPage | None = None
        self._pair_page: PairPage | None = None
        self._candidate_window: CandidateWindow | None = None
        self._pair_names: tuple[str, str] = ("", "")  # remembered for the session
        self._preload_job: workers.Job | None = None
        self._started = False
        self._closing = False
        self._offer_resume = offer_resume
        self._first_run_guide = first_run_guide
        self._library_page: LibraryPage | None = None
        self._studio: StudioActions | None = None  # the authoring studio (File → New scenario…), on first use
        self.help = HelpActions(self, self.practice.places.user_data)
        self.history = HistoryActions(
            self,
            self.practice,
            status=lambda text: self.statusBar().showMessage(text),
            stop_rehearsal=self._stop_rehearsal,
            history_page=lambda: self._history_page,
            unfinished=self._found_unfinished,
        )
        self.pages = QStackedWidget()
        self.pages.currentChanged.connect(lambda _index: self.statusBar().clearMessage())  # old news on a new page
        self.setCentralWidget(self.pages)
        self.menus = build_menus(self)
        self._restore_layout()

    # ---- parts built on first use ------------------------------------------
    @property
    def library_page(self) -> LibraryPage:
        """Built right after the window first shows (or earlier, when asked for)."""
        if self._library_page is None:
            from .pages.library_page import LibraryPage

            self._library_page = LibraryPage(self.practice)
            self._library_page.status.connect(self.statusBar().showMessage)
            self._library_page.rehearse.connect(self.start_rehearsal)
            self._library_page.pair.connect(self.practise_with_partner)
            self.pages.insertWidget(0, self._library_page)
            self.pages.setCurrentWidget(self._library_page)
        return self._library_page

    @property
    def speech(self) -> SpeechService:
        if self._speech is None:
            from .speech import SpeechService

            self._speech = SpeechService(self.practice.places.cache / "speech")
            self._apply_preferences()
        return self._speech

    @property
    def listening(self) -> Listening:
        """Answering out loud: the microphone and the offline speech model (loaded in the background)."""
        if self._listening is None:
            from .listening import Listening

            self._listening = Listening(parent=self)
        return self._listening

    def _keep_recording(self, session: Session, record: TurnRecord, samples: Any) -> None:
        """On the scoring worker, after a spoken answer was recorded in the history: keep its audio too."""
        try:
            self.practice.keep_answer_recording(self.store, session, record, samples)
        except OSError as error:
            log.warning("a recording could not be kept: %s", error)

    @property
    def rehearsal_page(self) -> RehearsalPage:
        if self._rehearsal_page is None:
            from .pages.rehearsal_page import RehearsalPage

            self._rehearsal_page = RehearsalPage(self.speech, self.listening)
            self._rehearsal_page.keep_recording = self._keep_recording
            self._rehearsal_page.status.connect(self.statusBar().showMessage)
            self._rehearsal_page.finished.connect(self._show_debrief)
            self.pages.addWidget(self._rehearsal_page)
            self._apply_preferences()
        return self._rehearsal_page

    @property
    def pair_page(self) -> PairPage:
        """Practising with a partner (built on first use)."""
        if self._pair_page is None:
            from .pages.pair_page import PairPage

            self._pair_page = PairPage(self.practice, lambda: self.store, self.listening)
            self._pair_page.status.connect(self.statusBar().showMessage)
            self._pair_page.finished.connect(self.show_library)
            self.pages.addWidget(self._pair_page)
            if self._candidate_window is not None:
                self._pair_page.mirror.connect(self._candidate_window.show_state)
        return self._pair_page

    def practise_with_partner(self) -> None:
        """Names, roles, scenario and a fist-to-five, then the recruiter's script on this screen."""
        from .dialogs.pair_setup import PairSetupDialog

        library = self.library_page.library
        scenarios = list(library.scenarios) if library is not None else []
        if not scenarios:
            self.statusBar().showMessage("The scenarios are still loading: try again in a moment.")
            return
        self._after_preload()
        page = self.pair_page  # built while the students fill in the dialog, not when the round starts
        page.ensurePolished()
        dialog = PairSetupDialog(scenarios, self.library_page.selected(), self._pair_names, self)
        if not dialog.exec():
            return
        setup = dialog.setup()
        self._pair_names = setup.plan.names
        self._stop_rehearsal()
        if self._flower is not None:
            self._flower.hide()  # one student's private numbers are not for their partner's eyes
        self.pages.setCurrentWidget(self.pair_page)
        self.pair_page.begin(setup.plan, setup.scenario, scenarios)

    def toggle_candidate_window(self) -> None:
        """View → Candidate window: the line, the clock and feedback, for a second screen."""
        if self._candidate_window is None:
            from .pages.pair_page import CandidateWindow

            self._candidate_window = CandidateWindow(self)
            if self._pair_page is not None:
                self._pair_page.mirror.connect(self._candidate_window.show_state)
        window = self._candidate_window
        window.setVisible(not window.isVisible())

    @property
    def debrief_page(self) -> DebriefPage:
        if self._debrief_page is None:
            from .pages.debrief_page import DebriefPage

            self._debrief_page = DebriefPage()
            self._debrief_page.retry.connect(self._retry)
            self._debrief_page.restart.connect(self._restart)
            self._debrief_page.library.connect(self.show_library)
            self.pages.addWidget(self._debrief_page)
        return self._debrief_page

    @property
    def history_page(self) -> HistoryPage:
        if self._history_page is None:
            self._after_preload()
            from .pages.history_page import HistoryPage

            self._history_page = HistoryPage(self.practice, self.practice.dimensions())
            self._history_page.status.connect(self.statusBar().showMessage)
            self._history_page.open_attempt.connect(self.review_stored)
            self.pages.addWidget(self._history_page)
            self._history_page.set_store(self.store)
        return self._history_page

    def show_history(self) -> None:
        self._stop_rehearsal()
        self.pages.setCurrentWidget(self.history_page)
        self.history_page.refresh()

    def _stop_rehearsal(self) -> None:
        if self._rehearsal_page is not None:
            self._rehearsal_page.stop_quietly()

    @property
    def flower(self) -> FlowerPanel:
        if self._flower is None:
            from .flower_panel import FlowerPanel

            self._flower = FlowerPanel(self)
            self._flower.changed.connect(self._profile_changed)
            self._flower.visibilityChanged.connect(self.menus.flower.setChecked)
            from PySide6.QtCore import Qt  # creating Qt's enums costs ~17 ms: not before the first paint

            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self._flower)
            self.restoreDockWidget(self._flower)  # shown unless the student hid it last time
            if self.profile is not None:
                self._flower.set_profile(self.profile)
        return self._flower

    def toggle_flower(self) -> None:
        self.flower.setVisible(not self.flower.isVisible())

    @property
    def studio(self) -> StudioActions:
        """The authoring studio's actions (app/ui/studio), made on first use; whatever it writes reloads the
        library."""
        if self._studio is None:
            from .studio.actions import StudioActions

            self._studio = StudioActions(self)
            self._studio.saved.connect(lambda _path: self.library_page.reload())
        return self._studio

    # ---- start-up ---------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._started:
            self._started = True
            QTimer.singleShot(LIBRARY_DELAY_MS, self, lambda: self.library_page)
            QTimer.singleShot(STARTUP_DELAY_MS, self, self._start_background_work)

    def _start_background_work(self) -> None:
        practice = self.practice
        workers.start(practice.load_profile, self._profile_loaded, self._profile_failed)
        self.history.open_in_background()
        if self.library_page.library is None:
            self.library_page.loaded.connect(self._preload_after_library)
            self.library_page.reload()
        else:
            self._preload_after_library()

    def _preload_after_library(self, _library: Library | None = None) -> None:
        """One thing at a time: the list first, then what a rehearsal needs."""
        self.library_page.loaded.disconnect(self._preload_after_library) if _library is not None else None
        practice = self.practice
        self._preload_job = workers.start(lambda: _preload(practice), self._build_rest, lambda _error: None)

    def _after_preload(self) -> None:
        """Asked for a rehearsal or the history before the preload is done: wait for it rather than import the
        same modules on two threads at once (pydantic's lazy imports are not safe for that)."""
        job = self._preload_job
        if job is not None and not job.done:
            with contextlib.suppress(Exception):  # the modules are imported here instead
                job.wait()
            QTimer.singleShot(0, self, self._build_rest)

    def _build_rest(
        self, _result: object = None, steps: tuple[str, ...] = ("speech", "rehearsal_page", "debrief_page", "flower")
    ) -> None:
        """Build the remaining parts one per event-loop turn, so no single step holds up the window."""
        if self._closing:
            return
        if not steps:
            self.listening.load()  # last: the speech model loads on its own worker once the rest is built
            return
        getattr(self, steps[0])
        QTimer.singleShot(BUILD_STEP_GAP_MS, self, lambda: self._build_rest(None, steps[1:]))

    # ---- history ----------------------------------------------------------
    @property
    def store(self) -> Store:
        """The practice history (see HistoryActions.store)."""
        return self.history.store

    def _found_unfinished(self, attempt: AttemptRow) -> None:
        if self._offer_resume:
            QTimer.singleShot(0, self, lambda: self._offer_unfinished(attempt))

    def _offer_unfinished(self, attempt: AttemptRow) -> None:
        if self.library_page.library is None:  # resuming needs the scenario: ask once the library is there
            from PySide6.QtCore import Qt

            self.library_page.loaded.connect(
                lambda _library: self._offer_unfinished(attempt), Qt.ConnectionType.SingleShotConnection
            )
            return
        from .dialogs.resume_offer import ask_about_unfinished

        choice = ask_about_unfinished(self, attempt)
        if choice == "resume":
            self.resume_attempt(attempt.id, attempt.scenario_id)
        elif choice == "review":
            self.review_stored(attempt.id)

    def _scenario(self, scenario_id: str) -> Scenario | None:
        library = self.library_page.library
        return library.get(scenario_id) if library is not None else None

    def resume_attempt(self, attempt_id: str, scenario_id: str) -> None:
        """Replay an interrupted rehearsal's answers (scored the same way) and carry on from there."""
        self._after_preload()
        scenario = self._scenario(scenario_id)
        if scenario is None:
            self.statusBar().showMessage("That scenario is no longer in the library, so it can only be reviewed.")
            return
        practice, store, profile = self.practice, self.store, self.profile
        workers.start(
            lambda: practice.resume_rehearsal(scenario, profile, store, attempt_id)[0],
            self._show_resumed,
            self.history.failed,
            lane="interactive",
        )

    def _show_resumed(self, session: Session) -> None:
        self.pages.setCurrentWidget(self.rehearsal_page)
        self.flower.show()
        self.rehearsal_page.resume(session)

    def review_stored(self, attempt_id: str) -> None:
        """Open a rehearsal from the history in the debrief (read on a worker thread)."""
        practice, store, library = self.practice, self.store, self.library_page.library
        workers.start(
            lambda: practice.review_rehearsal(store, attempt_id, library),
            self._show_stored,
            self.history.failed,
            lane="interactive",
        )

    def _show_stored(self, rehearsal: Debriefable) -> None:
        self.debrief_page.show_session(rehearsal, live=False)
        self.pages.setCurrentWidget(self.debrief_page)

    # ---- pages ------------------------------------------------------------
    def show_library(self) -> None:
        self._stop_rehearsal()
        self.pages.setCurrentWidget(self.library_page)
        self.library_page.table.setFocus()

    def start_rehearsal(self, scenario: Scenario) -> None:
        self._after_preload()
        if self._flower is not None:
            self._flower.flush()
        session = self.practice.start_rehearsal(scenario, self.profile, self.store)
        self.pages.setCurrentWidget(self.rehearsal_page)
        self.flower.set_scenario_currency(scenario.currency)
        self.flower.show()
        self.rehearsal_page.start(session)

    def _show_debrief(self, session: Session) -> None:
        self.debrief_page.show_session(session)
        self.pages.setCurrentWidget(self.debrief_page)

    def _retry(self, index: int) -> None:
        self.pages.setCurrentWidget(self.rehearsal_page)
        self.rehearsal_page.retry_from(index)

    def _restart(self) -> None:
        if self._rehearsal_page is not None and self._rehearsal_page.session is not None:
            self.start_rehearsal(self._rehearsal_page.session.scenario)

    # ---- profile ----------------------------------------------------------
    def _profile_loaded(self, profile: Profile | None) -> None:
        if profile is None:
            if self._first_run_guide:
                QTimer.singleShot(0, self, self._run_first_guide)
            return
        self.profile = profile
        if self._flower is not None:
            self._flower.set_profile(profile)

    def _profile_failed(self, error: Exception) -> None:
        self.statusBar().showMessage(f"Your saved Flower profile could not be read; it was left untouched. {error}")

    def _run_first_guide(self) -> None:
        from .dialogs.first_run import FirstRunGuide

        guide = FirstRunGuide(self)
        if guide.exec():
            profile = guide.profile()
            self.flower.set_profile(profile)
            self._profile_changed(profile)
            self.flower.show()

    def _profile_changed(self, profile: Profile) -> None:
        self.profile = profile
        if self._rehearsal_page is not None and self._rehearsal_page.session is not None:
            self._rehearsal_page.session.set_profile(profile)
        practice = self.practice
        workers.start(lambda: practice.save_profile(profile), lambda _result: None, self._profile_not_saved)

    def _profile_not_saved(self, error: Exception) -> None:
        self.statusBar().showMessage(f"Couldn't save your Flower profile: {error}")

    # ---- preferences ------------------------------------------------------
    def preferences(self) -> Preferences:
        from .dialogs.settings_dialog import Preferences

        return Preferences.load(settings(self.practice.places))

    def edit_preferences(self) -> None:
        from .dialogs.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.preferences(), self.speech.voices(), self)
        if dialog.exec():
            chosen = dialog.preferences()
            chosen.save(settings(self.practice.places))
            self._apply_preferences()
            if chosen.appearance != theme.current_appearance():
                self.apply_appearance(chosen.appearance)

    def apply_appearance(self, appearance: str) -> None:
        """Light, dark or the computer's choice, from now on (no restart)."""
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, appearance)

    def _apply_preferences(self) -> None:
        prefs = self.preferences()
        if self._speech is not None:
            self._speech.set_rate(prefs.rate)
            self._speech.set_voice(prefs.voice or None)
            self._speech.set_muted(prefs.muted)
        if self._rehearsal_page is not None:
            self._rehearsal_page.muted = prefs.muted
            self._rehearsal_page.words_per_minute = prefs.rate
            self._rehearsal_page.feedback_mode = prefs.feedback
            self._rehearsal_page.hands_free = prefs.hands_free
        self.practice.keep_audio = prefs.keep_audio
        sources = [Path(folder) for folder in prefs.sources]
        if sources != self.practice.scenario_sources:
            self.practice.scenario_sources = sources
            if self._library_page is not None and self._library_page.library is not None:
                self._library_page.reload()

    def open_scenarios_folder(self) -> None:
        from .dialogs.folder_dialog import open_when_made

        open_when_made(self.practice.places.user_scenarios, self, self.statusBar().showMessage)

    def _close_editors(self) -> bool:
        """Ask each studio or rubric window with unsaved edits to close (it offers to save); False when one stays
        open (the student cancelled, or it is saving and closes itself once saved)."""
        unsaved = [w for w in self.findChildren(QMainWindow) if w.isVisible() and w.isWindowModified()]
        for window in unsaved:
            window.close()
        if any(window.isVisible() for window in unsaved):
            self.statusBar().showMessage("A studio window still has your edits open: close it, then the app.")
            return False
        return True

    # ---- layout -----------------------------------------------------------
    def _restore_layout(self) -> None:
        store = settings(self.practice.places)
        geometry, state = store.value("window/geometry"), store.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._close_editors():
            event.ignore()
            return
        self._closing = True
        if self._flower is not None:
            self._flower.flush()
        store = settings(self.practice.places)
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())
        store.sync()
        if self._rehearsal_page is not None:
            self._rehearsal_page.stop_quietly()
        if self._pair_page is not None:
            self._pair_page.stop_quietly()
        if self._speech is not None:
            self._speech.shutdown()
        if self._listening is not None:
            self._listening.shutdown()
        self.history.close()
        super().closeEvent(event)


def _preload(practice: Practice) -> None:
    from .preload import preload

    preload(practice)
