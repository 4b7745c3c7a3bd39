"""Where a spoken answer's audio comes from: the microphone (QtMultimedia), or a WAV file played through the same
chunk pipeline (the tests, and a computer without a microphone trying the feature).

Both run on their own thread and hand out 16 kHz mono 16-bit PCM in small chunks through `chunk`; whoever listens
(app.listening's Listener) is called on that thread, so capturing never waits on the UI and the UI never waits on
capturing.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QIODevice, QObject, QThread, QTimer, Signal, Slot

log = logging.getLogger(__name__)

RATE = 16000  # the same as app.listening.RATE, without importing numpy here
CHUNK_S = 0.1


def has_microphone() -> bool:
    """True when the system lists an audio input."""
    from PySide6.QtMultimedia import QMediaDevices

    return bool(QMediaDevices.audioInputs())


class AudioSource(QObject):
    """Base for the sources: `begin()` and `end()` may be called from the UI thread; the work happens on the
    source's own thread. Chunks arrive through `chunk` (on that thread) until `ended`."""

    chunk = Signal(bytes)
    ended = Signal()  # after end(): no more chunks will come
    failed = Signal(str)  # could not open or lost the input: a sentence for the window
    _begin = Signal()
    _end = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._thread = QThread()
        self._thread.setObjectName("audio-capture")
        self.moveToThread(self._thread)
        self._begin.connect(self._open)
        self._end.connect(self._close)
        self._thread.start()

    def begin(self) -> None:
        self._begin.emit()

    def end(self) -> None:
        self._end.emit()

    def shutdown(self) -> None:
        """Stop the thread (when the window closes)."""
        self._thread.quit()
        self._thread.wait(2000)

    @Slot()
    def _open(self) -> None:
        raise NotImplementedError

    @Slot()
    def _close(self) -> None:
        raise NotImplementedError


class MicrophoneSource(AudioSource):
    """The system's default microphone, read with QAudioSource at 16 kHz mono 16-bit."""

    def __init__(self) -> None:
        super().__init__()
        self._source: object | None = None
        self._io: QIODevice | None = None

    @Slot()
    def _open(self) -> None:
        from PySide6.QtMultimedia import QAudioFormat, QAudioSource, QMediaDevices, QtAudio

        device = QMediaDevices.defaultAudioInput()
        if device.isNull():
            self.failed.emit("No microphone was found. Type your answer instead.")
            return
        wanted = QAudioFormat()
        wanted.setSampleRate(RATE)
        wanted.setChannelCount(1)
        wanted.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        if not device.isFormatSupported(wanted):
            self.failed.emit(f"The microphone “{device.description()}” can't record 16 kHz mono. Type instead.")
            return
        source = QAudioSource(device, wanted)
        source.setBufferSize(int(RATE * 2 * CHUNK_S * 4))
        self._io = source.start()
        if self._io is None or source.error() != QtAudio.Error.NoError:
            self.failed.emit("The microphone couldn't be opened (is another program using it, or is access denied?).")
            return
        self._source = source
        self._io.readyRead.connect(self._read)

    @Slot()
    def _read(self) -> None:
        if self._io is not None:
            data = bytes(self._io.readAll().data())
            if data:
                self.chunk.emit(data)

    @Slot()
    def _close(self) -> None:
        self._read()
        source, self._source, self._io = self._source, None, None
        if source is not None:
            source.stop()  # type: ignore[attr-defined]
            source.deleteLater()  # type: ignore[attr-defined]
        self.ended.emit()


class FileSource(AudioSource):
    """A WAV file's audio handed out in 100 ms chunks, `speed` times faster than real time, as the microphone
    would; after the file, silence until end() (as a quiet room would)."""

    def __init__(self, path: Path, speed: float = 1.0) -> None:
        super().__init__()
        self.path = path
        self.speed = speed
        self._pcm = b""
        self._at = 0
        self._timer: QTimer | None = None

    @Slot()
    def _open(self) -> None:
        from app.listening import read_wav  # numpy: only when a file is played

        try:
            samples = read_wav(self.path)
        except (OSError, ValueError) as error:
            self.failed.emit(f"Can't play {self.path.name} as a recording: {error}")
            return
        self._pcm = (samples.clip(-1.0, 1.0) * 32767).astype("<i2").tobytes()
        self._at = 0
        self._timer = QTimer(self)
        self._timer.setInterval(max(1, round(CHUNK_S * 1000 / self.speed)))
        self._timer.timeout.connect(self._next)
        self._timer.start()

    @Slot()
    def _next(self) -> None:
        step = int(RATE * CHUNK_S) * 2
        piece = self._pcm[self._at : self._at + step]
        self._at += step
        self.chunk.emit(piece if len(piece) == step else piece + bytes(step - len(piece)))

    @property
    def done(self) -> bool:
        """The whole file has been handed out."""
        return self._at >= len(self._pcm) > 0

    @Slot()
    def _close(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer.deleteLater()
            self._timer = None
        self.ended.emit()
