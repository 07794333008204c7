"""The browse list's columns and cells: which columns fit a width, and what each row shows.

A narrow screen drops whole columns (ease and lapses, then the deck) rather than cutting the
due day or a flag mid-word; a wide one gives the question what is left. A cloze card shows the
deletion it asks in brackets, with the text around it, so siblings of one note differ at a
glance. Textual-free: widths are Rich's cell measure (`tui.text`), so Korean fits as drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from cards.decks import cloze
from cards.decks.printable import visible
from cards.decks.vocabulary import LANGUAGES, LanguageChoice, NoteKind
from cards.store.browse import CardRow
from cards.store.browse_search import Order
from tui.text import ELLIPSIS, clip, plain, width

GAP = 1
"""Blank cells between two columns."""
_QUESTION_MIN = 20
_DECK_FROM = 30  # the deck column is shown while the question keeps this many cells
_FIGURES_FROM = 40  # ease and lapses likewise
_ASKED_OPEN, _ASKED_CLOSE = "\ue000", "\ue001"  # marks that survive `plain`, swapped for [ ]
_FLAG_LETTERS = {"susp": "S", "leech": "L", "buried": "B"}


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    width: int
    right: bool = False


_DUE = Column("due", "due", 10)
_IVL = Column("interval", "ivl", 6, right=True)
_EASE = Column("ease", "ease", 6, right=True)
_LAPSES = Column("lapses", "lapses", 8, right=True)
_DECK = Column("deck", "deck", 14)
_FLAGS = Column("flags", "", 6)
_WIDE_FLAGS = Column("flags", "", 12)


@lru_cache(maxsize=32)
def columns(cells: int, order: Order) -> tuple[Column, ...]:
    """The columns for a list `cells` wide: question first, then as many others as leave the
    question room; the column sorted by is always kept."""
    fixed = [_DUE, _IVL]
    kept = {order.column} - {"deck"}  # the deck order is the files', not the deck names'
    for optional, least in ((_DECK, _DECK_FROM), (_EASE, _FIGURES_FROM), (_LAPSES, _FIGURES_FROM)):
        if optional.key in kept or _room(cells, [*fixed, optional, _FLAGS]) >= least:
            fixed.append(optional)
    flags = _WIDE_FLAGS if _room(cells, [*fixed, _WIDE_FLAGS]) >= _FIGURES_FROM else _FLAGS
    fixed.append(flags)
    ordered = sorted(fixed, key=lambda column: _POSITION[column.key])
    question = Column("question", "question", max(_QUESTION_MIN, _room(cells, ordered)))
    return (question, *ordered)


_POSITION = {"deck": 0, "due": 1, "interval": 2, "ease": 3, "lapses": 4, "flags": 5}


def _room(cells: int, fixed: list[Column]) -> int:
    return cells - sum(column.width + GAP for column in fixed)


def header(layout: tuple[Column, ...], order: Order) -> str:
    """The titles, the sorted column's marked ▲ (ascending) or ▼."""
    arrow = "▼" if order.descending else "▲"
    sorted_key: str = "question" if order.column == "deck" else order.column
    if order == Order():
        sorted_key = ""  # the deck files' own order, as they are written
    titles = [
        f"{column.title} {arrow}" if column.key == sorted_key else column.title for column in layout
    ]
    return line(layout, titles)


def row_line(
    row: CardRow, layout: tuple[Column, ...], today: date, language: LanguageChoice
) -> str:
    """One row's cells on one line, each cut or padded to its column."""
    cells = []
    for column in layout:
        if column.key == "question":
            cells.append(question_cell(row, language, column.width))
        else:
            cells.append(_cell(row, column, today))
    return line(layout, cells)


def line(layout: tuple[Column, ...], cells: list[str]) -> str:
    from rich.cells import set_cell_size

    parts = []
    for column, text in zip(layout, cells, strict=True):
        fitted = clip(text, column.width)
        pad = " " * (column.width - width(fitted))
        parts.append(pad + fitted if column.right else set_cell_size(fitted, column.width))
    return (" " * GAP).join(parts)


def _cell(row: CardRow, column: Column, today: date) -> str:
    seen = row.reviews > 0
    if column.key == "deck":
        return visible(row.card.deck.split("::")[-1])
    if column.key == "due":
        return row.due.isoformat() if row.due else "new"
    if column.key == "interval":
        return f"{row.interval}d" if seen else ""
    if column.key == "ease":
        return f"{row.easiness_pct / 100:.2f}" if seen else ""
    if column.key == "lapses":
        return str(row.lapses) if seen else ""
    return flags_cell(row.flags(today), column.width)


def flags_cell(flags: str, cells: int) -> str:
    """The flags in words when they fit, else their initials (`S L` for susp and leech)."""
    if width(flags) <= cells:
        return flags
    return " ".join(_FLAG_LETTERS.get(flag, flag[:1]) for flag in flags.split())


def question_cell(row: CardRow, language: LanguageChoice, cells: int) -> str:
    """The question on one line; a cloze card's own deletion in brackets, kept in view."""
    card = row.card
    if card.kind is not NoteKind.CLOZE:
        return clip(visible(plain(row.question(language))), cells)
    chosen = "en" if language == "both" else language
    present = [lang for lang in LANGUAGES if lang in card.wordings]
    wording = card.wordings.get(chosen) or (card.wordings[present[0]] if present else None)
    text = (wording.text if wording else None) or ""
    number = int(card.template[1:]) if card.template[1:].isdigit() else 0
    marked = cloze.DELETION.sub(
        lambda match: (
            f"{_ASKED_OPEN}{match.group(2)}{_ASKED_CLOSE}"
            if int(match.group(1)) == number
            else match.group(2)
        ),
        text,
    )
    shown = visible(plain(marked))
    at, end = max(shown.find(_ASKED_OPEN), 0), shown.find(_ASKED_CLOSE) + 1
    shown = shown.replace(_ASKED_OPEN, "[").replace(_ASKED_CLOSE, "]")
    return around(shown, at, end, cells)


def around(text: str, at: int, end: int, cells: int) -> str:
    """`text` cut to `cells`, keeping `text[at:end]` in view: from the start when it fits, else
    from a little before `at` (a third of the cells), with "…" where it was cut."""
    if width(text[:end]) < cells:
        return clip(text, cells)
    start = at
    while start > 0 and width(text[start - 1 : at]) <= cells // 3:
        start -= 1
    return clip(ELLIPSIS + text[start:].lstrip(), cells)
