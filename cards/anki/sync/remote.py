"""Talking to the server, through Anki's library only: log in, sync the collection, sync media.

When the server asks for a one-way (full) sync, the choice is made here:

- the mirror has no cards: download (the server's collection is the user's);
- the server has no cards: upload (it loses nothing);
- both have cards: download on the mirror's first sync (Flywheel's notes and answers are then
  written into the downloaded copy and sent by a normal sync); afterwards only as the user
  chooses (`--full-download`, or `--full-upload` once confirmed).

A download never loses anything of Flywheel's: the mirror is rebuilt from Flywheel's log.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from enum import Enum
from typing import TYPE_CHECKING, Any

from cards.anki.sync.login import Login
from cards.errors import FlywheelError

if TYPE_CHECKING:
    from anki.collection import Collection


MEDIA_POLL_SECONDS = 0.005


class FullSync(Enum):
    """What the user said about a one-way sync."""

    REFUSE = "refuse"
    DOWNLOAD = "download"
    UPLOAD = "upload"


def server_name(endpoint: str) -> str:
    return endpoint or "AnkiWeb"


def log_in(col: Collection, user: str, password: str, server: str) -> Login:
    """Ask the server for a host key.

    Raises:
        FlywheelError: wrong user or password, or the server cannot be reached.
    """
    try:
        auth = col.sync_login(user, password, server or None)
    except Exception as error:  # the library's errors, turned into one line
        raise trouble(error, server) from None
    return Login(user, server, auth.hkey, auth.endpoint or "")


def auth_for(login: Login) -> Any:
    from anki.sync import SyncAuth

    return SyncAuth(hkey=login.hkey, endpoint=login.address)


def sync_collection(
    col: Collection,
    login: Login,
    *,
    first: bool,
    choice: FullSync,
    confirm_upload: Callable[[], bool],
) -> tuple[str, str | None]:
    """One sync of the mirror with the server; returns what happened ("normal", "download",
    "upload", "none") and the server's new address, if it gave one."""
    from anki.sync import SyncOutput

    auth = auth_for(login)
    try:
        out = col.sync_collection(auth, False)
    except Exception as error:
        raise trouble(error, login.server) from None
    new_endpoint = out.new_endpoint or None
    if new_endpoint:
        auth = auth_for(replace(login, endpoint=new_endpoint))
    required = out.required
    if required == SyncOutput.NO_CHANGES:
        return "none", new_endpoint
    if required == SyncOutput.NORMAL_SYNC:
        return "normal", new_endpoint
    if required == SyncOutput.FULL_UPLOAD:
        upload = True
    elif required == SyncOutput.FULL_DOWNLOAD:
        upload = False
    elif choice is FullSync.UPLOAD:
        if not confirm_upload():
            raise FlywheelError("nothing sent: the full upload was not confirmed")
        upload = True
    elif choice is FullSync.DOWNLOAD or first:
        upload = False
    else:
        raise FlywheelError(
            f"{server_name(login.server)} asks for a one-way sync (its collection was replaced "
            "or a note type changed on another device): run `flywheel sync --full-download` to "
            "take the server's collection (Flywheel's notes and answers are written again), or "
            "`flywheel sync --full-upload` to replace it with this one"
        )
    full_sync(col, auth, out.server_media_usn, upload=upload, server=login.server)
    return ("upload" if upload else "download"), new_endpoint


def full_sync(
    col: Collection, auth: Any, server_usn: int | None, *, upload: bool, server: str
) -> None:
    """A one-way sync: the collection is closed for it and opened again after."""
    col.close_for_full_sync()
    try:
        col.full_upload_or_download(auth=auth, server_usn=server_usn, upload=upload)
    except Exception as error:
        raise trouble(error, server) from None
    finally:
        col.reopen(after_full_sync=True)


def sync_media(col: Collection, login: Login) -> None:
    """Send and fetch media files, waiting until done (the library runs it in the background)."""
    try:
        col.sync_media(auth_for(login))
        while col.media_sync_status().active:  # raises the media sync's error, if any
            time.sleep(MEDIA_POLL_SECONDS)
    except Exception as error:
        raise trouble(error, login.server) from None


def trouble(error: Exception, endpoint: str) -> FlywheelError:
    """One line for an error of Anki's sync."""
    from anki.errors import NetworkError, SyncError, SyncErrorKind

    server = server_name(endpoint)
    if isinstance(error, SyncError) and error.kind is SyncErrorKind.AUTH:
        return FlywheelError(
            f"{server} refused the login: wrong user name or password, or the saved login "
            "expired (run `flywheel sync` again to log in)"
        )
    if isinstance(error, NetworkError):
        return FlywheelError(f"{server} cannot be reached: {_first_line(error)}")
    if isinstance(error, SyncError):
        return FlywheelError(f"{server}: sync failed: {_first_line(error)}")
    if isinstance(error, FlywheelError):
        return error
    raise error


def _first_line(error: Exception) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__
