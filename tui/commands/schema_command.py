"""`flywheel schema`: the JSON Schema of deck files, for editors that validate TOML as you type."""

from __future__ import annotations

import argparse
import json

from cards.decks.models import Deck
from cards.workspace import Workspace


def deck_schema_json() -> str:
    """The schema as committed in `seeds/deck.schema.json`."""
    schema = Deck.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Flywheel deck"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    del parser, name


def run(args: argparse.Namespace, workspace: Workspace) -> int:
    print(deck_schema_json(), end="")
    return 0
