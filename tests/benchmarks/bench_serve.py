"""`flywheel serve` in headless Chromium: page opened to the first card painted, and a key to the
screen updated, beside a bare Textual app served the same way.

Run by hand: `uv run python tests/benchmarks/bench_serve.py [--sizes 100,10000] [--repeats 7]`.
Each repeat opens the page in a fresh browser context (so a fresh app process), waits for the
marker in the terminal's buffer, then, a second later, presses space and waits for the change:
the reveal of the first card for Flywheel, a counter for the bare app. Nothing is answered, so
every repeat shows the same first card.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, sync_playwright  # noqa: E402

from tests.benchmarks.bench_startup import write_decks  # noqa: E402
from tests.benchmarks.measuring import settle  # noqa: E402
from tests.tui.served import CATCH_TERMINAL, CHROMIUM, CHROMIUM_ARGS, READ_SCREEN  # noqa: E402

SETTLE_SECONDS = 1.0
"""Time left between the first paint and the key, as a reader takes to read a card: the review
loads its Markdown parser in a thread after the first paint, and the key is not timed against it."""

BARE_APP = """
from textual.app import App
from textual.widgets import Static

class Bare(App[None]):
    BINDINGS = [("space", "bump", "Bump")]
    presses = 0

    def compose(self):
        yield Static("BARE-READY")

    def action_bump(self) -> None:
        self.presses += 1
        self.query_one(Static).update(f"BARE-KEY-{self.presses}")

Bare().run()
"""
BARE_SERVER = """
import asyncio, secrets, sys
from tui.web_server import FlywheelServer
token = secrets.token_urlsafe(24)
server = FlywheelServer([sys.executable, sys.argv[1]], "127.0.0.1", 0, token)
asyncio.run(server.run(lambda port: print(f"http://127.0.0.1:{port}/{token}/", flush=True)))
"""


def start(command: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[str], str]:
    """A server process and the URL it printed."""
    server = subprocess.Popen(
        command, stdout=subprocess.PIPE, text=True, env={**os.environ, **env}, cwd=ROOT
    )
    assert server.stdout is not None
    found = re.search(r"http://\S+/", server.stdout.readline())
    if found is None:
        server.kill()
        sys.exit(f"{command} printed no URL")
    return server, found.group(0)


def shows(text: str) -> str:
    """A page function that holds once the terminal's screen shows `text`."""
    return f"() => ({READ_SCREEN})().includes({text!r})"


def time_page(browser: Browser, url: str, marker: str, changed: str) -> tuple[float, float]:
    """Seconds from opening the page to `marker` shown, and from space to `changed` shown."""
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    try:
        page = context.new_page()
        page.add_init_script(CATCH_TERMINAL)
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_function(shows(marker), polling=5, timeout=60_000)
        painted = time.perf_counter() - started
        page.locator(".xterm-screen").click()
        time.sleep(SETTLE_SECONDS)
        started = time.perf_counter()
        page.keyboard.press(" ")
        page.wait_for_function(shows(changed), polling=5, timeout=60_000)
        return painted, time.perf_counter() - started
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="100,10000")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"{CHROMIUM} is needed: apt-get install chromium")
    print(f"cores: {os.cpu_count()}, repeats: {args.repeats}, medians in ms")
    print("| notes | what | bare Textual app | flywheel serve | ratio |\n|---:|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        root = Path(scratch)
        bare_script = root / "bare.py"
        bare_script.write_text(BARE_APP)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        bare_server, bare_url = start([sys.executable, "-c", BARE_SERVER, str(bare_script)], {})
        try:
            for size in (int(part) for part in args.sizes.split(",")):
                folder = root / f"decks-{size}"
                write_decks(folder, size)
                config = root / "config.toml"
                config.write_text("builtin_decks = false\n")
                env = {
                    "FLYWHEEL_DB": str(root / f"c-{size}.db"),
                    "FLYWHEEL_DECKS": str(folder),
                    "FLYWHEEL_CONFIG": str(config),
                    "FLYWHEEL_TODAY": "2026-01-15",
                }
                settle(config)
                cli = [sys.executable, "-m", "tui.commands.cli"]
                for _ in range(2):  # the first sync, then the run that caches the settings
                    done = subprocess.run(
                        [*cli, "due", "--limit", "1"],
                        env={**os.environ, **env},
                        capture_output=True,
                    )
                    done.check_returncode()
                server, url = start([*cli, "serve", "--port=0", "--deck=Bench"], env)
                try:
                    bare, ours = [], []
                    time_page(browser, bare_url, "BARE-READY", "BARE-KEY-1")  # warm caches
                    time_page(browser, url, "FIRST-CARD-MARKER", "Answer 0")
                    for _ in range(args.repeats):
                        bare.append(time_page(browser, bare_url, "BARE-READY", "BARE-KEY-1"))
                        ours.append(time_page(browser, url, "FIRST-CARD-MARKER", "Answer 0"))
                finally:
                    server.terminate()
                    server.wait()
                for index, what in enumerate(("page to first paint", "key to screen updated")):
                    b = statistics.median(times[index] for times in bare) * 1000
                    o = statistics.median(times[index] for times in ours) * 1000
                    print(f"| {size:,} | {what} | {b:.0f} | {o:.0f} | {o / b:.2f}x |")
        finally:
            bare_server.terminate()
            bare_server.wait()
            browser.close()


if __name__ == "__main__":
    main()
