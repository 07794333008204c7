"""The mirror: an Anki collection beside Flywheel's database, opened through Anki's library.

One mirror per server and account (a folder named by a digest of both), so a second server
starts from its own copy. Flywheel's three note types are added with the ids `flywheel export`
gives them, and only when missing: a note type that exists is never changed, since changing one
makes Anki demand a one-way sync.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cards.anki.note_types import CSS, MODEL_SPECS, ModelSpec
from cards.decks.vocabulary import NoteKind
from cards.errors import FlywheelError

if TYPE_CHECKING:
    from anki.collection import Collection
    from anki.dbproxy import DBProxy

MIRROR_FILE = "collection.anki2"
_CLOZE_TYPE = 1  # Anki's note type kind for cloze


def mirror_path(database: Path, server: str, user: str) -> Path:
    """Where the mirror collection for this server and account lives, beside `database`."""
    key = hashlib.sha256(f"{server}\n{user}".encode()).hexdigest()[:12]
    return database.with_name(f"{database.name}.anki") / key / MIRROR_FILE


def open_mirror(path: Path) -> Collection:
    """Open (creating when new) the mirror collection.

    Raises:
        FlywheelError: it is open in another sync, or cannot be opened.
    """
    from anki.collection import Collection
    from anki.errors import DBError

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return Collection(str(path))
    except DBError as error:
        if "locked" in str(error).lower():
            raise FlywheelError(
                f"{path}: another sync is using the Anki collection; try again when it ends"
            ) from None
        raise FlywheelError(f"{path}: cannot open the Anki collection: {error}") from None
    except OSError as error:
        raise FlywheelError(f"{path.parent}: cannot create: {error.strerror}") from None


def database(col: Collection) -> DBProxy:
    """The open collection's database (Anki's own, for reads and batched writes)."""
    if col.db is None:
        raise FlywheelError("the Anki collection is closed")
    return col.db


def note_types(col: Collection, kinds: set[NoteKind]) -> dict[NoteKind, dict[str, Any]]:
    """Flywheel's note types in the mirror, each added first if it is missing."""
    from anki.models import NotetypeId

    found: dict[NoteKind, dict[str, Any]] = {}
    for kind in sorted(kinds):
        spec = MODEL_SPECS[kind]
        notetype = col.models.get(NotetypeId(spec.id))
        if notetype is None:
            _add(col, spec)
            notetype = col.models.get(NotetypeId(spec.id))
        if notetype is None:
            raise FlywheelError(f"the Anki collection did not keep note type {spec.name}")
        found[kind] = notetype
    return found


def _add(col: Collection, spec: ModelSpec) -> None:
    """Add the note type under its constant id, with its fields' and templates' ids."""
    notetype = col.models.new(spec.name)
    notetype["id"] = spec.id
    notetype["css"] = CSS
    if spec.cloze:
        notetype["type"] = _CLOZE_TYPE
    for field in spec.fields:
        entry = col.models.new_field(field.name)
        entry["id"] = field.id
        col.models.add_field(notetype, entry)
    for template in spec.templates:
        entry = col.models.new_template(template.name)
        entry.update(qfmt=template.qfmt, afmt=template.afmt, id=template.id)
        col.models.add_template(notetype, entry)
    # Anki adds a note type under a given id only when told to keep its usn and time, so both
    # are set as a new local change would have them (-1: not yet sent).
    notetype["usn"] = -1
    notetype["mod"] = int(time.time())
    col.models.update(notetype, preserve_usn=True)
