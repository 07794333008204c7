"""What is worth a warning when a command or the app starts: not a failure, but not silence."""

from __future__ import annotations

from datetime import date

from cards.plural import counted
from cards.store import Store
from cards.sync import SyncReport


def startup_warnings(store: Store, report: SyncReport, today: date) -> list[str]:
    """Deck problems found by the sync, and a study day before the latest answer (a clock that
    went back), one sentence each."""
    warnings = []
    if report.problems:
        warnings.append(
            f"{counted(len(report.problems), 'problem')} in deck files; run `flywheel check`"
        )
    last = store.last_day()
    if last is not None and last > today:
        warnings.append(
            f"study day {today} is before the last answer ({last}); schedules carry on as saved"
        )
    return warnings
