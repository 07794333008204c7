"""`flywheel serve`: the app in a web browser, each tab a sitting of its own (see `tui.web_server`).

The server and Textual run in the processes it starts, one per tab; this one only listens.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import secrets
import sys

from cards.decks.vocabulary import require_deck
from cards.errors import FlywheelError
from cards.workspace import Workspace

COMMON_OPTIONS = ("db", "decks", "config", "today")


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine)"
    )
    parser.add_argument(
        "--port", type=port_number, default=8000, help="port (default 8000; 0 picks a free one)"
    )
    parser.add_argument("--deck", metavar="D", help="each tab reviews this deck (default: home)")


def port_number(text: str) -> int:
    """A TCP port, 0 to 65535, for argparse (which reports anything else in one line)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is not between 0 and 65535")
    return port


def run(args: argparse.Namespace, workspace: Workspace) -> int:
    deck_files = workspace.deck_files()
    if not deck_files:
        raise FlywheelError(
            f"no deck files to review: put .toml decks in {workspace.locations.user_decks} "
            "or set builtin_decks = true in the config"
        )
    if args.deck is not None:  # said here once, not in every tab as it closes
        with workspace.open_collection() as store:
            store.sync(deck_files)
            require_deck(args.deck, store.card_totals())
    try:
        from tui.web_server import FlywheelServer  # textual-serve: the optional `serve` extra
    except ModuleNotFoundError as missing:
        package = (missing.name or "textual_serve").split(".")[0]
        raise FlywheelError(
            f"`flywheel serve` needs the serve extra ({package} is not installed): "
            "install flywheel-cards[serve]"
        ) from None
    token = secrets.token_urlsafe(24)
    server = FlywheelServer(tab_command(args), args.host, args.port, token)

    def announce(port: int) -> None:
        if wildcard(args.host):
            print(
                f"flywheel: warning: listening on every network address ({args.host}): anyone "
                "on the network who has the address below can review your cards",
                file=sys.stderr,
            )
        host = "127.0.0.1" if wildcard(args.host) else args.host
        host = f"[{host}]" if ":" in host else host
        print(f"Open http://{host}:{port}/{token}/ in a browser; Ctrl-C stops.", flush=True)

    asyncio.run(server.run(announce))
    return 0


def tab_command(args: argparse.Namespace) -> list[str]:
    """The command each tab runs: this Flywheel, on this collection, home or one deck's review."""
    argv = [sys.executable, "-m", "tui.commands.cli"]
    for option in COMMON_OPTIONS:
        value = getattr(args, option, None)
        if value is not None:
            argv.append(f"--{option}={value}")
    if args.deck is not None:
        argv += ["review", f"--deck={args.deck}"]
    return argv


def wildcard(host: str) -> bool:
    """Whether `host` means every address of the machine (0.0.0.0, ::, or empty)."""
    try:
        return host == "" or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False
