"""What loads when: `cards` and the plumbing commands import no Textual, heavy parts load late."""

from __future__ import annotations

import subprocess
import sys

import pytest


def loaded_after(setup: str, unwanted: tuple[str, ...]) -> list[str]:
    """The modules of `unwanted` (packages or single modules) that a fresh Python has loaded
    once it has run `setup`."""
    code = (
        f"import sys\n{setup}\n"
        f"unwanted = {unwanted!r}\n"
        "print('\\n'.join(sorted(m for m in sys.modules "
        "if m in unwanted or m.split('.')[0] in unwanted)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return result.stdout.split()


@pytest.mark.parametrize(
    "module",
    ["cards.workspace", "tui.cli", "tui.plumbing", "tui.stats_command", "tui.doctor_command"],
)
def test_module_does_not_load_textual(module: str) -> None:
    setup = (
        f"import {module}, pkgutil, importlib, cards\n"
        "for info in pkgutil.iter_modules(cards.__path__):\n"
        "    importlib.import_module('cards.' + info.name)"
    )
    assert loaded_after(setup, ("textual", "rich")) == []


def test_building_the_command_line_loads_neither_anki_export_nor_screen() -> None:
    """Every command builds the whole parser, so what it imports is paid by `flywheel due` too."""
    setup = "import tui.cli\ntui.cli.build_parser()"
    unwanted = ("genanki", "markdown_it", "textual", "rich", "cards.export")
    assert loaded_after(setup, unwanted) == []


def test_the_app_loads_the_stats_and_browse_screens_only_when_opened() -> None:
    unwanted = ("plotext", "textual_plotext", "tui.screens.stats", "tui.screens.browse")
    assert loaded_after("import tui.app", unwanted) == []
