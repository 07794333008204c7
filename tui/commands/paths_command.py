"""`flywheel paths`: where the database, the config file and the decks are."""

from __future__ import annotations

import argparse

from cards.decks.user_decks import replaced_builtins
from cards.workspace import Workspace


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    del parser, name


def run(args: argparse.Namespace, workspace: Workspace) -> int:
    where = workspace.locations
    print(f"database:  {where.db}")
    print(f"config:    {where.config}{'' if where.config.exists() else '  (not created)'}")
    for folder in workspace.deck_folders():
        print(f"decks:     {folder}{'' if folder.exists() else '  (not created)'}")
    if workspace.settings.builtin_decks:
        for builtin, copy in replaced_builtins(where.user_decks).items():
            print(f"in use:    {copy}  (your copy, in place of the built-in {builtin.name})")
    print(f"study day: {workspace.today.isoformat()}")
    return 0
