"""The sync login: the host key Anki's server hands out, kept where only the user can read it.

The password is never stored: it is sent once to get the key, and `flywheel sync --logout`
forgets the key. The file lives in the user's state folder (`$XDG_STATE_HOME/flywheel` on Linux).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from cards.errors import FlywheelError
from cards.paths import APP_NAME

LOGIN_FILE = "anki-login.json"
ANKIWEB = ""
"""The endpoint of AnkiWeb: none given, so Anki's library uses its own default."""


@dataclass(frozen=True)
class Login:
    """Who syncs with which server, and the key the server gave for it."""

    user: str
    server: str
    """The server as the user named it, or `ANKIWEB`: which mirror and account this is."""
    hkey: str
    endpoint: str = ""
    """Where the server last said to send syncs (AnkiWeb may move an account); empty: `server`."""

    @property
    def address(self) -> str | None:
        """The endpoint for Anki's library; None for its default (AnkiWeb)."""
        return self.endpoint or self.server or None


def login_path() -> Path:
    """The login file in the user's state folder."""
    import platformdirs

    return platformdirs.user_state_path(APP_NAME) / LOGIN_FILE


def read_login(path: Path) -> Login | None:
    """The saved login, or None when there is none (or it cannot be read: log in again)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Login(
            str(data["user"]), str(data["server"]), str(data["hkey"]), str(data["endpoint"])
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_login(path: Path, login: Login) -> None:
    """Write the login readable by the user alone, replacing the old one in one step."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump(asdict(login), file)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o600)  # an old temporary file may have had other bits
        os.replace(temporary, path)
    except OSError as error:
        raise FlywheelError(f"{path}: cannot save the sync login: {error.strerror}") from None


def forget_login(path: Path) -> bool:
    """Remove the saved login; False when there was none."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as error:
        raise FlywheelError(f"{path}: cannot remove the sync login: {error.strerror}") from None
    return True


def normal_endpoint(server: str | None) -> str:
    """A server address as Anki's library expects it (ending in a slash); AnkiWeb for none."""
    if not server:
        return ANKIWEB
    if not server.startswith(("http://", "https://")):
        raise FlywheelError(f"--server: {server!r} is not an http:// or https:// address")
    return server if server.endswith("/") else server + "/"
