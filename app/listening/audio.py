"""Audio in and out: any WAV to float32 mono 16 kHz, and recordings saved compressed (Ogg/Opus or FLAC)."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np

RATE = 16000
"""Samples per second everywhere in app.listening."""

_PCM = 1
_FLOAT = 3
_EXTENSIBLE = 0xFFFE


def pcm16_to_float(pcm: bytes) -> np.ndarray:
    """int16 little-endian bytes (an odd trailing byte is dropped) -> float32 in [-1, 1]."""
    usable = len(pcm) - len(pcm) % 2
    return np.frombuffer(pcm[:usable], dtype="<i2").astype(np.float32) / 32768.0


def read_wav(path: str | Path) -> np.ndarray:
    """Any PCM or float WAV (any rate, any channels, 8/16/24/32-bit) as float32 mono 16 kHz in [-1, 1]."""
    data = Path(path).read_bytes()
    if len(data) < 12 or data[:4] not in (b"RIFF", b"RF64") or data[8:12] != b"WAVE":
        raise ValueError(f"{path} is not a WAV file")
    fmt: tuple[int, int, int, int] | None = None
    body: bytes | None = None
    at = 12
    while at + 8 <= len(data):
        kind, size = data[at : at + 4], struct.unpack("<I", data[at + 4 : at + 8])[0]
        chunk = data[at + 8 : at + 8 + size]
        if kind == b"fmt ":
            tag, channels, rate = struct.unpack("<HHI", chunk[:8])
            bits = struct.unpack("<H", chunk[14:16])[0]
            if tag == _EXTENSIBLE and len(chunk) >= 26:
                tag = struct.unpack("<H", chunk[24:26])[0]
            fmt = (tag, channels, rate, bits)
        elif kind == b"data":
            body = chunk
        at += 8 + size + (size & 1)
    if fmt is None or body is None:
        raise ValueError(f"{path} has no audio in it")
    tag, channels, rate, bits = fmt
    samples = _decode(body, tag, bits)
    frames = len(samples) // max(channels, 1)
    mono = samples[: frames * channels].reshape(frames, channels).mean(axis=1)
    return resample(mono.astype(np.float32), rate, RATE)


def _decode(body: bytes, tag: int, bits: int) -> np.ndarray:
    width = bits // 8
    body = body[: len(body) - len(body) % width]
    if tag == _FLOAT and bits in (32, 64):
        return np.frombuffer(body, dtype="<f4" if bits == 32 else "<f8").astype(np.float32)
    if tag != _PCM:
        raise ValueError(f"unsupported WAV encoding (format {tag})")
    if bits == 8:
        return (np.frombuffer(body, dtype=np.uint8).astype(np.float32) - 128.0) / 128.0
    if bits == 16:
        return np.frombuffer(body, dtype="<i2").astype(np.float32) / 32768.0
    if bits == 24:
        raw = np.frombuffer(body, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        value = raw[:, 0] | (raw[:, 1] << 8) | (raw[:, 2] << 16)
        value = np.where(value >= 1 << 23, value - (1 << 24), value)
        return value.astype(np.float32) / float(1 << 23)
    if bits == 32:
        return (np.frombuffer(body, dtype="<i4").astype(np.float64) / 2147483648.0).astype(np.float32)
    raise ValueError(f"unsupported WAV sample size ({bits} bits)")


def resample(samples: np.ndarray, rate: int, target: int = RATE) -> np.ndarray:
    """Linear interpolation, after a windowed-sinc low-pass when going down (so nothing above the new
    Nyquist folds back into the speech band)."""
    samples = np.asarray(samples, dtype=np.float32)
    if rate == target or len(samples) == 0:
        same: np.ndarray = samples.copy()
        return same
    if target < rate:
        cutoff = 0.45 * target / rate  # cycles per input sample, a little under the new Nyquist
        taps = np.arange(-32, 33)
        kernel = 2 * cutoff * np.sinc(2 * cutoff * taps) * np.hamming(len(taps))
        samples = np.convolve(samples, (kernel / kernel.sum()).astype(np.float32), mode="same")
    count = int(round(len(samples) * target / rate))
    positions = np.arange(count, dtype=np.float64) * (rate / target)
    resampled: np.ndarray = np.interp(positions, np.arange(len(samples)), samples).astype(np.float32)
    return resampled


def save_recording(samples: np.ndarray, path: str | Path) -> Path:
    """Save a 16 kHz recording compressed, for keeping with the history: Ogg/Opus (about 24 kbit/s) unless the
    path ends in .flac. QtMultimedia's FFmpeg backend plays both. Returns the path written (".ogg" is added
    when the path has no known audio suffix)."""
    import av  # faster-whisper's own dependency; imported here so importing app.listening stays cheap

    target = Path(path)
    if target.suffix.lower() not in (".ogg", ".opus", ".flac"):
        target = target.with_name(target.name + ".ogg")
    flac = target.suffix.lower() == ".flac"
    pcm = (np.clip(np.asarray(samples, dtype=np.float32), -1.0, 1.0) * 32767).astype("<i2")
    target.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(target), mode="w", format="flac" if flac else "ogg") as container:
        stream = container.add_stream("flac" if flac else "libopus", rate=RATE)
        stream.layout = "mono"
        if not flac:
            stream.bit_rate = 24000
        frame_size = 960  # 60 ms at 16 kHz: a size every Opus encoder accepts
        for start in range(0, len(pcm), frame_size):
            piece = pcm[start : start + frame_size]
            frame = av.AudioFrame.from_ndarray(piece.reshape(1, -1), format="s16", layout="mono")
            frame.sample_rate = RATE
            frame.pts = start
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return target


def load_recording(path: str | Path) -> np.ndarray:
    """A saved recording (any format FFmpeg reads) back as float32 mono 16 kHz."""
    import av

    with av.open(str(path)) as container:
        resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
        parts = []
        for frame in container.decode(audio=0):
            for out in resampler.resample(frame):
                parts.append(out.to_ndarray().reshape(-1))
        for out in resampler.resample(None):
            parts.append(out.to_ndarray().reshape(-1))
    return np.concatenate(parts).astype(np.float32) if parts else np.zeros(0, np.float32)
