"""`flywheel list`: the notes in use, filtered by deck or tag, as a table or JSON."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cards.decks.loading import DeckFile, cards_of
from cards.decks.models import Note
from cards.decks.printable import printable
from cards.decks.user_decks import is_builtin
from cards.decks.vocabulary import in_deck, require_deck
from cards.plural import counted
from cards.workspace import Workspace
from seeds import BUILTIN_DECKS
from tui.light_plain import light_plain
from tui.text import clip


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("--deck", metavar="D", help="only this deck and its subdecks")
    parser.add_argument("--tag", metavar="T", help="only notes with this tag")
    parser.add_argument("--json", action="store_true", help="print JSON")


def run(args: argparse.Namespace, workspace: Workspace) -> int:
    collection = workspace.load_collection()
    if args.deck is not None:
        require_deck(args.deck, (deck_file.deck.name for deck_file in collection.decks))
    rows: list[tuple[DeckFile, Note]] = [
        (deck_file, note)
        for deck_file, note in collection.notes()
        if (args.deck is None or in_deck(deck_file.deck.name, args.deck))
        and (args.tag is None or args.tag in note.tags)
    ]
    if args.json:
        print(
            json.dumps(
                [_as_json(deck_file, note) for deck_file, note in rows],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    for deck_file, note in rows:
        card = cards_of(note, deck_file.deck.name)[0]
        text = card.front("en") or card.front("ko") or ""
        deck = printable(deck_file.deck.name)
        print(f"{note.id:<40} {note.kind:<8} {deck:<32} {clip(printable(light_plain(text)), 60)}")
    print(counted(len(rows), "note"))
    for path in dict.fromkeys(deck_file.path for deck_file, _ in rows):
        print(f"from {path}{_origin(path, workspace)}")
    return 0


def _origin(path: Path, workspace: Workspace) -> str:
    """Says whether a file is shipped with Flywheel or the user's copy of such a file."""
    if is_builtin(path):
        return "  (built-in)"
    copy = path.parent == workspace.locations.user_decks
    if copy and workspace.settings.builtin_decks and (BUILTIN_DECKS / path.name).is_file():
        return f"  (your copy of the built-in {path.name})"
    return ""


def _as_json(deck_file: DeckFile, note: Note) -> dict[str, object]:
    return {
        "id": note.id,
        "deck": deck_file.deck.name,
        "kind": str(note.kind),
        "cards": list(note.card_ids()),
        "tags": list(note.tags),
        "file": str(deck_file.path),
        "builtin": is_builtin(deck_file.path),
        "source": str(note.source) if note.source else None,
        **{lang: face.model_dump(exclude_none=True) for lang, face in note.faces().items()},
    }
