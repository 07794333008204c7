"""Media in exported notes: `media/NAME` references become Anki's, and the files go in the package.

Deck files refer to pictures and sounds in the `media` folder beside them (as `flywheel import`
writes them): `![](media/pic.png)` and `[say.mp3](media/say.mp3)`. Anki keeps every media file
in one flat folder and plays sounds written `[sound:NAME]`, so on export an image's source
becomes the bare name, a link to a sound or video becomes `[sound:NAME]`, and the files are
packed into the package under Anki's numbered names with the media map that names them.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import unquote

from cards.decks.media import MEDIA_FOLDER

SOUND_SUFFIXES = frozenset(
    [
        ".mp3",
        ".ogg",
        ".oga",
        ".wav",
        ".m4a",
        ".flac",
        ".opus",
        ".aac",
        ".webm",
        ".mp4",
        ".mov",
        ".mkv",
        ".avi",
        ".ogv",
        ".3gp",
    ]
)
_IMAGE = re.compile(r'src="media/([^"/]+)"')
_LINK = re.compile(r'<a href="media/([^"/]+)">([^<]*)</a>')


def anki_media_html(field_html: str, names: set[str]) -> str:
    """The field with its media references in Anki's form; the file names go into `names`."""
    if "media/" not in field_html:
        return field_html

    def image(match: re.Match[str]) -> str:
        name = unquote(html.unescape(match.group(1)))
        names.add(name)
        return f'src="{html.escape(name)}"'

    def link(match: re.Match[str]) -> str:
        name = unquote(html.unescape(match.group(1)))
        names.add(name)
        if Path(name).suffix.lower() in SOUND_SUFFIXES:
            return f"[sound:{html.escape(name, quote=False)}]"
        return f'<a href="{html.escape(name)}">{match.group(2)}</a>'

    return _LINK.sub(link, _IMAGE.sub(image, field_html))


def media_members(names: set[str], folders: Sequence[Path]) -> tuple[bytes, list[bytes]]:
    """Anki's media map (`{"0": "pic.png", ...}`) and the files' contents, in that order.

    Each name is looked up in the `media` folder of each folder in turn; names found nowhere
    are left out (the note then shows Anki's missing-media placeholder).
    """
    mapping: dict[str, str] = {}
    contents: list[bytes] = []
    for name in sorted(names):
        if "/" in name or "\\" in name or name.startswith("."):
            continue
        for folder in folders:
            path = folder / MEDIA_FOLDER / name
            if path.is_file():
                mapping[str(len(contents))] = name
                contents.append(path.read_bytes())
                break
    return json.dumps(mapping).encode(), contents
