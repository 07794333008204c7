"""What the server holds, read from a scratch copy: the question before a full upload names it.

A full upload replaces the server's collection, so before asking, the server's collection is
downloaded into a folder of its own (never into the mirror) and its decks and answers counted.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from cards.anki.note_types import MODEL_SPECS
from cards.anki.sync.login import Login
from cards.anki.sync.mirror import database
from cards.anki.sync.remote import auth_for, server_name, trouble
from cards.plural import counted


def server_holdings(login: Login, beside: Path) -> str:
    """`5 notes in "Phone's own", 12 answers` as the server holds them now."""
    from anki.collection import Collection

    folder = Path(tempfile.mkdtemp(prefix=".server-copy-", dir=beside))
    try:
        col = Collection(str(folder / "collection.anki2"))
        try:
            col.close_for_full_sync()
            try:
                col.full_upload_or_download(auth=auth_for(login), server_usn=None, upload=False)
            except Exception as error:
                raise trouble(error, login.server) from None
            finally:
                col.reopen(after_full_sync=True)
            return _describe(col)
        finally:
            col.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _describe(col: object) -> str:
    ids = ", ".join(str(spec.id) for spec in MODEL_SPECS.values())
    db = database(col)  # type: ignore[arg-type]
    decks = db.all(
        "SELECT c.did, count(DISTINCT c.nid) FROM cards c JOIN notes n ON n.id = c.nid "
        f"WHERE n.mid NOT IN ({ids}) GROUP BY c.did"
    )
    names = [
        f'{counted(count, "note")} in "{col.decks.name(deck)}"'  # type: ignore[attr-defined]
        for deck, count in decks
    ]
    answers = db.scalar("SELECT count(*) FROM revlog")
    return ", ".join([*sorted(names), counted(int(answers or 0), "answer")])


def upload_question(login: Login, holdings: str) -> str:
    return (
        f"replace the collection on {server_name(login.server)} with this one? It holds "
        f"{holdings}; whatever of that is not in this copy is lost [y/N] "
    )
