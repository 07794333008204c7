"""Anki export: decks become an `.apkg` package that re-imports as updates, never as duplicates.

What makes a re-import update instead of duplicate, and why:

- A note's GUID comes from its Flywheel id alone, so edited wording updates the note in Anki.
- Note types, their fields and templates carry constant ids (`cards.anki.note_types`), so a renamed
  field or template updates the note type rather than forking a second one.
- Anki replaces an existing note only when the incoming modification time is strictly newer, and
  times are whole seconds: `next_timestamp` makes each export to the same file at least one second
  later than the previous one, even when both happen within one second.

Card text is Markdown, rendered to HTML with raw HTML disabled, so whatever a deck file says is
shown as text and never run by Anki's reviewer. The package is assembled in memory and written
atomically: no temporary file is left behind, and a failed export leaves the old file untouched.
"""

from __future__ import annotations

import os
import secrets
import time
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cards.anki.export_collection import Progress, build_collection, plan_export
from cards.anki.export_media import media_members
from cards.anki.export_schedule import Schedules
from cards.anki.note_origins import Origins
from cards.decks.models import Deck
from cards.decks.vocabulary import LanguageChoice
from cards.errors import FlywheelError
from cards.plural import counted


@dataclass(frozen=True)
class ExportSummary:
    """What was written."""

    path: Path
    decks: int
    notes: int
    cards: int
    skipped: int
    timestamp: int
    reviewed: int = 0

    def __str__(self) -> str:
        text = (
            f"wrote {self.path}: {counted(self.decks, 'deck')}, {counted(self.notes, 'note')}, "
            f"{counted(self.cards, 'card')}"
        )
        if self.reviewed:
            text += f" ({self.reviewed} with their schedules)"
        if self.skipped:
            text += f" ({counted(self.skipped, 'note')} without that language left out)"
        return text


def next_timestamp(path: Path, now: float | None = None) -> int:
    """The modification time (whole seconds) for notes in a new export to `path`.

    Anki updates a note only when the incoming one is strictly newer, so this is the later of now
    and one second past the previous export to the same file (whose mtime `export_apkg` sets to
    its timestamp).
    """
    stamp = int(time.time() if now is None else now)
    try:
        previous = int(path.stat().st_mtime)
    except OSError:
        return stamp
    return max(stamp, previous + 1)


def export_apkg(
    decks: Iterable[Deck],
    path: Path,
    *,
    lang: LanguageChoice = "both",
    timestamp: int | None = None,
    progress: Progress | None = None,
    schedules: Schedules | None = None,
    media_folders: Sequence[Path] = (),
    origins: Origins | None = None,
) -> ExportSummary:
    """Write `decks` to the Anki package `path`, atomically.

    Args:
        decks: the decks to export; decks with the same name are merged.
        path: the `.apkg` file to write; its folder must exist.
        lang: "both", or "en"/"ko" for that language's wording only (notes without it are left
            out and counted in the summary's `skipped`).
        timestamp: note modification time in seconds; by default `next_timestamp(path)`. The
            same decks and timestamp give a byte-identical package.
        progress: called as `progress(done, total)` after each note.
        schedules: the cards' schedules and review log, to write them as Anki review cards
            and revlog rows; None writes every card as new (for sharing).
        media_folders: folders whose `media` folder holds the files notes refer to as
            `media/NAME` (the deck files' folders); the files found go into the package.
        origins: the Anki note types of notes imported from Anki, to send them back as those.

    Raises:
        FlywheelError: nothing to export, a note id twice, or the file cannot be written.
    """
    plan = plan_export(decks, lang)
    if not plan.notes:
        reason = f" with {'English' if lang == 'en' else 'Korean'} wording" if plan.skipped else ""
        raise FlywheelError(f"nothing to export: no notes{reason}")
    _check_target(path)
    stamp = next_timestamp(path) if timestamp is None else timestamp
    built = build_collection(plan, stamp, progress, schedules, origins)
    media_map, media = media_members(built.media, media_folders)
    try:
        _write_atomically(path, _package_members(built.database, stamp, media_map, media))
        os.utime(path, (stamp, stamp))
    except OSError as error:
        raise FlywheelError(_write_problem(path, error)) from None
    return ExportSummary(
        path, len(plan.decks), plan.notes, built.cards, plan.skipped, stamp, built.reviewed
    )


def _package_members(
    database: bytes, timestamp: int, media_map: bytes = b"{}", media: Sequence[bytes] = ()
) -> list[tuple[zipfile.ZipInfo, bytes]]:
    """The archive members of an `.apkg`: the collection, the media map and the media files."""
    moment = time.gmtime(max(timestamp, 315532800))[:6]  # zip dates start in 1980
    members = []
    files = [(str(number), data) for number, data in enumerate(media)]
    for name, data in (("collection.anki2", database), ("media", media_map), *files):
        info = zipfile.ZipInfo(name, date_time=moment)
        info.compress_type = zipfile.ZIP_STORED  # as genanki: deflating costs more than it saves
        members.append((info, data))
    return members


def _check_target(path: Path) -> None:
    """Fail early, with a clear message, when `path` obviously cannot be written."""
    if path.is_dir():
        raise FlywheelError(f"cannot write {path}: it is a folder")
    folder = path.parent
    if not folder.exists():
        raise FlywheelError(f"cannot write {path}: folder {folder} does not exist")
    if not folder.is_dir():
        raise FlywheelError(f"cannot write {path}: {folder} is not a folder")


def _write_atomically(path: Path, members: Sequence[tuple[zipfile.ZipInfo, bytes]]) -> None:
    """Write a zip next to `path`, then rename it over `path`; on failure remove it."""
    descriptor, temporary = _create_temporary(path)
    try:
        with os.fdopen(descriptor, "wb") as raw:
            with zipfile.ZipFile(raw, "w") as archive:
                for info, data in members:
                    archive.writestr(info, data)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _create_temporary(path: Path) -> tuple[int, Path]:
    """A new hidden file in `path`'s folder, created with the umask's usual permissions."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue


def _write_problem(path: Path, error: OSError) -> str:
    if isinstance(error, PermissionError):
        return f"cannot write {path}: permission denied"
    if isinstance(error, FileNotFoundError):
        return f"cannot write {path}: folder {path.parent} does not exist"
    if isinstance(error, NotADirectoryError):
        return f"cannot write {path}: {path.parent} is not a folder"
    if isinstance(error, IsADirectoryError):
        return f"cannot write {path}: it is a folder"
    return f"cannot write {path}: {error.strerror or error}"
