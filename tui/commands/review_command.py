"""`flywheel review [--deck D]` and plain `flywheel` (the home screen): the Textual UI.

Textual is imported inside `run()` only, while the deck files sync in a thread beside it: for
unchanged files the sync is done by the time Textual has loaded, and the first card is the first
paint.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import TypeVar

from cards.errors import FlywheelError
from cards.workspace import Workspace
from tui.commands.plumbing import add_stretch_arguments, stretched_limits
from tui.services import Start


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("--deck", metavar="D", help="only this deck and its subdecks")
    if name == "review":
        add_stretch_arguments(parser)


def run(args: argparse.Namespace, workspace: Workspace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()) and not served_to_browser():
        raise FlywheelError(
            "the review screen needs an interactive terminal (stdin and stdout are not a TTY); "
            "scripts can use `flywheel due` and `flywheel answer`"
        )
    deck_files = workspace.deck_files()
    if not deck_files:
        raise FlywheelError(
            f"no deck files to review: put .toml decks in {workspace.locations.user_decks} "
            "or set builtin_decks = true in the config"
        )
    from tui.commands.sync_command import sync_without_asking

    start: Start = "review" if args.command == "review" else "home"
    sync_with_anki = sync_without_asking(workspace)
    limits = stretched_limits(args, workspace)
    with workspace.open_collection(limits) as store:
        first_sync = in_background(lambda: store.sync(deck_files))
        from tui.app.app import make_app  # deferred: loads Textual, while the sync runs

        app = make_app(
            store,
            today=workspace.today,
            settings=workspace.settings,
            deck_files=workspace.deck_files,
            start=start,
            deck=getattr(args, "deck", None),
            user_decks=workspace.locations.user_decks,
            first_sync=first_sync,
            sync_with_anki=sync_with_anki,
        )
        note = app.run()
    if note:
        print(note, file=sys.stderr)
    if workspace.settings.sync.on_close:
        return sync_on_close(sync_with_anki) or app.return_code or 0
    return app.return_code or 0


def sync_on_close(sync: Callable[[], list[str]]) -> int:
    """`[sync] on_close`: sync with Anki as the review ends; 1 when it failed (said in a line)."""
    try:
        lines = sync()
    except FlywheelError as error:
        print(f"flywheel: sync with Anki: {error}", file=sys.stderr)
        return 1
    for line in lines:
        print(line)
    return 0


WEB_DRIVER = "textual.drivers.web_driver:WebDriver"
"""Textual's driver for an app that talks to a browser page through its stdin and stdout."""


def served_to_browser() -> bool:
    """Whether `flywheel serve` started this process for a browser tab: its pipes then carry the
    page's screen and keys, so no terminal is needed."""
    return os.environ.get("TEXTUAL_DRIVER") == WEB_DRIVER


T = TypeVar("T")


def in_background(work: Callable[[], T]) -> Future[T]:
    """`work()` run in a thread of its own; its result or error in the future."""
    future: Future[T] = Future()

    def run() -> None:
        try:
            future.set_result(work())
        except BaseException as error:
            future.set_exception(error)

    threading.Thread(target=run, name="first-sync", daemon=True).start()
    return future
