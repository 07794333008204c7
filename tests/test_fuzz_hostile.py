"""Fuzzing what users feed Flywheel: real deck files mutated byte by byte and token by token,
and the command line given random arguments. Bounded to a few seconds each in the normal suite.

No exception may escape `check`, a sync or the queue, whatever a deck file holds; and no command
line may end other than with exit 0, 1 or 2 and no traceback.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
from datetime import UTC, date, datetime
from itertools import chain
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cards.decks.checking import check_files
from cards.decks.loading import load_collection
from cards.errors import FlywheelError
from cards.store.store import Store
from seeds import BUILTIN_DECKS
from tests.conftest import GOOD_DECK
from tui.commands.cli import main

REAL_DECKS = [GOOD_DECK.encode(), (BUILTIN_DECKS / "customer-obsession.toml").read_bytes()]
TOKEN = re.compile(rb'"(?:[^"\\\n]|\\.)*"|\[\[|\]\]|[\[\]{}=,.\n]|[^\s\[\]{}=,."]+|\s+')
HOSTILE_TOKENS = [
    b"{{c99999999999999999999::a}}",
    b"{{c70000::a}}",
    b"{{c\xd9\xa3::a}}",
    b"{{c1::",
    b"}}",
    b"\x1b[2J",
    b"\x1b]0;title\x07",
    b'"\\u001b[2J"',
    b'"a\\nb"',
    b"[[notes]]",
    b'id = "x/y"',
    b'kind = "cloze"',
    b"1" * 4301,
    b"[" * 600,
    b"]" * 600,
    b'"""',
    b"\x00",
    b"\xff\xfe",
    b"\r\n",
    b"9999-12-31",
    b"-0",
    b"inf",
    b"nan",
    b"\xe2\x80\xae",
]


HOSTILE_VALUES = [
    b"1" * 4301,
    b"[" * 600 + b"]" * 600,
    b"[" * 600,
    b"{a = " * 300 + b"1" + b"}" * 300,
    b'"{{c99999999999999999999::a}}"',
    b'"{{c\\u0663::a}}"',
    b'"\\u001b]0;title\\u0007"',
    b'"a\\nb"',
    b"9999-12-31",
    b"inf",
    b"-0",
    b"[]",
    b"{}",
    b'""',
]


@st.composite
def byte_mutations(draw: st.DrawFn) -> bytes:
    raw = bytearray(draw(st.sampled_from(REAL_DECKS)))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(raw)))
        action = draw(st.sampled_from(["flip", "insert", "delete", "cut"]))
        if action == "flip" and position < len(raw):
            raw[position] ^= 1 << draw(st.integers(0, 7))
        elif action == "insert":
            raw[position:position] = draw(st.binary(min_size=1, max_size=4))
        elif action == "delete":
            del raw[position : position + draw(st.integers(1, 16))]
        else:
            del raw[position:]
    return bytes(raw)


@st.composite
def token_mutations(draw: st.DrawFn) -> bytes:
    tokens = TOKEN.findall(draw(st.sampled_from(REAL_DECKS)))
    for _ in range(draw(st.integers(1, 6))):
        index = draw(st.integers(0, max(0, len(tokens) - 1)))
        action = draw(st.sampled_from(["drop", "repeat", "swap", "hostile", "value", "value"]))
        equals = [number for number, token in enumerate(tokens) if token == b"="]
        if action == "value" and equals:  # a value the parsers and models must survive
            at = draw(st.sampled_from(equals))
            tokens[at + 1 :] = [b" ", draw(st.sampled_from(HOSTILE_VALUES)), *tokens[at + 3 :]]
        elif not tokens:
            tokens = [draw(st.sampled_from(HOSTILE_TOKENS))]
        elif action == "drop":
            del tokens[index]
        elif action == "repeat":
            tokens.insert(index, tokens[index])
        elif action == "swap":
            other = draw(st.integers(0, len(tokens) - 1))
            tokens[index], tokens[other] = tokens[other], tokens[index]
        else:
            tokens.insert(index, draw(st.sampled_from(HOSTILE_TOKENS)))
    return b"".join(tokens)


def drive(raw: bytes) -> None:
    """check, sync, the queue and an answer over a deck file holding `raw`."""
    with tempfile.TemporaryDirectory() as folder:
        deck = Path(folder) / "deck.toml"
        deck.write_bytes(REAL_DECKS[0])
        with Store.open(Path(folder) / "c.sqlite3") as store:
            store.sync([deck])  # a good version first: the mutation is an edit
            deck.write_bytes(raw)
            os.utime(deck, ns=(1, 1))
            report = check_files([deck])
            assert all(str(problem).startswith(str(deck)) for problem in report.problems)
            assert all("\n" not in str(problem) for problem in report.problems)
            load_collection([deck])
            store.sync([deck])
            day = date(2026, 1, 15)
            queue = store.queue(day)
            for item in queue[:2]:
                assert store.card(item.card_id) is not None
                store.answer(item.card_id, 5, day, datetime(2026, 1, 15, 9, tzinfo=UTC))


