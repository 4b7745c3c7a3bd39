"""Counteroffer: rehearse salary and offer negotiations before the real call."""

__version__ = "0.1.0"
