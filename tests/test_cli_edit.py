"""`flywheel edit` and built-in decks: the package is never written; the user's copy takes over."""

from __future__ import annotations

import json
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

from seeds import BUILTIN_DECKS
from tests.conftest import flywheel

NOTE = "iot/in-car-delivery-partners"


def fake_editor(folder: Path, *replacements: tuple[str, str]) -> Path:
    """An editor that records its arguments and makes the nth replacement on its nth call."""
    script = folder / "fake-editor"
    script.write_text(
        f"#!{sys.executable}\n"
        "import json, pathlib, sys\n"
        f"log = pathlib.Path({str(folder / 'editor-calls.json')!r})\n"
        "calls = json.loads(log.read_text()) if log.exists() else []\n"
        "calls.append(sys.argv[1:])\n"
        "log.write_text(json.dumps(calls))\n"
        f"old, new = {list(replacements)!r}[min(len(calls), {len(replacements)}) - 1]\n"
        "path = pathlib.Path(sys.argv[-1])\n"
        "path.write_text(path.read_text().replace(old, new, 1))\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    return script


def editor_calls(folder: Path) -> list[list[str]]:
    return list(json.loads((folder / "editor-calls.json").read_text()))


def package_files() -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in BUILTIN_DECKS.iterdir() if path.is_file()}


def card_state(env: dict[str, str], card_id: str) -> tuple[int, int, str]:
    with closing(sqlite3.connect(env["FLYWHEEL_DB"])) as connection:
        row = connection.execute(
            "SELECT c.reviews, c.interval, n.file FROM card c JOIN note n ON n.id = c.note_id "
            "WHERE c.id = ?",
            (card_id,),
        ).fetchone()
    return int(row[0]), int(row[1]), str(row[2])


def test_editing_a_built_in_note_copies_the_deck_and_keeps_the_schedule(
    isolated_env: dict[str, str], tmp_path: Path
) -> None:
    package = package_files()
    assert flywheel("answer", f"{NOTE}#c1", "5", env=isolated_env).returncode == 0
    editor = fake_editor(tmp_path, ("{{c1::Audi}}", "{{c1::Audi AG}}"))
    result = flywheel("edit", NOTE, env={**isolated_env, "EDITOR": str(editor)})
    assert result.returncode == 0, result.stderr
    copy = Path(isolated_env["FLYWHEEL_DECKS"]) / "iot.toml"
    assert result.stdout == f"{NOTE}: saved in {copy}\n"
    assert "iot.toml is a built-in deck: editing your copy" in result.stderr
    assert package_files() == package
    assert "{{c1::Audi AG}}" in copy.read_text()
    line = copy.read_text().splitlines().index(f'id = "{NOTE}"') + 1
    assert editor_calls(tmp_path) == [[f"+{line}", str(copy)]]
    assert card_state(isolated_env, f"{NOTE}#c1") == (1, 1, str(copy))
    assert (copy.parent / "deck.schema.json").read_bytes() == package["deck.schema.json"]
    paths = flywheel("paths", env=isolated_env).stdout
    assert f"in use:    {copy}  (your copy, in place of the built-in iot.toml)" in paths
    listed = flywheel("list", "--deck", "Amazon::IoT", env=isolated_env).stdout
    assert f"from {copy}  (your copy of the built-in iot.toml)" in listed
    notes = json.loads(flywheel("list", "--json", env=isolated_env).stdout)
    assert {note["file"] for note in notes if note["deck"] == "Amazon::IoT"} == {str(copy)}
    assert len(notes) == len({note["id"] for note in notes})  # the copy replaced, not duplicated
    # A second edit goes to the copy, without copying again.
    editor = fake_editor(tmp_path, ("Audi AG", "Audi"))
    again = flywheel("edit", NOTE, env={**isolated_env, "EDITOR": str(editor)})
    assert again.returncode == 0
    assert "is a built-in deck" not in again.stderr
    assert package_files() == package
    assert card_state(isolated_env, f"{NOTE}#c1") == (1, 1, str(copy))


def test_an_edit_left_invalid_says_so_and_exits_1(
    isolated_env: dict[str, str], tmp_path: Path
) -> None:
    editor = fake_editor(tmp_path, ('kind = "cloze"', 'kind = "basic"'))
    result = flywheel("edit", NOTE, env={**isolated_env, "EDITOR": str(editor)})
    assert result.returncode == 1
    assert f"{NOTE} has problems after the edit:" in result.stderr
    assert f"{NOTE}: en: a basic note has `front` and `back`, not `text`" in result.stderr
    assert f"Left as it is: the cards of {NOTE} leave the queue until it is fixed." in (
        result.stderr
    )
    assert "Traceback" not in result.stderr


def test_a_note_left_invalid_can_be_edited_again(
    isolated_env: dict[str, str], tmp_path: Path
) -> None:
    """After "Edit again? n" the note is out of use, but `check` names it: `edit` reaches it."""
    broken = fake_editor(tmp_path, ('kind = "cloze"', 'kind = "basic"'))
    assert flywheel("edit", NOTE, env={**isolated_env, "EDITOR": str(broken)}).returncode == 1
    mend_folder = tmp_path / "mend"
    mend_folder.mkdir()
    mend = fake_editor(mend_folder, ('kind = "basic"', 'kind = "cloze"'))
    result = flywheel("edit", NOTE, env={**isolated_env, "EDITOR": str(mend)})
    assert result.returncode == 0, result.stderr
    assert f"{NOTE}: saved in" in result.stdout
    assert len(editor_calls(mend_folder)) == 1
    assert flywheel("check", env=isolated_env).returncode == 0


def test_edit_of_an_unknown_note_is_one_line_exit_2(isolated_env: dict[str, str]) -> None:
    result = flywheel("edit", "nope/none", env=isolated_env)
    assert (result.returncode, result.stderr) == (
        2,
        "flywheel: unknown note 'nope/none' (see `flywheel list`)\n",
    )


def test_an_editor_that_cannot_run_is_one_line_exit_2(isolated_env: dict[str, str]) -> None:
    result = flywheel("edit", NOTE, env={**isolated_env, "EDITOR": "/no/such/editor"})
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith("flywheel: cannot run '/no/such/editor'")


def test_edit_of_a_card_id_names_its_note(env: dict[str, str]) -> None:
    """`due` prints card ids; one given to edit points to the note to name instead."""
    result = flywheel("edit", "test/capital#fwd", env=env)
    assert (result.returncode, result.stderr) == (
        2,
        "flywheel: 'test/capital#fwd' is a card; edit its note: flywheel edit test/capital\n",
    )
