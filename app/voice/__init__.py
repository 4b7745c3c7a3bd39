"""Text-to-speech for the recruiter's lines: plain Python, no Qt (the Qt side is app/ui/speech.py)."""

from __future__ import annotations

from app.voice.engine import SpeechRequest, SpeechUnavailable, Synthesiser, VoiceInfo, estimated_seconds, pick_voice

__all__ = ["SpeechRequest", "SpeechUnavailable", "Synthesiser", "VoiceInfo", "estimated_seconds", "pick_voice"]
