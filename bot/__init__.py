"""Kansrijk advice core: catalogue, admission rules and advice engine (no Rasa imports here)."""

__version__ = "0.1.0"
