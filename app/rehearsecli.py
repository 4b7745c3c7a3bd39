"""`counteroffer rehearse`: the same rehearsal engine in a terminal, for screen readers and scripts."""
from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Optional, TextIO

from .core.profile import Profile
from .core.report import text_report
from .core.scoring import default_scorer
from .core.session import Session
from .storage.recorder import HistoryRecorder
from .storage.resume import replay
from .storage.store import open_default


class TerminalVoice:
    """Speaks lines with pyttsx3 (to a WAV) and a command-line player; says once why it can't."""

    def __init__(self, err: TextIO):
        self.err = err
        self.synthesiser = None
        self.player = shutil.which("aplay") or shutil.which("paplay") or shutil.which("afplay")
        try:
            from .voice.engine import Synthesiser

            self.synthesiser = Synthesiser(Path(tempfile.gettempdir()) / "counteroffer-speech")
        except Exception as exc:  # no pyttsx3 or no espeak: text only
            self._notice(f"speech is off ({exc}); showing text only")
        if self.player is None and self.synthesiser is not None:
            self._notice("no audio player found (aplay, paplay or afplay); showing text only")
            self.synthesiser = None

    def _notice(self, message: str) -> None:
        print(f"[{message}]", file=self.err)

    def say(self, text: str, language: str, gender: str, rate: Optional[int]) -> None:
        if self.synthesiser is None:
            return
        from .voice.engine import SpeechRequest, SpeechUnavailable, pick_voice

        try:
            voice = pick_voice(self.synthesiser.voices(), language, gender)
            wav = self.synthesiser.synthesise(SpeechRequest(text, voice, rate or 175))
            subprocess.run([self.player, str(wav)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=120, check=False)
        except (SpeechUnavailable, OSError, RuntimeError, subprocess.SubprocessError) as exc:
            self._notice(f"speech stopped ({exc}); showing text only")
            self.synthesiser = None


def run(args: argparse.Namespace, profile: Optional[Profile], library, stdin: TextIO = sys.stdin,
        out: TextIO = sys.stdout, err: TextIO = sys.stderr) -> int:
    scenario = library.get(args.scenario)
    if scenario is None:
        known = ", ".join(sorted(s.id for s in library.scenarios))
        print(f'counteroffer rehearse: no scenario "{args.scenario}". Scenarios: {known}', file=err)
        return 2
    session = Session(scenario, default_scorer(), profile)
    voice = None if args.no_voice else TerminalVoice(err)
    jsonl = args.format == "jsonl"
    hints = scenario.recruiter.voice
    store = open_default()
    for notice in store.notices:
        print(f"[{notice}]", file=err)
    if not jsonl:
        print(f"{scenario.title} — {scenario.recruiter.name}, {scenario.recruiter.title} at {scenario.company}",
              file=out)
        print("Type each answer on one line and press Enter. End of input (Ctrl+D) stops.\n", file=out)
    line = session.start()
    _resume_or_record(args, store, session, err)
    line = session.current or line
    while True:
        if not jsonl:
            print(f"{scenario.recruiter.name}: {line.text}", file=out, flush=True)
        if voice:
            voice.say(line.text, hints.language, hints.gender, hints.rate)
        session.line_finished()
        answer = stdin.readline()
        if not answer:
            break
        answer = answer.rstrip("\n")
        if not answer.strip():
            continue
        session.keystroke()
        record = session.submit(answer)
        if jsonl:
            print(json.dumps({"type": "turn", **record.to_json()}, ensure_ascii=False), file=out, flush=True)
        else:
            print("\n" + text_report(answer, record.score, colour=False), file=out)
            if record.coaching:
                print(f"\nCoach: {record.coaching}\n", file=out)
        if session.ended:
            break
        line = session.current
    summary = session.summary()
    if jsonl:
        print(json.dumps({"type": "summary", **summary}, ensure_ascii=False), file=out)
    else:
        if session.ending:
            print(f"{scenario.recruiter.name}: {session.ending.closing_line}", file=out)
            if voice:
                voice.say(session.ending.closing_line, hints.language, hints.gender, hints.rate)
        _print_debrief(summary, out)
    return 0


def _resume_or_record(args: argparse.Namespace, store, session: Session, err: TextIO) -> None:
    """Record this rehearsal; with --resume, first replay the last unfinished one of this scenario."""
    unfinished = [a for a in store.unfinished() if a.scenario_id == session.scenario.id]
    attempt_id = None
    if unfinished and args.resume:
        attempt_id = unfinished[0].id
        replayed = replay(store, attempt_id, session)
        print(f"[Resumed your rehearsal from {unfinished[0].started_at[:16].replace('T', ' ')}: "
              f"{replayed} answer{'s' * (replayed != 1)} replayed.]", file=err)
    elif unfinished:
        print(f"[You have an unfinished rehearsal of this scenario from "
              f"{unfinished[0].started_at[:16].replace('T', ' ')} with {unfinished[0].answers} "
              f"answer{'s' * (unfinished[0].answers != 1)}; add --resume to pick it up.]", file=err)
    if attempt_id is None:
        attempt_id = store.start_attempt(session.scenario, session.profile)
    HistoryRecorder(store, session, attempt_id)


def _print_debrief(summary: dict, out: TextIO) -> None:
    print("\n== Debrief ==", file=out)
    outcome = summary["outcome"] or "stopped before the end"
    print(f"Outcome: {outcome.replace('_', ' ')}  ({summary['turns']} answer{'s' * (summary['turns'] != 1)})",
          file=out)
    for key, value in summary["average"].items():
        print(f"  {key.capitalize():<12}{value:>5.0f}", file=out)
