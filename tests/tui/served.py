"""`flywheel serve` in a subprocess, and tabs of a real (headless) Chromium on its page.

xterm.js paints the screen on a canvas, so a tab reads it from the terminal's buffer: a script
added before the page's own catches the terminal object as the page script stores it.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT = 30.0

CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {value, writable: true, configurable: true});
    if (value && value.buffer && !window.flywheelTerminal) window.flywheelTerminal = value;
  },
});
"""
READ_SCREEN = """() => {
  const terminal = window.flywheelTerminal;
  if (!terminal) return "";
  const buffer = terminal.buffer.active;
  const lines = [];
  for (let row = 0; row < terminal.rows; row++) {
    const line = buffer.getLine(buffer.viewportY + row);
    lines.push(line ? line.translateToString(true) : "");
  }
  return lines.join("\\n");
}"""


KOREAN_FONT = Path("/usr/share/fonts/truetype/nanum/NanumGothicCoding.ttf")
"""A Korean font the page names (Debian's fonts-nanum), for the browser to draw Hangul with."""


def need_chromium() -> None:
    """Skip without Chromium on a developer's machine; in CI (CI=true) its absence fails."""
    need(CHROMIUM, "chromium")


def need_korean_font() -> None:
    need(KOREAN_FONT, "fonts-nanum")


def need(path: Path, package: str) -> None:
    """Skip without `path` on a developer's machine; in CI (CI=true) its absence fails."""
    if path.exists():
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{path} is missing: CI must install {package} (see .ci/run)")
    pytest.skip(f"{path} is missing (apt-get install {package})")


def wait_for(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
    """Poll `condition` until it holds, failing with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)


class Served:
    """One `flywheel serve` process on a free port; its output goes to files in `folder`."""

    def __init__(self, folder: Path, env: dict[str, str], *args: str) -> None:
        self.out = folder / "serve.out"
        self.err = folder / "serve.err"
        with self.out.open("wb") as out, self.err.open("wb") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tui.commands.cli", "serve", "--port=0", *args],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                env={**os.environ, **env},
            )
        wait_for(lambda: "http://" in self.output() or self.process.poll() is not None, "a URL")
        found = re.search(r"http://\S+/", self.output())
        assert found, f"no URL printed: {self.output()!r} {self.errors()!r}"
        self.url = found.group(0)

    def output(self) -> str:
        return self.out.read_text(encoding="utf-8", errors="replace")

    def errors(self) -> str:
        return self.err.read_text(encoding="utf-8", errors="replace")

    @property
    def origin(self) -> str:
        """The URL without its token: scheme, host and port."""
        address = urlsplit(self.url)
        return f"{address.scheme}://{address.netloc}"

    def interrupt(self) -> int:
        """Ctrl-C, as a terminal sends it; returns the exit status."""
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=TIMEOUT)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Tab:
    """A browser tab on the served page: the screen as text, keys in."""

    def __init__(self, page: Page, url: str) -> None:
        self.page = page
        page.add_init_script(CATCH_TERMINAL)
        page.goto(url)
        self.wait_for("")  # the terminal exists
        page.locator(".xterm-screen").click()  # the keys go to the terminal

    def screen(self) -> str:
        return str(self.page.evaluate(READ_SCREEN))

    def wait_for(self, text: str | Callable[[str], bool], timeout: float = TIMEOUT) -> str:
        test = text if callable(text) else (lambda screen: text in screen)
        last = ""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            last = self.screen()
            if self.page.evaluate("() => !!window.flywheelTerminal") and test(last):
                return last
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {text!r}; the screen was:\n{last}")

    def press(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)


def app_processes(marker: str) -> list[int]:
    """The processes whose command line mentions `marker` (a test's own temp folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if marker.encode() in command and int(entry.name) != os.getpid():
            found.append(int(entry.name))
    return found
