"""Media referred to by card text: `![](media/pic.png)` and `[say.mp3](media/say.mp3)`.

A terminal cannot show a picture or play a sound, so the review shows a named placeholder in
their place, and opens the files with the system's viewer on request.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import unquote

MEDIA_FOLDER = "media"
_REFERENCE = re.compile(r"(!?)\[([^\]\n]*)\]\(<?media/([^)\s>]+)>?\)")


def media_names(markdown: str) -> list[str]:
    """The media files the text refers to, in order, each once."""
    if "media/" not in markdown:
        return []
    names = (unquote(match.group(3)) for match in _REFERENCE.finditer(markdown))
    return [name for name in dict.fromkeys(names) if safe_name(name)]


def with_placeholders(markdown: str) -> str:
    """The text with each media reference replaced by `[image: NAME]` or `[media: NAME]`."""
    if "media/" not in markdown:
        return markdown

    def placeholder(match: re.Match[str]) -> str:
        name = unquote(match.group(3))
        kind = "image" if match.group(1) else "media"
        return f"\\[{kind}: {_escaped(name)}\\]"

    return _REFERENCE.sub(placeholder, markdown)


def safe_name(name: str) -> bool:
    """A plain file name: no folders, no hidden files."""
    return bool(name) and not name.startswith(".") and "/" not in name and "\\" not in name


def open_command(path: Path, platform: str = sys.platform) -> list[str]:
    """The command that opens a file with the system's viewer."""
    if platform == "darwin":
        return ["open", str(path)]
    if platform.startswith("win"):
        return ["explorer", str(path)]
    return ["xdg-open", str(path)]


def _escaped(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>])", r"\\\1", text)
