"""A killed import (kill -9 at moments spread over its run) leaves every deck file whole, the
user's own untouched, and, once the next import has run, no temporary file anywhere."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from cards.decks.folders import deck_paths
from cards.decks.loading import load_collection
from tests.anki_packages import Built
from tests.conftest import flywheel

OWN = (
    'name = "Mine"\n\n[[notes]]\nid = "mine/a"\nkind = "basic"\nen = { front = "a", back = "b" }\n'
)


def _leftovers(*folders: Path) -> list[str]:
    found = []
    for folder in folders:
        if folder.is_dir():
            found += [
                entry.name
                for entry in os.scandir(folder)
                if entry.name.endswith(".tmp") or entry.name.startswith("flywheel-import-")
            ]
    return found


def test_a_killed_import_leaves_whole_files_and_the_next_clears_its_temporaries(
    built: Built, env: dict[str, str], tmp_path: Path
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**env, "TMPDIR": str(temporary)}
    folder = Path(env["FLYWHEEL_DECKS"])
    folder.mkdir()
    (folder / "mine.toml").write_text(OWN, encoding="utf-8")
    started = time.monotonic()
    assert flywheel("import", str(built.current), env=env).returncode == 0
    whole_run = time.monotonic() - started
    chance = random.Random(27)
    for package in [built.legacy, built.colpkg, built.current, built.legacy, built.colpkg]:
        process = subprocess.Popen(
            [sys.executable, "-m", "tui.commands.cli", "import", str(package)],
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(chance.uniform(0.1, whole_run))
        process.send_signal(signal.SIGKILL)
        process.wait()
        collection = load_collection(deck_paths([folder]))
        assert collection.problems == []
        assert (folder / "mine.toml").read_text("utf-8") == OWN
        assert {deck.path.name for deck in collection.decks} >= {"mine.toml"}
    result = flywheel("import", str(built.current), env=env)
    assert result.returncode == 0, result.stderr
    assert _leftovers(folder, folder / "media", temporary) == []
    assert len(list(load_collection(deck_paths([folder])).notes())) == 7


def test_a_killed_import_leaves_no_temporary_file_even_before_the_next_import(
    env: dict[str, str], tmp_path: Path
) -> None:
    """Killed at moments spread over its run (reading the package, writing the deck files,
    storing the history), an import leaves nothing in the deck folder or the temporary one."""
    from cards.anki.export import export_apkg
    from tests.benchmarks.bench_export import reviewed
    from tests.benchmarks.export_decks import synthetic_decks

    decks = synthetic_decks(1500)
    package = tmp_path / "large.apkg"
    export_apkg(decks, package, timestamp=1_700_000_000, schedules=reviewed(decks))
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**env, "TMPDIR": str(temporary)}
    folder = Path(env["FLYWHEEL_DECKS"])
    started = time.monotonic()
    assert flywheel("import", str(package), env=env).returncode == 0
    whole_run = time.monotonic() - started
    for share in (0.35, 0.5, 0.65, 0.8, 0.95):
        process = subprocess.Popen(
            [sys.executable, "-m", "tui.commands.cli", "import", str(package)],
            env={**os.environ, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(share * whole_run)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert _leftovers(folder, folder / "media", temporary) == [], share
        assert load_collection(deck_paths([folder])).problems == []
