"""Serving the app to web browsers: textual-serve's page and one app process per tab, behind a
token that only the printed address carries.

Every request needs the token: in the path (`/TOKEN/...`, the page, its files and its
websocket), or, for the files an app hands to its tab (`/download/KEY`, an address the page
script builds without it), in the cookie the page sets. Anything else is refused with 403.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import hmac
import os
import shlex
import signal
import sys
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from cards.errors import FlywheelError

PAGE_FOLDER = Path(__file__).parent / "web"
GRACE_SECONDS = 3.0
"""How long an app process has to quit when asked, before it is ended."""

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class TabApp(AppService):
    """One tab's app process, started without a shell and in a session of its own, so that it
    and anything it starts end together."""

    def __init__(self, server: FlywheelServer, websocket: web.WebSocketResponse) -> None:
        super().__init__(
            shlex.join(server.argv),
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=partial(close_quietly, websocket),
            download_manager=server.download_manager,
        )
        self.argv = server.argv
        self.server = server

    async def _open_app_process(
        self, width: int = 80, height: int = 24
    ) -> asyncio.subprocess.Process:
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=self._build_environment(width=width, height=height),
            start_new_session=True,
            preexec_fn=ended_with_the_server() if sys.platform == "linux" else None,
        )
        self._stdin = process.stdin
        self.server.processes.add(process)
        return process

    async def run(self) -> None:
        try:
            await super().run()
        finally:
            if self._process is not None:
                await end_process(self._process)
                self.server.processes.discard(self._process)


async def close_quietly(websocket: web.WebSocketResponse) -> None:
    """Close the tab's websocket (its app quit), whatever the close handshake says."""
    await websocket.close()


async def end_process(process: asyncio.subprocess.Process) -> None:
    """Wait a moment for `process` to quit, then end its whole process group."""
    for sent in (None, signal.SIGTERM, signal.SIGKILL):
        if sent is not None:
            signal_group(process, sent)
        try:
            await asyncio.wait_for(process.wait(), GRACE_SECONDS)
        except TimeoutError:
            continue
        break
    signal_group(process, signal.SIGKILL)  # whatever it started and left behind in its group


PR_SET_PDEATHSIG = 1
"""prctl's option: the signal the kernel sends a process when the thread that started it ends."""


def ended_with_the_server() -> Callable[[], None]:
    """What a tab's process runs before the app (Linux): a server killed outright (kill -9)
    cannot end its tabs, so the kernel sends each one SIGTERM instead; answers are already
    committed. Textual's web driver only stops reading when its input closes, and would
    otherwise keep the app, and the collection, open for good."""
    server = os.getpid()
    libc = ctypes.CDLL(None, use_errno=True)  # loaded here: the child only calls it

    def arrange() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != server:  # the server died before the request took effect
            os.kill(os.getpid(), signal.SIGTERM)

    return arrange


def signal_group(process: asyncio.subprocess.Process, sent: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sent)


class FlywheelServer(Server):
    """textual-serve's server, with the token guard, Flywheel's page and every app process
    ended when it stops."""

    def __init__(self, argv: list[str], host: str, port: int, token: str) -> None:
        super().__init__(
            shlex.join(argv), host=host, port=port, title="Flywheel", templates_path=PAGE_FOLDER
        )
        self.argv = argv
        self.token = token
        self.cookie = f"flywheel-{port}"
        self.processes: set[asyncio.subprocess.Process] = set()
        self.sockets: set[web.WebSocketResponse] = set()

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        prefix = f"/{self.token}"
        app.add_routes(
            [
                web.get(prefix, self.handle_index),
                web.get(f"{prefix}/", self.handle_index),
                web.get(f"{prefix}/ws", self.handle_websocket),
                web.get("/download/{key}", self.handle_download),
                web.static(f"{prefix}/static", self.statics_path, name="static"),
            ]
        )
        app.on_response_prepare.append(self.add_safety_headers)
        app.on_shutdown.append(self.end_tabs)
        return app

    def admits(self, request: web.Request) -> bool:
        """The token is in the path, or (for files handed to the tab) in the page's cookie."""
        first = request.path.split("/", 2)[1]
        if hmac.compare_digest(first.encode(), self.token.encode()):
            return True
        cookie = request.cookies.get(self.cookie, "")
        return request.path.startswith("/download/") and hmac.compare_digest(
            cookie.encode(), self.token.encode()
        )

    @web.middleware
    async def guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not self.admits(request) or not same_origin(request):
            raise web.HTTPForbidden(text="403: open the address `flywheel serve` printed\n")
        return await handler(request)

    async def add_safety_headers(self, request: web.Request, response: web.StreamResponse) -> None:
        """The token never leaves in a Referer; a card's file shown in a tab runs no script."""
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-store"
        if request.path.startswith("/download/"):
            response.headers["Content-Security-Policy"] = "sandbox"

    async def handle_index(self, request: web.Request) -> web.Response:
        scheme = "wss" if request.secure else "ws"
        context = {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{scheme}://{request.host}/{self.token}/ws",
            "static_url": f"/{self.token}/static/",
        }
        response = aiohttp_jinja2.render_template("page.html", request, context)
        response.set_cookie(self.cookie, self.token, httponly=True, samesite="Strict", path="/")
        return response

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """A tab connected: start its own app process and carry keys and screen between them."""
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        self.sockets.add(websocket)
        tab = TabApp(self, websocket)
        try:
            await tab.start(
                to_int(request.query.get("width", "80"), 80),
                to_int(request.query.get("height", "24"), 24),
            )
            await self._process_messages(websocket, tab)
        finally:
            self.sockets.discard(websocket)
            await tab.stop()
        return websocket

    async def end_tabs(self, app: web.Application) -> None:
        """On the way out: every tab's page is told, every app process ends."""
        for websocket in list(self.sockets):
            await websocket.close(code=WSCloseCode.GOING_AWAY)
        await asyncio.gather(*(end_process(process) for process in list(self.processes)))

    async def run(self, announce: Callable[[int], None]) -> None:
        """Listen until SIGINT or SIGTERM; `announce` gets the port once the server listens."""
        runner = web.AppRunner(await self._make_app(), handle_signals=False, shutdown_timeout=5)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except OSError as error:
            await runner.cleanup()
            raise FlywheelError(cannot_listen(self.host, self.port, error)) from None
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signal_number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signal_number, stop.set)
        try:
            announce(listening_port(runner, self.port))
            await stop.wait()
        finally:
            await runner.cleanup()


def same_origin(request: web.Request) -> bool:
    """A page of another site may not drive a tab here, even one that learned the address: a
    browser names the page's site in Origin, which must be this server."""
    origin = request.headers.get("Origin")
    return origin is None or urlsplit(origin).netloc == request.host


def listening_port(runner: web.AppRunner, asked: int) -> int:
    """The port listened on: the one asked for, or the free one chosen for port 0."""
    for address in runner.addresses:
        if isinstance(address, tuple):
            return int(address[1])
    return asked


def cannot_listen(host: str, port: int, error: OSError) -> str:
    """One line for a failed start: a port in use, a host that is not this machine's."""
    import errno

    if error.errno == errno.EADDRINUSE:
        return f"port {port} on {host} is in use; choose another with --port"
    if error.errno == errno.EACCES:
        return f"port {port} on {host} is reserved for the administrator; choose one above 1023"
    reason = error.strerror or str(error)
    return (
        f"cannot listen on {host!r} port {port}: {reason}; --host takes an address of this machine"
    )
