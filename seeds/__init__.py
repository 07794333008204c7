"""Where the curated decks shipped with Flywheel live (package data); nothing else."""

from pathlib import Path

BUILTIN_DECKS = Path(__file__).resolve().parent
SCHEMA_FILE = BUILTIN_DECKS / "deck.schema.json"
