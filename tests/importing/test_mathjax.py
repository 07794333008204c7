"""MathJax (`\\(...\\)` inline, `\\[...\\]` display) survives the round trip: Anki to deck
file to Anki, its backslashes, underscores and stars as Anki had them."""

from __future__ import annotations

from pathlib import Path

from anki.collection import Collection as AnkiCollection
from anki.collection import (
    ExportAnkiPackageOptions,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
)

from tests.conftest import flywheel
from tests.importing.support import imported_notes

FRONT = r"The area is \(\pi r_1^2 * 2\), so"
BACK = r"\[a &lt; b_2\] and <b>more</b>"


def test_mathjax_keeps_its_backslashes_both_ways(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "source").mkdir()
    collection = AnkiCollection(str(tmp_path / "source" / "collection.anki2"))
    try:
        note = collection.new_note(collection.models.by_name("Basic"))  # type: ignore[arg-type]
        note["Front"], note["Back"] = FRONT, BACK
        collection.add_note(note, collection.decks.id("Maths"))  # type: ignore[arg-type]
        package = tmp_path / "maths.apkg"
        collection.export_anki_package(
            out_path=str(package),
            options=ExportAnkiPackageOptions(
                with_scheduling=False, with_deck_configs=False, with_media=False, legacy=False
            ),
            limit=None,
        )
    finally:
        collection.close()
    result = flywheel("import", str(package), env=env)
    assert result.returncode == 0, result.stderr
    ((_, imported),) = imported_notes(env).values()
    assert imported.en is not None
    assert imported.en.front == r"The area is \(\pi r_1^2 * 2\), so"
    assert imported.en.back == r"\[a < b_2\] and **more**"
    # Unchanged wording goes back as Anki wrote it; reworded, it is converted from Markdown.
    assert _exported_fields(env, tmp_path / "unchanged") == [FRONT, BACK]
    (deck_file,) = Path(env["FLYWHEEL_DECKS"]).glob("*.toml")
    text = deck_file.read_text(encoding="utf-8")
    deck_file.write_text(text.replace("**more**", "**more** still"), encoding="utf-8")
    reworded = _exported_fields(env, tmp_path / "reworded")
    assert reworded == [FRONT, r"\[a &lt; b_2\] and <strong>more</strong> still"]


def _exported_fields(env: dict[str, str], folder: Path) -> list[str]:
    """The fields of the one note `flywheel export` writes, as a fresh Anki collection reads
    them."""
    folder.mkdir()
    out = folder / "back.apkg"
    exported = flywheel("export", "-o", str(out), env=env)
    assert exported.returncode == 0, exported.stderr
    fresh = AnkiCollection(str(folder / "collection.anki2"))
    try:
        options = ImportAnkiPackageOptions(with_scheduling=False, merge_notetypes=False)
        fresh.import_anki_package(ImportAnkiPackageRequest(package_path=str(out), options=options))
        assert fresh.db is not None
        fields: list[str] = fresh.db.scalar("SELECT flds FROM notes").split("\x1f")
    finally:
        fresh.close()
    return fields
