"""Sync of large deck files, whose notes are checked one at a time and written in batches: the
rows and problems must be those of reading the whole file at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cards.decks.loading import read_deck
from cards.store.deck_sync_read import read_stored_deck
from cards.store.store import Store
from tests.sql import WORDS_REINDEXED, run_sql

HEADER = 'name = "Big"\n\n[source]\nfile = "s.txt"\nlines = 10\n\n'


def _note(index: int, front: str = "q") -> str:
    kind = "reverse" if index % 3 == 0 else "basic"
    wording = f'en.front = "{front} {index}"\nen.back = "a"\n\n'
    return f'[[notes]]\nid = "big/{index}"\nkind = "{kind}"\n{wording}'


def _big(count: int, skip: frozenset[int] = frozenset(), edited: int = -1) -> str:
    notes = (_note(i, "edited" if i == edited else "q") for i in range(count) if i not in skip)
    return HEADER + "".join(notes)


SAMPLES = {
    "sound": HEADER + _note(1) + _note(2),
    "a bad note among good ones": HEADER
    + _note(1)
    + '[[notes]]\nid = "x"\nen.front = 3\n\n'
    + _note(2),
    "a bad header": 'name = ""\n\n' + _note(1),
    "an unknown header key": 'name = "D"\ncolour = "red"\n\n' + _note(1),
    "no notes": 'name = "D"\n',
    "notes not a list": 'name = "D"\nnotes = 3\n',
    "a note not a table": 'name = "D"\nnotes = [1]\n',
    "an id twice in the file": HEADER + _note(1) + _note(1),
    "a citation past the source": HEADER
    + '[[notes]]\nid = "c"\nsource = { file = "s.txt", lines = "9-11" }\n'
    + 'en.front = "q"\nen.back = "a"\n\n'
    + _note(1),
    "a bad note and a bad citation": HEADER
    + '[[notes]]\nid = "c"\nsource = { file = "s.txt", lines = "12" }\n'
    + 'en.front = "q"\nen.back = "a"\n\n[[notes]]\nid = "y"\nkind = "nope"\n',
    "not TOML": 'name = "D\n',
    "not UTF-8": b'name = "\xff"\n',
    "a bad note deep in a large file": _big(1000)
    + '[[notes]]\nid = "x"\nen.front = 3\n\n'
    + _big(3),
    "a bad citation deep in a large file": _big(1000)
    + '[[notes]]\nid = "c"\nsource = { file = "s.txt", lines = "12" }\n'
    + 'en.front = "q"\nen.back = "a"\n\n',
    "a line not TOML deep in a large file": _big(1000) + "[[notes]]\nid = \n",
    "not UTF-8 deep in a large file": _big(1000).encode("utf-8") + b'[[notes]]\nid = "\xff"\n',
}


@pytest.mark.parametrize("name", SAMPLES)
def test_the_stored_reading_agrees_with_the_whole_reading(
    name: str, write_deck: Callable[..., Path]
) -> None:
    path = write_deck(SAMPLES[name])
    whole, whole_problems = read_deck(path)
    stored, stored_problems = read_stored_deck(path)
    assert [str(p) for p in stored_problems] == [str(p) for p in whole_problems]
    if whole is None:
        assert stored is None
        return
    assert stored is not None
    header = whole.deck.source
    assert stored.name == whole.deck.name
    assert stored.source == (header.model_dump_json(exclude_none=True) if header else None)
    assert [(n.id, n.body, n.card_ids, n.tags) for n in stored.notes] == [
        (n.id, n.model_dump_json(exclude_none=True), n.card_ids(), tuple(n.tags))
        for n in whole.deck.notes
    ]


def _active(store: Store, table: str) -> int:
    return int(run_sql(store, f"SELECT count(*) FROM {table} WHERE active = 1")[0][0])


def test_a_file_larger_than_a_batch_is_stored_whole_and_steps_down_what_it_loses(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    count = 1234
    cards = count + len(range(0, count, 3))  # every third note is a reverse one: two cards
    path = write_deck(_big(count))
    with Store.open(tmp_path / "c.db") as store:
        assert store.sync([path]).parsed == [path]
        assert (_active(store, "note"), _active(store, "card")) == (count, cards)
        last = store.card(f"big/{count - 1}#fwd")
        assert last is not None
        assert last.front("en") == f"q {count - 1}"

        path.write_text(_big(count, edited=1000), encoding="utf-8")
        before = store.version()[0]
        store.sync([path])
        # the edited note's row, its search row (and its words in the index), the file's
        assert store.version()[0] - before == 3 + WORDS_REINDEXED
        edited = store.card("big/1000#fwd")
        assert edited is not None
        assert edited.front("en") == "edited 1000"

        path.write_text(_big(count, skip=frozenset({0, 700})), encoding="utf-8")
        store.sync([path])
        assert (_active(store, "note"), _active(store, "card")) == (count - 2, cards - 3)
        assert run_sql(store, "SELECT id FROM note WHERE active = 0 ORDER BY id") == [
            ("big/0",),
            ("big/700",),
        ]


def test_a_bad_note_deep_in_a_large_file_leaves_only_the_whole_reading(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    """Met after the notes before it were stored as the file streamed, a bad note sends the
    file to the whole reading: its sound notes stored once, the bad one named."""
    count = 1234
    bad = '[[notes]]\nid = "bad"\nkind = "nope"\nen.front = "q"\nen.back = "a"\n\n'
    path = write_deck(_big(count) + bad)
    with Store.open(tmp_path / "c.db") as store:
        report = store.sync([path])
        assert [problem for problem in report.problems if "bad" in problem or "kind" in problem]
        assert _active(store, "note") == count
        assert run_sql(store, "SELECT count(*) FROM note WHERE id = 'bad'") == [(0,)]
        assert run_sql(store, "SELECT count(*) FROM note") == [(count,)]
