"""Answering out loud, offline: audio in, a Transcript (words with timings, fillers, voice activity) out.

No Qt here: the terminal and the window's workers both use it. Importing this package is cheap; the model
loads on the first load_recogniser().
"""

from app.listening.audio import RATE, read_wav, save_recording
from app.listening.recogniser import Recogniser, SpeechModelUnavailable, load_recogniser
from app.listening.stream import Listener, transcribe_file

__all__ = [
    "RATE",
    "Listener",
    "Recogniser",
    "SpeechModelUnavailable",
    "load_recogniser",
    "read_wav",
    "save_recording",
    "transcribe_file",
]
