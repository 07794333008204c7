"""A whole sync from a workspace: the login, the store, the deck files, the mirror, the report.

Shared by `flywheel sync` and the home screen; only how a password or a confirmation is asked
for differs between them, so both come in as functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cards.anki.sync.login import Login, login_path, normal_endpoint, read_login, save_login
from cards.anki.sync.remote import FullSync, log_in
from cards.errors import FlywheelError
from cards.workspace import Workspace

if TYPE_CHECKING:
    from cards.anki.export_collection import ExportPlan

INSTALL_HINT = "flywheel sync needs Anki's library: install flywheel-cards[anki]"


@dataclass(frozen=True)
class SyncRequest:
    """What the user asked for, and how to ask them more."""

    server: str | None
    user: str | None
    ask_user: Callable[[], str]
    ask_password: Callable[[str], str]
    choice: FullSync = FullSync.REFUSE
    confirm_upload: Callable[[str], bool] = lambda _text: False
    progress: Callable[[int, int], None] | None = None


def require_anki() -> None:
    """Raise the install hint when the optional `anki` extra is missing."""
    try:
        import anki.collection  # noqa: F401
    except ImportError:
        raise FlywheelError(INSTALL_HINT) from None


def sync_workspace(workspace: Workspace, request: SyncRequest, now: datetime) -> list[str]:
    """Sync the collection with Anki; returns the report's lines."""
    require_anki()
    from cards.anki.sync.edits import save_edits
    from cards.anki.sync.mirror import mirror_path, open_mirror
    from cards.anki.sync.report import report_lines
    from cards.anki.sync.run import SyncContext, sync_once

    saved_path = login_path()
    user, server, login = _account(workspace, request, saved_path)
    store, _ = workspace.open_store()
    try:
        path = mirror_path(workspace.locations.db, server, user)

        def load_plan() -> tuple[ExportPlan, list[Path]]:
            from cards.anki.export_collection import plan_export

            collection = workspace.load_collection()
            decks = [deck_file.deck for deck_file in collection.decks]
            folders = [deck_file.path.parent for deck_file in collection.decks]
            return plan_export(decks, "both"), list(dict.fromkeys(folders))

        context = SyncContext(
            store,
            load_plan,
            workspace.today,
            now,
            workspace.settings.rollover_hour,
            workspace.settings.leech_threshold,
            path.parent.name,
        )
        col = open_mirror(path)
        try:
            if login is None:
                login = log_in(col, user, request.ask_password(user), server)
                save_login(saved_path, login)
            outcome, login_after = sync_once(
                col,
                login,
                context,
                choice=request.choice,
                confirm_upload=lambda: request.confirm_upload(_upload_question(login, path)),
                progress=request.progress,
            )
        finally:
            col.close()
    finally:
        store.close()
    if login_after != login:
        save_login(saved_path, login_after)
    edits_file = save_edits(path.parent.parent, outcome.edits, now) if outcome.edits else None
    return report_lines(outcome, edits_file)


def _account(
    workspace: Workspace, request: SyncRequest, saved_path: Path
) -> tuple[str, str, Login | None]:
    """The user and server to sync with, and the saved login when it is theirs."""
    wanted = request.server or workspace.settings.sync.server or None
    saved = read_login(saved_path)
    server = normal_endpoint(wanted) if wanted else (saved.server if saved else "")
    if (
        saved is not None
        and saved.server == server
        and (request.user is None or request.user == saved.user)
    ):
        return saved.user, server, saved
    user = request.user or request.ask_user()
    if not user:
        raise FlywheelError("no user name given: nothing synced")
    return user, server, None


def _upload_question(login: Login | None, mirror: Path) -> str:
    """The question before a full upload, naming what the server holds now."""
    from cards.anki.sync.server_copy import server_holdings, upload_question

    assert login is not None
    return upload_question(login, server_holdings(login, mirror.parent))
