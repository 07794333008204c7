"""`--today` set to a day other than the clock's: an exported card is due in real Anki on the day
it is due in Flywheel, whichever side of the clock's day the study day given lies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from anki.collection import Collection as AnkiCollection

from cards.schedule.study_day import study_day
from tests.anki_support import import_apkg
from tests.conftest import GOOD_DECK, flywheel


@pytest.mark.parametrize("shift", [-30, -1, 1, 3, 40])
def test_export_with_today_set_keeps_each_due_day(
    isolated_env: dict[str, str],
    tmp_path: Path,
    write_deck: Callable[..., Path],
    anki: Callable[[str], AnkiCollection],
    shift: int,
) -> None:
    write_deck(GOOD_DECK)
    real_today = study_day(datetime.now().astimezone(), 4)
    today = real_today + timedelta(days=shift)
    env = {**isolated_env, "FLYWHEEL_TODAY": today.isoformat()}
    Path(isolated_env["FLYWHEEL_CONFIG"]).write_text("builtin_decks = false\n", encoding="utf-8")
    answered = flywheel("answer", "test/capital#fwd", "4", env=env, cwd=tmp_path)
    assert answered.returncode == 0, answered.stderr
    result = flywheel("export", "-o", "out.apkg", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr

    collection = anki("anki")
    import_apkg(collection, tmp_path / "out.apkg", scheduling=True)
    assert collection.db is not None
    dues = collection.db.list("SELECT due FROM cards WHERE type = 2")
    # Answered 4 when new on the study day given: due the day after it, counted in Anki from
    # its own today, the clock's.
    assert dues == [collection.sched.today + (today + timedelta(days=1) - real_today).days]
