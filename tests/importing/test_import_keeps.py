"""An import never takes anything from the user: their own deck files, notes they added into an
imported file, media of the same name from another package, and notes that already carry a
package note's GUID all stay as they were, and every answered card keeps its note."""

from __future__ import annotations

from pathlib import Path

from cards.decks.folders import deck_paths
from cards.decks.loading import load_collection
from cards.store.store import Store
from tests.anki_packages import PNG, Built
from tests.conftest import GOOD_DECK, flywheel
from tests.importing.crafted import OTHER_PNG, legacy_with_media, with_sql
from tests.importing.support import edited_package, imported_notes
from tests.sql import run_sql


def _add(env: dict[str, str], deck: str, front: str) -> str:
    added = flywheel("add", "--deck", deck, "--en-front", front, "--en-back", "mine", env=env)
    assert added.returncode == 0, added.stderr
    return added.stdout.strip().splitlines()[-1].split()[-1]


def _answer(env: dict[str, str], card_id: str) -> None:
    answered = flywheel("answer", card_id, "4", env=env)
    assert answered.returncode == 0, answered.stderr


def _notes_in_use(env: dict[str, str]) -> dict[str, Path]:
    collection = load_collection(deck_paths([Path(env["FLYWHEEL_DECKS"])]))
    return {note.id: deck.path for deck, note in collection.notes()}


def _answered_notes_active(env: dict[str, str]) -> None:
    """Every card with an answer belongs to a note in use after a sync."""
    assert flywheel("due", env=env).returncode == 0  # syncs the deck files
    with Store.open(Path(env["FLYWHEEL_DB"])) as store:
        orphans = run_sql(
            store,
            "SELECT DISTINCT r.card_id FROM review_log r JOIN card c ON c.id = r.card_id "
            "WHERE c.active = 0",
        )
    assert orphans == []


def test_the_users_own_file_of_the_same_slug_is_never_replaced(
    built: Built, env: dict[str, str]
) -> None:
    note_id = _add(env, "Languages::Spanish", "mi perro")
    _answer(env, f"{note_id}#fwd")
    folder = Path(env["FLYWHEEL_DECKS"])
    own = folder / "languages-spanish.toml"
    before = own.read_bytes()
    result = flywheel("import", str(built.current), env=env)
    assert result.returncode == 0, result.stderr
    assert own.read_bytes() == before
    notes = _notes_in_use(env)
    assert notes[note_id] == own
    assert len(notes) == 7  # the user's note and the package's six
    _answered_notes_active(env)
    # Importing again updates the import's own file, still leaving the user's alone.
    again = flywheel("import", str(built.legacy), env=env)
    assert again.returncode == 0, again.stderr
    assert own.read_bytes() == before
    assert len(_notes_in_use(env)) == 7


def test_importing_again_keeps_notes_added_into_the_imported_file(
    built: Built, env: dict[str, str], tmp_path: Path
) -> None:
    assert flywheel("import", str(built.current), env=env).returncode == 0
    note_id = _add(env, "Languages::Spanish", "mi gato")
    imported_file = Path(env["FLYWHEEL_DECKS"]) / "languages-spanish.toml"
    assert _notes_in_use(env)[note_id] == imported_file
    _answer(env, f"{note_id}#fwd")
    result = flywheel("import", str(edited_package(built, tmp_path)), env=env)
    assert result.returncode == 0, result.stderr
    notes = _notes_in_use(env)
    assert notes[note_id] == imported_file
    assert len(notes) == 7
    edited = imported_notes(env)[built.guids["basic"]][1]
    assert edited.en is not None
    assert edited.en.back == "hi there"
    _answered_notes_active(env)


def test_a_media_file_of_the_same_name_from_another_package_is_kept(
    built: Built, env: dict[str, str], tmp_path: Path
) -> None:
    assert flywheel("import", str(built.current), env=env).returncode == 0
    other = legacy_with_media(
        built.legacy, tmp_path / "pictures.apkg", {"pic.png": OTHER_PNG, "say.mp3": b"ID3 other"}
    )
    other = with_sql(other, tmp_path / "other.apkg", ["UPDATE notes SET guid = guid || 'x'"])
    result = flywheel("import", str(other), env=env)
    assert result.returncode == 0, result.stderr
    media = Path(env["FLYWHEEL_DECKS"]) / "media"
    assert (media / "pic.png").read_bytes() == PNG
    notes = imported_notes(env)
    ours = notes[built.guids["media"]][1]
    theirs = notes[built.guids["media"] + "x"][1]
    assert ours.en is not None
    assert theirs.en is not None
    assert ours.en.front == "![](media/pic.png)"
    assert theirs.en.front != ours.en.front
    assert theirs.en.front is not None
    assert theirs.en.back is not None
    renamed = theirs.en.front.removeprefix("![](media/").removesuffix(")")
    assert (media / renamed).read_bytes() == OTHER_PNG
    sound = theirs.en.back.rsplit("(media/", 1)[1].rstrip(")")
    assert (media / sound).read_bytes() == b"ID3 other"
    assert (media / "say.mp3").read_bytes() != b"ID3 other"


def test_duplicate_guids_in_a_package_leave_export_working_and_ids_still(
    built: Built, env: dict[str, str], tmp_path: Path
) -> None:
    twin = built.guids["twin"]
    clash = f"UPDATE notes SET guid = '{twin}' WHERE guid = '{built.guids['reverse']}'"
    for number, form in enumerate([built.colpkg, built.current]):
        crafted = with_sql(form, tmp_path / f"twins{number}{form.suffix}", [clash])
        result = flywheel("import", str(crafted), env=env)
        assert result.returncode == 0, result.stderr
        assert "GUID" in result.stderr
        first = _notes_in_use(env)
        exported = flywheel("export", "-o", str(tmp_path / f"out{number}.apkg"), env=env)
        assert exported.returncode == 0, exported.stderr
        again = flywheel("import", str(crafted), env=env)
        assert again.returncode == 0, again.stderr
        assert _notes_in_use(env) == first


def test_a_package_note_never_takes_over_an_answered_note_of_the_same_guid(
    built: Built, env: dict[str, str], tmp_path: Path
) -> None:
    folder = Path(env["FLYWHEEL_DECKS"])
    folder.mkdir()
    own = folder / "aaa.toml"  # sorts before the import's file
    own.write_text(
        'name = "Mine"\n\n[[notes]]\nid = "mine/hola"\nkind = "basic"\n'
        f'guid = "{built.guids["basic"]}"\nen = {{ front = "hola", back = "hi" }}\n',
        encoding="utf-8",
    )
    _answer(env, "mine/hola#fwd")
    before = own.read_bytes()
    result = flywheel("import", str(built.current), env=env)
    assert result.returncode == 0, result.stderr
    assert "mine/hola" in result.stderr
    assert own.read_bytes() == before
    notes = _notes_in_use(env)
    assert notes["mine/hola"] == own
    assert len(notes) == 6  # the package's basic note is already the user's
    _answered_notes_active(env)
    assert flywheel("export", "-o", str(tmp_path / "out.apkg"), env=env).returncode == 0


def test_a_flywheel_export_of_your_own_decks_adds_no_second_copy(
    env: dict[str, str], tmp_path: Path
) -> None:
    folder = Path(env["FLYWHEEL_DECKS"])
    folder.mkdir()
    (folder / "deck.toml").write_text(GOOD_DECK, encoding="utf-8")
    package = tmp_path / "mine.apkg"
    assert flywheel("export", "-o", str(package), env=env).returncode == 0
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    result = flywheel("import", str(package), env=env)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "already in your decks" in result.stderr
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
