"""`flywheel serve` without a browser: the token guard over plain HTTP, and start-up errors."""

from __future__ import annotations

import base64
import http.client
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import flywheel
from tests.tui.served import Served


@pytest.fixture
def served(tmp_path: Path, env: dict[str, str]) -> Iterator[Served]:
    server = Served(tmp_path, env)
    yield server
    server.stop()


def status(served: Served, path: str, headers: dict[str, str] | None = None) -> int:
    """The status of a GET of `path` on the server (the response's body left unread)."""
    address = urlsplit(served.url)
    connection = http.client.HTTPConnection(address.hostname or "", address.port, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        return connection.getresponse().status
    finally:
        connection.close()


def websocket_headers() -> dict[str, str]:
    key = base64.b64encode(os.urandom(16)).decode()
    return {
        "Upgrade": "websocket",
        "Connection": "Upgrade",
        "Sec-WebSocket-Key": key,
        "Sec-WebSocket-Version": "13",
    }


def test_with_the_token_the_page_and_its_files_are_served(served: Served) -> None:
    token_path = urlsplit(served.url).path
    assert status(served, token_path) == 200
    assert status(served, f"{token_path}static/js/textual.js") == 200
    assert status(served, f"{token_path}ws", websocket_headers()) == 101


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/ws",
        "/static/js/textual.js",
        "/download/abc",
        "/favicon.ico",
        "/x/static/css/xterm.css",
    ],
)
def test_without_the_token_every_request_gets_403(served: Served, path: str) -> None:
    headers = websocket_headers() if path.endswith("ws") else {}
    assert status(served, path, headers) == 403


def test_a_wrong_token_and_another_sites_websocket_get_403(served: Served) -> None:
    token_path = urlsplit(served.url).path
    wrong = token_path[:-2] + ("A/" if token_path[-2] != "A" else "B/")
    assert status(served, wrong) == 403
    other_site = {**websocket_headers(), "Origin": "http://example.com"}
    assert status(served, f"{token_path}ws", other_site) == 403


def test_a_port_in_use_is_one_line_and_exit_2(env: dict[str, str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = flywheel("serve", "--port", str(port), env=env)
    assert result.returncode == 2
    assert result.stderr == (
        f"flywheel: port {port} on 127.0.0.1 is in use; choose another with --port\n"
    )
    assert result.stdout == ""


@pytest.mark.parametrize("host", ["no-such-host.invalid", "300.1.2.3", "192.0.2.1"])
def test_a_bad_host_is_one_line_and_exit_2(env: dict[str, str], host: str) -> None:
    result = flywheel("serve", "--host", host, "--port", "0", env=env)
    assert result.returncode == 2
    assert result.stderr.startswith(f"flywheel: cannot listen on {host!r} port 0: ")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("port", ["70000", "-1", "http"])
def test_a_bad_port_is_one_line_and_exit_2(env: dict[str, str], port: str) -> None:
    result = flywheel("serve", f"--port={port}", env=env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "port" in result.stderr


def test_every_address_prints_a_one_line_warning(tmp_path: Path, env: dict[str, str]) -> None:
    server = Served(tmp_path, env, "--host=0.0.0.0")
    try:
        warning = server.errors()
        assert warning.startswith("flywheel: warning: listening on every network address")
        assert warning.count("\n") == 1
        assert server.url.startswith("http://127.0.0.1:")
        assert status(server, urlsplit(server.url).path) == 200
    finally:
        server.stop()


def test_without_the_serve_extra_it_says_what_to_install(env: dict[str, str]) -> None:
    """As installed without `[serve]`: textual-serve cannot be imported."""
    blocked = "import sys; sys.modules['textual_serve'] = None; "
    run = "from tui.commands.cli import main; sys.exit(main(['serve']))"
    result = subprocess.run(
        [sys.executable, "-c", blocked + run],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr == (
        "flywheel: `flywheel serve` needs the serve extra (textual_serve is not installed): "
        "install flywheel-cards[serve]\n"
    )


def test_a_deck_that_is_not_there_is_one_line_and_exit_2(env: dict[str, str]) -> None:
    """Said once at the start, rather than by every tab as its sitting closes at once."""
    result = flywheel("serve", "--port=0", "--deck=Nope", env=env)
    assert result.returncode == 2
    assert result.stderr == ("flywheel: --deck 'Nope' matches no deck (decks: Test::Basics)\n")
    assert result.stdout == ""
