"""Files written before they have a name, so a process killed while writing leaves nothing.

On Linux a file opened with `O_TMPFILE` lives in its folder's file system without a name; once
whole it is linked to its name through `/proc/self/fd`, and the kernel frees it if the process
dies first, even by `kill -9`. Where that is not available, the file is written under the
fallback name the caller gives (marked with the process id, so the next import removes it if
this process was killed) and that name removed once the file is linked where it belongs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

_FILE_DESCRIPTORS = Path("/proc/self/fd")


@contextmanager
def unnamed_file(
    folder: Path, fallback: Path
) -> Iterator[tuple[IO[bytes], Callable[[Path], None]]]:
    """A new file in `folder` to write, and the function that gives it a name (a hard link:
    `FileExistsError` if that name is taken). Unless linked, nothing of it stays."""
    descriptor = _without_name(folder)
    if descriptor is not None:
        with os.fdopen(descriptor, "w+b") as out:

            def link(path: Path) -> None:
                out.flush()
                # A folder descriptor makes `os.link` call `linkat` with `AT_SYMLINK_FOLLOW`,
                # linking the file the descriptor stands for (plain `link` would link the
                # `/proc` entry itself, which fails across file systems).
                root = os.open("/", os.O_RDONLY)
                try:
                    source = _FILE_DESCRIPTORS / str(descriptor)
                    os.link(source, path, src_dir_fd=root, follow_symlinks=True)
                finally:
                    os.close(root)

            yield out, link
        return
    try:
        with fallback.open("x+b") as out:

            def link_named(path: Path) -> None:
                out.flush()
                os.link(fallback, path)

            yield out, link_named
    finally:
        fallback.unlink(missing_ok=True)


def _without_name(folder: Path) -> int | None:
    flag = getattr(os, "O_TMPFILE", None)
    if flag is None or not _FILE_DESCRIPTORS.is_dir():
        return None
    try:
        return os.open(folder, flag | os.O_RDWR, 0o600)
    except OSError:  # a file system without unnamed files: the caller's fallback name
        return None
