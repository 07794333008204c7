"""What loads when: `cards` and the plumbing commands import no Textual, heavy parts load late."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import tui
from tui.commands.cli import chosen_command


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


def command_line_modules() -> list[str]:
    """The modules of `tui` that the command line is made of: `cli`, `plumbing`, `*_command`."""
    return sorted(
        info.name
        for info in pkgutil.walk_packages(tui.__path__, "tui.")
        if info.name.rpartition(".")[2] in ("cli", "plumbing") or info.name.endswith("_command")
    )


def test_the_command_line_modules_are_found() -> None:
    """A guard on the search below: a layout change must not leave the check with nothing."""
    found = {name.rpartition(".")[2] for name in command_line_modules()}
    assert {"cli", "plumbing", "review_command", "export_command", "stats_command"} <= found


@pytest.mark.parametrize("module", ["cards.workspace", *command_line_modules()])
def test_module_does_not_load_textual(module: str) -> None:
    """The one check of the layering at run time: with every module of `cards` loaded too."""
    setup = (
        f"import {module}, pkgutil, importlib, cards\n"
        "for info in pkgutil.iter_modules(cards.__path__):\n"
        "    importlib.import_module('cards.' + info.name)"
    )
    assert loaded_after(setup, ("textual", "rich")) == []


def test_building_the_command_line_loads_neither_anki_export_nor_screen() -> None:
    """Every command builds the whole parser, so what it imports is paid by `flywheel due` too."""
    setup = "import tui.commands.parser\ntui.commands.parser.build_parser()"
    unwanted = ("genanki", "markdown_it", "textual", "rich", "cards.anki.export")
    assert loaded_after(setup, unwanted) == []


def test_the_app_loads_the_stats_and_browse_screens_only_when_opened() -> None:
    unwanted = ("plotext", "textual_plotext", "tui.app.screens.stats", "tui.app.screens.browse")
    assert loaded_after("import tui.app.app", unwanted) == []


def test_a_command_imports_no_other_commands_module() -> None:
    """`flywheel due` builds only its own arguments: `check` and `export` stay unloaded."""
    setup = "import tui.commands.parser\ntui.commands.parser.build_parser('due')"
    unwanted = ("tui.commands.check_command", "tui.commands.export_command", "cards.decks.checking")
    assert loaded_after(setup, unwanted) == []


@pytest.mark.parametrize(
    ("argv", "chosen"),
    [
        (["due", "--json"], "due"),
        (["--db", "review", "answer", "x#fwd", "4"], "answer"),  # an option's value is no command
        (["--db=review", "due"], "due"),
        (["--conf", "x.toml", "stats"], "stats"),  # argparse takes a prefix of an option's name
        (["--version"], None),
        (["dew"], None),
        ([], None),
    ],
)
def test_the_chosen_command_is_found_without_parsing(argv: list[str], chosen: str | None) -> None:
    assert chosen_command(argv) == chosen


# A fresh interpreter runs the review headless up to its first card, from a one-note deck with
# no config file, synced beforehand by another process as at every start but the first; the
# Markdown preload (a thread started after the first paint) is switched off here, since it is
# what loads later on purpose.
FIRST_CARD = """
import asyncio, datetime, pathlib, shutil, subprocess, sys, tempfile
from cards.store.store import Store
from tui.app.app import make_app
from tui.app.screens.review import ReviewScreen
from tui.app.widgets import card_view

card_view.preload_markdown = lambda: None
folder = pathlib.Path(tempfile.mkdtemp())
deck = folder / "plain.toml"
deck.write_text(
    'name = "Plain"\\n[[notes]]\\nid = "plain/one"\\n'
    'en.front = "FIRST-CARD: a plain question?"\\nen.back = "A plain answer."\\n'
)
SYNC = "import sys; from pathlib import Path; from cards.store.store import Store\\n" \\
    "with Store.open(Path(sys.argv[1])) as store: store.sync([Path(sys.argv[2])])"
subprocess.run([sys.executable, "-c", SYNC, str(folder / "db.sqlite3"), str(deck)], check=True)

async def first_card() -> None:
    with Store.open(folder / "db.sqlite3") as store:
        app = make_app(
            store, today=datetime.date(2026, 1, 15), deck_files=lambda: [deck], start="review"
        )
        async with app.run_test() as pilot:
            while not shown(app.screen):
                await pilot.pause(0.01)

def shown(screen) -> bool:  # the card, and the header's title (set by a watcher: let it end)
    if not isinstance(screen, ReviewScreen):
        return False
    fronts, titles = screen.query("#front"), screen.query("HeaderTitle")
    return bool(
        fronts and "FIRST-CARD" in fronts.first().source
        and titles and "Review" in str(titles.first().render())
    )

asyncio.run(first_card())
shutil.rmtree(folder)
"""


def test_the_first_card_paints_without_markdown_it_or_pydantic() -> None:
    """Markdown is imported after the first paint (or for a card that needs it), never before;
    with the deck files unchanged since the last sync, neither are Pydantic and the models."""
    markdown = ("markdown_it", "mdurl", "linkify_it", "pygments", "textual.widgets._markdown")
    unwanted = (*markdown, "pydantic", "cards.decks.models")
    assert loaded_after(FIRST_CARD, unwanted) == []


def test_the_first_card_imports_no_screen_or_widget_it_does_not_show() -> None:
    """Help, home, card info, the add form, the editor hand-over, the number prompt and the
    end-of-sitting summary (and the DataTable and Sparkline they use; Input and Tree come with
    Textual's own command palette) are imported when first opened."""
    screens = ("help", "home", "card_info", "add", "editor_handover", "number_prompt")
    unwanted = (
        *(f"tui.app.screens.{name}" for name in screens),
        "tui.edit_loop",
        "tui.app.widgets.summary",
        "textual.widgets._data_table",
        "textual.widgets._sparkline",
    )
    assert loaded_after(FIRST_CARD, unwanted) == []
