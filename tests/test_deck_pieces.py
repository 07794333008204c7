"""A large deck file read in pieces reads as the whole file does, or says it cannot be read that
way; and its notes' lines are found in one pass."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cards.decks import deck_pieces
from cards.decks.deck_pieces import DeckPieces, Unstreamable
from cards.decks.lines import first_note_lines, note_line
from cards.decks.loading import parse_toml

HEADER = 'name = "큰 덱"\n\n[source]\nfile = "s.txt"\nlines = 10\n\n'


def _note(index: int) -> str:
    return f'[[notes]]\nid = "big/{index}"\nen.front = "q {index}"\nen.back = "a"\n\n'


def _pieces(path: Path, per_piece: int = deck_pieces.NOTES_PER_PIECE) -> dict[str, Any] | None:
    """The file read in pieces of `per_piece` notes, or None when refused."""
    original = deck_pieces.NOTES_PER_PIECE
    deck_pieces.NOTES_PER_PIECE = per_piece
    try:
        with DeckPieces(path) as pieces:
            notes = list(pieces.notes())
            return {**pieces.header, "notes": notes} if notes else pieces.header
    except Unstreamable:
        return None
    finally:
        deck_pieces.NOTES_PER_PIECE = original


def _whole(path: Path) -> dict[str, Any] | None:
    """The file read whole, as `cards.decks.loading.parse_deck_file` reads it, or None."""
    try:
        return parse_toml(path.read_bytes().decode("utf-8-sig"))
    except Exception:
        return None


def test_a_large_file_reads_as_its_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    count = deck_pieces.NOTES_PER_PIECE * 3 + 7
    path.write_text(HEADER + "".join(_note(i) for i in range(count)), encoding="utf-8")
    streamed = _pieces(path)
    assert streamed is not None
    assert streamed == _whole(path)
    assert len(streamed["notes"]) == count


MULTI_LINE = '[[notes]]\nid = "m"\nen.front = """one\n[[notes]]\ntwo"""\nen.back = "a"\n'
"""A line `[[notes]]` inside a multi-line string: a cut there would be wrong."""


@pytest.mark.parametrize(
    ("header", "tail"),
    [
        (HEADER, MULTI_LINE),
        ('name = "D"\nnotes = []\n', ""),  # the header holds notes
        (HEADER, "[extra]\nkey = 1\n"),  # a table after the notes
        ('name = "D\n', ""),  # the header is not TOML
        (HEADER, '[[notes]]\nid = "x"\nen.front = \n'),  # a note is not TOML
    ],
)
@pytest.mark.parametrize("per_piece", [1, 2, deck_pieces.NOTES_PER_PIECE])
def test_what_pieces_cannot_read_the_same_is_refused(
    tmp_path: Path, header: str, tail: str, per_piece: int
) -> None:
    path = tmp_path / "d.toml"
    notes = "".join(_note(i) for i in range(deck_pieces.NOTES_PER_PIECE + 1))
    path.write_text(header + notes + tail + _note(9999), encoding="utf-8")
    streamed = _pieces(path, per_piece)
    if tail == MULTI_LINE and per_piece > 1:
        assert streamed in (None, _whole(path))  # the line may fall inside a piece: no cut
    else:
        assert streamed is None


def test_text_that_is_not_utf8_deep_in_the_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    notes = "".join(_note(i) for i in range(deck_pieces.NOTES_PER_PIECE * 2))
    path.write_bytes((HEADER + notes).encode("utf-8") + b'[[notes]]\nid = "\xff"\n')
    assert _pieces(path) is None


def test_a_byte_order_mark_and_windows_line_ends_read_as_the_whole(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    text = HEADER + "".join(_note(i) for i in range(deck_pieces.NOTES_PER_PIECE + 3))
    multi = '[[notes]]\nid = "m"\nen.front = """line\none"""\nen.back = "a"\n'
    path.write_bytes(b"\xef\xbb\xbf" + (text + multi).replace("\n", "\r\n").encode("utf-8"))
    assert _pieces(path) == _whole(path)


PIECES = st.sampled_from(
    [
        _note(1),
        _note(2),
        "[[notes]]\n",
        "[[ notes ]]\n",
        '[[notes]]\nid = "a"\n',
        '[notes.source]\nfile = "s.txt"\n',
        "[[notes.cards]]\nx = 1\n",
        'en.front = """\n[[notes]]\n"""\n',
        "en.back = '''\n[[notes]]\n'''\n",
        "# [[notes]]\n",
        'tags = ["a", "b"]\n',
        "[extra]\n",
        "[source]\n",
        'id = "dup"\n',
        "\n",
        "\r\n",
        "[[notes]]\r\n",
        "[[notes]] # a comment\n",
        'title = "큰"\n',
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=14), st.integers(1, 3))
def test_pieces_read_as_the_whole_whenever_they_read(parts: list[str], per_piece: int) -> None:
    """Any text: either both readings agree, or the pieces refuse it (so a text the whole
    reading refuses is never read in pieces)."""
    text = 'name = "D"\n' + "".join(parts)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "d.toml"
        path.write_bytes(text.encode("utf-8"))
        assert _pieces(path, per_piece) in (None, _whole(path))


IDS = st.sampled_from(["a", "b/c", "노트", "x-1", ""])
DECLARATIONS = st.lists(
    st.tuples(
        st.sampled_from(["", " ", "\t"]),
        st.sampled_from(["id = ", "id=", "id  =\t", "xid = ", "# id = "]),
        st.sampled_from(['"', "'"]),
        IDS,
        st.sampled_from(["\n", "\nen.front = 'q'\n", "\r\n", "\n[[notes]]\n"]),
    ),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(DECLARATIONS)
def test_the_lines_of_many_notes_are_those_found_one_at_a_time(
    parts: list[tuple[str, str, str, str, str]],
) -> None:
    """One pass over the text gives each note id the line `note_line` finds for it."""
    text = "".join(
        indent + key + quote + note_id + quote + end for indent, key, quote, note_id, end in parts
    )
    lines = first_note_lines(text)
    for note_id in {part[3] for part in parts}:
        assert lines.get(note_id) == note_line(Path("d.toml"), note_id, text=text)
