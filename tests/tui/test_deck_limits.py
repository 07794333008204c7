"""Per-deck limits from the config: within the global limits, a deck and its subdecks capped."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from textual.widgets import Tree

from cards.errors import FlywheelError
from cards.schedule.deck_limits import DeckLimit
from cards.schedule.queue import Limits
from cards.settings_file import read_settings
from cards.store.store import Store
from tests.conftest import flywheel
from tests.tui.conftest import piloted
from tui.app.app import make_app

DAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def deck_text(name: str, slug: str, count: int) -> str:
    notes = "".join(
        f'\n[[notes]]\nid = "{slug}/n{n}"\nen.front = "{slug} {n}?"\nen.back = "a{n}"\n'
        for n in range(count)
    )
    return f'name = "{name}"\n{notes}'


@pytest.fixture
def deck_files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "decks"
    folder.mkdir()
    files = []
    for file_name, name, slug in (
        ("a.toml", "Top::Alpha", "alpha"),
        ("b.toml", "Top::Beta", "beta"),
        ("c.toml", "Other", "other"),
    ):
        path = folder / file_name
        path.write_text(deck_text(name, slug, 6))
        files.append(path)
    return files


def open_store(tmp_path: Path, files: list[Path], limits: Limits) -> Store:
    store = Store.open(tmp_path / "limits.sqlite3", limits)
    store.sync(files)
    return store


@pytest.fixture
def limited(tmp_path: Path, deck_files: list[Path]) -> Iterator[Store]:
    limits = Limits(
        new_per_day=10,
        decks=(DeckLimit("Top::Alpha", new_per_day=2), DeckLimit("Top", new_per_day=5)),
    )
    with open_store(tmp_path, deck_files, limits) as store:
        yield store


def decks_of(store: Store, deck: str | None = None, day: date = DAY) -> Counter[str]:
    return Counter(item.deck for item in store.queue(day, deck))


def test_a_deck_limit_caps_its_cards_and_the_room_goes_to_the_next_decks(limited: Store) -> None:
    assert decks_of(limited) == {"Top::Alpha": 2, "Top::Beta": 3, "Other": 5}
    assert decks_of(limited, "Top") == {"Top::Alpha": 2, "Top::Beta": 3}
    assert decks_of(limited, "Top::Beta") == {"Top::Beta": 5}  # "Top" caps at 5 in all


def test_answers_count_against_the_deck_limits(limited: Store) -> None:
    for item in limited.queue(DAY, "Top::Alpha"):
        limited.answer(item.card_id, 5, DAY, NOW)
    assert decks_of(limited, "Top::Alpha") == {}
    assert decks_of(limited) == {"Top::Beta": 3, "Other": 5}
    with pytest.raises(FlywheelError, match="not in today's queue"):
        limited.answer("alpha/n2#fwd", 5, DAY, NOW)
    # The next day the deck has room for new cards again, beside yesterday's two, now due.
    queue = limited.queue(DAY + timedelta(days=1), "Top::Alpha")
    assert Counter(item.kind for item in queue) == {"review": 2, "new": 2}


def test_reviews_per_day_of_a_deck_caps_every_scheduled_answer(
    tmp_path: Path, deck_files: list[Path]
) -> None:
    limits = Limits(new_per_day=6, decks=(DeckLimit("Other", reviews_per_day=3),))
    with open_store(tmp_path, deck_files, limits) as store:
        day = DAY
        for item in store.queue(day, "Other"):
            store.answer(item.card_id, 5, day, NOW)
        later = day + timedelta(days=1)
        assert Counter(item.kind for item in store.queue(later, "Other")) == {"review": 3}
        # Other's three reviews fill its day; the global new cards go to the other decks.
        assert decks_of(store, day=later) == {"Other": 3, "Top::Alpha": 6}


def test_the_config_reads_deck_tables_and_folders(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        'new_per_day = 30\n[decks]\nfolders = ["mine"]\n'
        '[decks."Amazon::IoT"]\nnew_per_day = 5\nreviews_per_day = 50\n'
    )
    settings = read_settings(config)
    assert settings.decks == (tmp_path / "mine",)
    assert settings.deck_limit_list() == (DeckLimit("Amazon::IoT", 5, 50),)
    config.write_text('decks = ["mine"]\n')
    assert read_settings(config).decks == (tmp_path / "mine",)
    config.write_text('[decks."Amazon::IoT"]\nnew_per_day = -1\n')
    with pytest.raises(FlywheelError, match=r"decks\.Amazon::IoT\.new_per_day: "):
        read_settings(config)
    config.write_text('[decks."Amazon::IoT"]\nnew_a_day = 1\n')
    with pytest.raises(FlywheelError, match=r"decks\.Amazon::IoT\.new_a_day: unknown key"):
        read_settings(config)


def test_the_command_line_applies_deck_limits_and_warns_of_unknown_decks(
    isolated_env: dict[str, str],
) -> None:
    Path(isolated_env["FLYWHEEL_CONFIG"]).write_text(
        '[decks."Amazon::IoT"]\nnew_per_day = 1\n[decks."Amazon::Nope"]\nnew_per_day = 1\n'
    )
    result = flywheel("due", "--deck", "Amazon::IoT", env=isolated_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("1 card in today's queue")
    assert result.stderr == (
        "flywheel: warning: the config sets limits for deck 'Amazon::Nope', which is not in use\n"
    )


async def test_the_home_screen_counts_follow_the_deck_limits(
    limited: Store, deck_files: list[Path]
) -> None:
    app = make_app(limited, today=DAY, deck_files=lambda: deck_files, environ={})
    async with piloted(app, size=(100, 30)):
        tree: Tree[str | None] = app.screen.query_one(Tree)
        labels = {
            str(node.data): str(node.label)
            for line in range(tree.last_line + 1)
            if (node := tree.get_node_at_line(line)) is not None
        }
        assert "2 new" in labels["Top::Alpha"]
        assert "5 new" in labels["Top"]
        assert "10 new" in labels["None"]
