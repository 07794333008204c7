"""Writing what an import planned: the package's media, then the deck files, each whole.

Media come first, so a deck file never refers to a picture not yet there; a media file is only
ever new (`cards.anki.import_media` found it a free name), and a deck file replaces only the
import's own earlier one (`cards.anki.import_files`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cards.anki.import_files import shown, write_whole
from cards.anki.import_spill import SpilledTexts
from cards.anki.package_unpack import damage_errors
from cards.decks.media import MEDIA_FOLDER
from cards.errors import FlywheelError

if TYPE_CHECKING:
    from cards.anki.import_plan import ImportPlan


@dataclass(frozen=True)
class NewDeck:
    """A new deck file's text, made as it is written: its head, then its notes' texts."""

    head: str
    name: str
    spilled: SpilledTexts
    rename: Callable[[str], str]

    def chunks(self) -> Iterator[bytes]:
        yield self.head.encode("utf-8")
        for text in self.spilled.texts(self.name):
            yield b"\n" + self.rename(text).encode("utf-8")


def write_import(plan: ImportPlan, folder: Path) -> None:
    """Copy the media and write the deck files, each whole or not at all."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if plan.media:
            (folder / MEDIA_FOLDER).mkdir(exist_ok=True)
        for name, source in sorted(plan.media.items()):
            assert plan.package_media is not None
            try:
                with plan.package_media.open(source) as stream:
                    write_whole(folder / MEDIA_FOLDER / name, stream, replace=False)
            except damage_errors() as error:
                raise FlywheelError(
                    f"{shown(plan.package.name)}: its media file {shown(source)} is damaged "
                    f"({error}); nothing of it written, import again once the package is whole"
                ) from None
        for path, text in plan.files.items():
            data = text.encode("utf-8") if isinstance(text, str) else text.chunks()
            write_whole(path, data, replace=path in plan.replacing)
    except FileExistsError as error:
        raise FlywheelError(
            f"{shown(str(error.filename))}: appeared while importing; nothing replaced, "
            "import again"
        ) from None
    except OSError as error:
        raise FlywheelError(
            f"cannot write into {shown(str(folder))}: {error.strerror or error}"
        ) from None
