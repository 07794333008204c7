"""What is worth a warning when a command or the app starts: not a failure, but not silence."""

from __future__ import annotations

from datetime import date

from cards.plural import counted
from cards.schedule.deck_limits import unknown_decks
from cards.store.deck_sync import SyncReport
from cards.store.store import Store


def startup_warnings(store: Store, report: SyncReport, today: date) -> list[str]:
    """Deck problems found by the sync, deck limits naming no deck in use, and a study day before
    the latest answer (a clock that went back), one sentence each."""
    warnings = []
    if report.problems:
        warnings.append(
            f"{counted(len(report.problems), 'problem')} in deck files; run `flywheel check`"
        )
    if store.limits.decks:  # the totals are read only when the config sets deck limits
        for name in unknown_decks(store.limits.decks, store.card_totals()):
            warnings.append(f"the config sets limits for deck {name!r}, which is not in use")
    last = store.last_day()
    if last is not None and last > today:
        warnings.append(
            f"study day {today} is before the last answer ({last}); schedules carry on as saved"
        )
    return warnings