@settings(max_examples=100, deadline=None)
@given(byte_mutations())
def test_deck_files_mutated_byte_by_byte_never_crash(raw: bytes) -> None:
    drive(raw)


@settings(max_examples=150, deadline=None)
@given(token_mutations())
def test_deck_files_mutated_token_by_token_never_crash(raw: bytes) -> None:
    drive(raw)


COMMANDS = [
    "check",
    "list",
    "due",
    "answer",
    "undo",
    "suspend",
    "unsuspend",
    "bury",
    "stats",
    "doctor",
    "export",
    "schema",
    "paths",
    "import",
]
DAYS = ["2026-01-15", "9899-12-31", "9999-12-31", "9999-12-01", "0001-01-01", "2026-02-30", ""]
PATHS = [
    "{DB}",
    "{TMP}",
    "{TMP}/out.apkg",
    "{TMP}/missing/out.apkg",
    "{TMP}/notes.txt",
    "{TMP}/config.toml",
    "{TMP}/decks",
    "{TMP}/decks/deck.toml",
    "/dev/zero",
    "",
]
WORDS = [
    "test/capital#fwd",
    "test/cloze#c1",
    "test/pair#rev",
    "test/nope#fwd",
    "Test::Basics",
    "TEST",
    "en",
    "ko",
    "fr",
    "0",
    "5",
    "-1",
    "6",
    "99999999999999999999999",
    "\x1b[2J",
    "é",
    "--json",
    "--repair",
    "--force",
    "--help",
    "--",
    "-",
    " ",
]
OPTIONS = {
    "--today": DAYS,
    "--db": PATHS,
    "--config": PATHS,
    "--decks": PATHS,
    "-o": PATHS,
    "--into": PATHS,
    "--deck": ["Test::Basics", "test", "Nope", "", "\x1b"],
    "--tag": ["geo", "", "x y"],
    "--lang": ["en", "ko", "both", "fr"],
    "--limit": ["0", "1", "-2", "x", "99999999999999999999999"],
}
ARGUMENT = st.one_of(
    st.sampled_from(["--json", "--repair", "--force", "--help", "--"]).map(lambda word: [word]),
    st.sampled_from(DAYS).map(lambda day: ["--today", day]),  # the calendar's ends, often
    st.sampled_from(sorted(OPTIONS)).flatmap(
        lambda option: st.sampled_from(OPTIONS[option]).map(lambda value: [option, value])
    ),
)


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "deck.toml").write_text(GOOD_DECK, encoding="utf-8")
    (tmp_path / "config.toml").write_text("builtin_decks = false\n")
    (tmp_path / "notes.txt").write_text("not a package\n")
    monkeypatch.setenv("FLYWHEEL_DB", str(tmp_path / "collection.sqlite3"))
    monkeypatch.setenv("FLYWHEEL_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("FLYWHEEL_DECKS", str(tmp_path / "decks"))
    monkeypatch.setenv("FLYWHEEL_TODAY", "2026-01-15")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.sampled_from(COMMANDS), st.data())
def test_random_command_lines_end_in_0_1_or_2_without_a_traceback(
    workdir: Path, command: str, data: st.DataObject
) -> None:
    """Options before and after the command, and (mostly) the positionals it expects."""
    before = data.draw(st.lists(ARGUMENT, max_size=2))
    counts = {"answer": 2, "suspend": 1, "unsuspend": 1, "bury": 1, "check": 1, "import": 1}
    wanted = counts.get(command, 0)
    positionals = data.draw(st.lists(st.sampled_from(WORDS + PATHS), min_size=0, max_size=wanted))
    if wanted and data.draw(st.booleans()):
        positionals = [data.draw(st.sampled_from(["test/capital#fwd", "test/cloze#c1"]))]
        positionals += [data.draw(st.sampled_from(["0", "3", "5"]))] * (wanted - 1)
    after = data.draw(st.lists(ARGUMENT, max_size=3))
    values = {"{DB}": str(workdir / "collection.sqlite3"), "{TMP}": str(workdir)}
    argv = [
        values.get(word, word.replace("{TMP}", str(workdir)))
        for word in [*chain.from_iterable(before), command, *positionals, *chain(*after)]
    ]
    notes_before = (workdir / "notes.txt").read_bytes()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exit_:  # argparse: --help, or a usage mistake
            code = exit_.code if isinstance(exit_.code, int) else 2
        except FlywheelError as error:  # pragma: no cover - main() must catch these itself
            raise AssertionError(f"{argv}: FlywheelError escaped: {error}") from error
    assert code in (0, 1, 2), (argv, code, err.getvalue())
    assert "Traceback" not in out.getvalue() + err.getvalue(), argv
    assert "\x1b" not in err.getvalue(), argv
    if "--force" not in argv:
        assert (workdir / "notes.txt").read_bytes() == notes_before, argv
