"""`flywheel sync`: sync the collection with Anki (AnkiWeb or a self-hosted server)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from cards.errors import FlywheelError
from cards.store.session import system_clock
from cards.workspace import Workspace

if TYPE_CHECKING:
    from tui.commands.export_command import ProgressLine

PASSWORD_ENV = "FLYWHEEL_SYNC_PASSWORD"


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument(
        "--server", metavar="URL", help="a self-hosted Anki sync server (default: AnkiWeb)"
    )
    parser.add_argument("--user", metavar="NAME", help="the account to log in with")
    parser.add_argument(
        "--logout", action="store_true", help="forget the saved login and sync nothing"
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--full-upload",
        action="store_true",
        help="when the server asks for a one-way sync, replace its collection (asks first)",
    )
    group.add_argument(
        "--full-download",
        action="store_true",
        help="when the server asks for a one-way sync, take its collection",
    )


def run(args: argparse.Namespace, workspace: Workspace) -> int:
    from cards.anki.sync.login import forget_login, login_path
    from cards.anki.sync.remote import FullSync
    from cards.anki.sync.session import SyncRequest, sync_workspace

    if args.logout:
        path = login_path()
        print("logged out" if forget_login(path) else "not logged in: nothing to forget")
        return 0
    choice = (
        FullSync.UPLOAD
        if args.full_upload
        else FullSync.DOWNLOAD
        if args.full_download
        else FullSync.REFUSE
    )
    progress = _progress() if sys.stderr.isatty() else None
    request = SyncRequest(
        server=args.server,
        user=args.user,
        ask_user=_ask_user,
        ask_password=_ask_password,
        choice=choice,
        confirm_upload=_confirm,
        progress=progress,
    )
    try:
        lines = sync_workspace(workspace, request, system_clock())
    finally:
        if progress is not None:
            progress.clear()
    for line in lines:
        print(line)
    return 0


def sync_without_asking(workspace: Workspace) -> Callable[[], list[str]]:
    """A sync for the screens and the end of a review: with the saved login only, never a
    question (a first sync, or a one-way one, is `flywheel sync`'s to do in a terminal)."""
    from cards.anki.sync.session import SyncRequest, sync_workspace

    def refuse(*_: object) -> str:
        raise FlywheelError("not logged in to Anki: run `flywheel sync` in a terminal first")

    request = SyncRequest(server=None, user=None, ask_user=refuse, ask_password=refuse)
    return lambda: sync_workspace(workspace, request, system_clock())


def _progress() -> ProgressLine:
    from tui.commands.export_command import ProgressLine

    return ProgressLine(sys.stderr, verb="writing")


def _ask_user() -> str:
    if not sys.stdin.isatty():
        raise FlywheelError("not logged in: give the account with --user NAME")
    return input("Anki user name (e-mail): ").strip()


def _ask_password(user: str) -> str:
    password = os.environ.get(PASSWORD_ENV)
    if password:
        return password
    if not sys.stdin.isatty():
        raise FlywheelError(
            f"not logged in: set {PASSWORD_ENV} or run `flywheel sync` in a terminal"
        )
    import getpass

    return getpass.getpass(f"Anki password for {user}: ")


def _confirm(question: str) -> bool:
    print(question, end="", file=sys.stderr, flush=True)
    try:
        answer = sys.stdin.readline()
    except (OSError, ValueError):
        return False
    return answer.strip().lower() in ("y", "yes")
