"""The domain never loads the screen: `cards` and the plumbing commands import no Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize(
    "module",
    ["cards.workspace", "tui.cli", "tui.plumbing", "tui.stats_command", "tui.doctor_command"],
)
def test_module_does_not_load_textual(module: str) -> None:
    code = (
        f"import sys, {module}, pkgutil, importlib, cards\n"
        "for info in pkgutil.iter_modules(cards.__path__):\n"
        "    importlib.import_module('cards.' + info.name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_building_the_command_line_loads_neither_anki_export_nor_screen() -> None:
    """Every command builds the whole parser, so what it imports is paid by `flywheel due` too."""
    code = (
        "import sys, tui.cli\n"
        "tui.cli.build_parser()\n"
        "heavy = ('genanki', 'markdown_it', 'textual', 'rich', 'cards.export')\n"
        "print(sorted(m for m in sys.modules if m in heavy or m.split('.')[0] in heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_app_loads_the_stats_and_browse_screens_only_when_opened() -> None:
    code = (
        "import sys, tui.app\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('plotext', 'textual_plotext')"
        " or m in ('tui.screens.stats', 'tui.screens.browse')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
