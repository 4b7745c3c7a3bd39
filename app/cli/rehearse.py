"""`counteroffer rehearse`: the same rehearsal engine in a terminal, for screen readers and scripts."""

from __future__ import annotations

import argparse
import io
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..core.delivery import Delivery
from ..core.profile import Profile
from ..core.scenario import Scenario
from ..core.scoring import AnswerTooLong
from ..core.session import Session
from ..practice import Practice
from ..reports.text import debrief_text, printable, text_report
from ..reports.wording import plural, short_time
from ..storage.store import Store
from .common import open_history, profile_option
from .errors import FOUND_PROBLEMS, CliError

if TYPE_CHECKING:
    from ..voice.engine import Synthesiser

SKIP = "skip"  # an answer with nothing in it: the same line again


@dataclass(frozen=True)
class Answer:
    text: str
    delivery: Delivery | None = None  # spoken answers (--answers-from)
    samples: Any = None  # the recording, for --keep-audio


class TerminalVoice:
    """Speaks lines with pyttsx3 (to a WAV) and a command-line player; says once why it can't."""

    def __init__(self, err: TextIO):
        self.err = err
        self.synthesiser: Synthesiser | None = None
        self.player = shutil.which("aplay") or shutil.which("paplay") or shutil.which("afplay")
        try:
            from ..voice.engine import Synthesiser

            self.synthesiser = Synthesiser(Path(tempfile.gettempdir()) / "counteroffer-speech")
        except Exception as exc:  # no pyttsx3 or no espeak: text only
            self._notice(f"speech is off ({exc}); showing text only")
        if self.player is None and self.synthesiser is not None:
            self._notice("no audio player found (aplay, paplay or afplay); showing text only")
            self.synthesiser = None

    def _notice(self, message: str) -> None:
        print(f"[{message}]", file=self.err)

    def say(self, text: str, language: str, gender: str, rate: int | None) -> None:
        if self.synthesiser is None or self.player is None:
            return
        from ..voice.engine import SpeechRequest, SpeechUnavailable, pick_voice

        try:
            voice = pick_voice(self.synthesiser.voices(), language, gender)
            wav = self.synthesiser.synthesise(SpeechRequest(text, voice, rate or 175))
            subprocess.run(
                [self.player, str(wav)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120, check=False
            )
        except (SpeechUnavailable, OSError, RuntimeError, subprocess.SubprocessError) as exc:
            self._notice(f"speech stopped ({exc}); showing text only")
            self.synthesiser = None


def run(args: argparse.Namespace) -> int:
    profile = profile_option(args)
    practice = Practice()
    library = practice.load_library()
    scenario = library.get(args.scenario)
    if scenario is None:
        known = ", ".join(sorted(s.id for s in library.scenarios))
        raise CliError(f'no scenario "{args.scenario}". Scenarios: {known}')
    spoken = getattr(args, "answers_from", None)
    if getattr(args, "keep_audio", False) and not spoken:
        raise CliError("--keep-audio needs --answers-from DIR")
    files = _spoken_files(Path(spoken)) if spoken else []
    practice.keep_audio = bool(getattr(args, "keep_audio", False))
    store = open_history(practice)
    out, err = sys.stdout, sys.stderr
    jsonl = args.format == "jsonl"
    if not jsonl:
        print(
            f"{scenario.title} — {scenario.recruiter.name}, {scenario.recruiter.title} at {scenario.company}", file=out
        )
        how = (
            f"Answering out loud from {plural(len(files), 'recording')} in {printable(str(spoken))}, in order of "
            "their names.\n"
            if spoken
            else "Type each answer on one line and press Enter. End of input (Ctrl+D) stops.\n"
        )
        print(how, file=out)
    session = _resume_or_start(args, practice, scenario, profile, store)
    voice = None if args.no_voice else TerminalVoice(err)
    if spoken:
        remaining = iter(files)
        _converse(session, voice, jsonl, lambda: _next_recording(remaining), out, practice, store)
        left = list(remaining)
        if left:
            names = ", ".join(printable(p.name) for p in left[:5]) + (", …" if len(left) > 5 else "")
            print(f"[The conversation ended before {plural(len(left), 'recording')} were used: {names}]", file=err)
    else:
        answers = _answers_in(sys.stdin)
        try:
            _converse(session, voice, jsonl, lambda: _next_typed(answers), out)
        finally:
            if answers is not sys.stdin and isinstance(answers, io.TextIOWrapper):
                answers.detach()  # leave the process's stdin open
    summary = session.summary()
    if jsonl:
        print(json.dumps({"type": "summary", **summary.to_json()}, ensure_ascii=False, allow_nan=False), file=out)
        return _unsaved_status(store)
    if session.ending:
        print(f"{printable(scenario.recruiter.name)}: {printable(session.ending.closing_line)}", file=out)
        if voice:
            hints = scenario.recruiter.voice
            voice.say(session.ending.closing_line, hints.language, hints.gender, hints.rate)
    print(debrief_text(summary), file=out)
    return _unsaved_status(store)


def _answers_in(stdin: TextIO) -> TextIO:
    """Standard input read so that any bytes become an answer: what isn't valid text becomes U+FFFD."""
    buffer = getattr(stdin, "buffer", None)
    if buffer is None:
        return stdin
    return io.TextIOWrapper(buffer, encoding=stdin.encoding or "utf-8", errors="replace")


def _clean_answer(text: str) -> str:
    """Lone surrogates (from a surrogateescape stream) can't be stored: U+FFFD instead."""
    return text.encode("utf-8", "replace").decode("utf-8") if not text.isascii() else text


def _unsaved_status(store: Store) -> int:
    """0 when every answer reached the history; otherwise say how many didn't, and fail."""
    if store.flush() and store.unsaved_answers == 0:
        return 0
    answers = store.unsaved_answers
    where = (
        f" They are kept in {store.pending_file.name} and saved the next time Counteroffer opens your history."
        if store.pending_file is not None and store.on_disk and not store.read_only
        else ""
    )
    raise CliError(
        f"{plural(answers, 'answer')} of this rehearsal could not be saved to your history.{where}",
        FOUND_PROBLEMS,
    )


def _spoken_files(folder: Path) -> list[Path]:
    """The recordings to answer with, checked (and the speech model with them) before the rehearsal starts, so a
    missing model doesn't leave an empty rehearsal behind."""
    from .spoken import answer_files

    files = answer_files(folder)
    try:
        from ..listening import SpeechModelUnavailable, load_recogniser
    except ImportError as error:
        raise CliError(f"answering out loud isn't available on this computer ({error.name or error})") from None
    try:
        load_recogniser()
    except SpeechModelUnavailable as error:
        raise CliError(str(error)) from None
    return files


def _next_typed(stdin: TextIO) -> Answer | str | None:
    """The next typed line: an Answer, SKIP for an empty line, None at the end of the input."""
    answer = stdin.readline()
    if not answer:
        return None
    answer = _clean_answer(answer.rstrip("\r\n"))
    return Answer(answer) if answer.strip() else SKIP


def _next_recording(files: Iterator[Path]) -> Answer | str | None:
    """The next recording, transcribed and measured: an Answer, SKIP when nothing was heard in it, None when there
    are no more."""
    from .spoken import hear

    path = next(files, None)
    if path is None:
        return None
    heard = hear(path)
    if not heard.transcript.text.strip():
        print(f"[Nothing was heard in {printable(path.name)}; trying the next recording.]", file=sys.stderr)
        return SKIP
    return Answer(heard.transcript.text, heard.delivery, heard.samples)


def _converse(
    session: Session,
    voice: TerminalVoice | None,
    jsonl: bool,
    next_answer: Callable[[], Answer | str | None],
    out: TextIO,
    practice: Practice | None = None,
    store: Store | None = None,
) -> None:
    """Line, answer, score, until the scenario ends or the answers do."""
    hints = session.scenario.recruiter.voice
    while session.current is not None:
        line = session.current
        if not jsonl:
            print(f"{printable(session.recruiter_name)}: {printable(line.text)}", file=out, flush=True)
        if voice:
            voice.say(line.text, hints.language, hints.gender, hints.rate)
        session.line_finished()
        got = next_answer()
        if got is None:
            return
        if not isinstance(got, Answer):
            continue
        answer = got.text
        if got.delivery is None:
            session.keystroke()
        try:
            record = session.submit(answer, delivery=got.delivery)
        except AnswerTooLong as error:  # the same line again: nothing was scored or saved
            if jsonl:
                print(json.dumps({"type": "error", "message": str(error)}), file=out, flush=True)
            print(f"[{error}]", file=sys.stderr)
            continue
        if got.samples is not None and practice is not None and store is not None and practice.keep_audio:
            try:
                practice.keep_answer_recording(store, session, record, got.samples)
            except OSError as error:
                print(f"[The recording couldn't be kept: {error.strerror or error}]", file=sys.stderr)
        if jsonl:
            print(
                json.dumps({"type": "turn", **record.to_json()}, ensure_ascii=False, allow_nan=False),
                file=out,
                flush=True,
            )
        else:
            print("\n" + text_report(answer, record.score, colour=False, delivery=record.delivery), file=out)
            if record.coaching:
                print(f"\nCoach: {printable(record.coaching)}\n", file=out)


def _resume_or_start(
    args: argparse.Namespace, practice: Practice, scenario: Scenario, profile: Profile | None, store: Store
) -> Session:
    """With --resume, the last unfinished rehearsal of this scenario replayed; otherwise a new one."""
    unfinished = [a for a in store.unfinished() if a.scenario_id == scenario.id]
    if unfinished and args.resume:
        session, replayed = practice.resume_rehearsal(scenario, profile, store, unfinished[0].id)
        print(
            f"[Resumed your rehearsal from {short_time(unfinished[0].started_at)}: "
            f"{plural(replayed, 'answer')} replayed.]",
            file=sys.stderr,
        )
        return session
    if unfinished:
        print(
            f"[You have an unfinished rehearsal of this scenario from {short_time(unfinished[0].started_at)} "
            f"with {plural(unfinished[0].answers, 'answer')}; add --resume to pick it up.]",
            file=sys.stderr,
        )
    session = practice.start_rehearsal(scenario, profile, store)
    session.start()
    return session
