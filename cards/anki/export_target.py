"""Where an export may write: never onto the collection, a folder, a device or another's file.

An export replaces its target by renaming a new file over it, so whatever stood at the path is
gone afterwards. That is right for the previous export of the same package and wrong for anything
else, so the target is inspected first and everything but an `.apkg` Flywheel or Anki wrote is
refused unless `force` says the user means it. Some targets are refused even then: the
collection (it holds the review log), a folder, a device or pipe, a symbolic link (the rename
would replace the link, not the file it names) and a read-only file.
"""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from cards.errors import FlywheelError

SUFFIX = ".apkg"
_ANKI_COLLECTIONS = frozenset({"collection.anki2", "collection.anki21", "collection.anki21b"})
_DATABASE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def check_export_target(path: Path, *, collection: Path, force: bool = False) -> None:
    """Refuse, with one line saying why, a target an export must not replace.

    Args:
        path: the file the package would be written to.
        collection: the collection database in use, never to be written over.
        force: replace an existing regular file that is not an Anki package.

    Raises:
        FlywheelError: the target is refused; nothing has been written.
    """
    if _is_collection(path, collection):
        raise _refusal(path, "it is the Flywheel collection, which holds the review log")
    if path.suffix.lower() != SUFFIX:
        raise _refusal(path, f"a package name must end in {SUFFIX} (Anki imports only those)")
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    except OSError as error:
        raise _refusal(path, error.strerror or str(error)) from None
    if stat.S_ISLNK(info.st_mode):
        raise _refusal(path, "it is a symbolic link; name the file itself")
    if stat.S_ISDIR(info.st_mode):
        raise _refusal(path, "it is a folder")
    if not stat.S_ISREG(info.st_mode):
        raise _refusal(path, "it is a device, pipe or socket, not a file")
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):
        raise _refusal(path, "it is read-only")
    if not force and not is_anki_package(path):
        raise _refusal(path, "it exists and is not an Anki package (--force replaces it anyway)")


def is_anki_package(path: Path) -> bool:
    """True for a zip holding an Anki collection, as Flywheel and Anki write them."""
    try:
        with zipfile.ZipFile(path) as archive:
            return not _ANKI_COLLECTIONS.isdisjoint(archive.namelist())
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return False


def _is_collection(path: Path, collection: Path) -> bool:
    """True when `path` is the collection database or one of its journal files."""
    target = _real(path)
    for companion in _DATABASE_COMPANIONS:
        database = collection.with_name(collection.name + companion)
        if target == _real(database):
            return True
        try:
            if os.path.samefile(path, database):
                return True
        except OSError:
            continue
    return False


def _real(path: Path) -> str:
    try:
        return os.path.realpath(path)
    except (OSError, RuntimeError):
        return str(path.absolute())


def _refusal(path: Path, reason: str) -> FlywheelError:
    return FlywheelError(f"refusing to write {path}: {reason}; nothing was written")
