"""The config's `[sync]` table: the server `flywheel sync` uses and when the app syncs by itself.

A plain frozen dataclass like `cards.decks.lint_settings`, validated by `cards.settings_file`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class SyncSettings:
    """The `[sync]` table of the config file."""

    __pydantic_config__: ClassVar[dict[str, object]] = {"extra": "forbid"}

    server: str = ""
    """Address of a self-hosted Anki sync server; empty for AnkiWeb."""
    on_close: bool = False
    """Sync with Anki when a review ends."""
