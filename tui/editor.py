"""Which command opens a deck file at a note's line: $VISUAL, then $EDITOR, then vi.

`+LINE` before the file is understood by vi, vim, neovim, nano, emacs, micro and kakoune.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from pathlib import Path

from cards.errors import FlywheelError


def editor_command(environ: Mapping[str, str], path: Path, line: int | None) -> list[str]:
    """The argv that opens `path` at `line` in the user's editor (which may carry arguments)."""
    name = "VISUAL" if environ.get("VISUAL") else "EDITOR"
    editor = environ.get(name) or "vi"
    try:
        argv = shlex.split(editor)
    except ValueError as error:  # an unbalanced quote
        raise FlywheelError(f"${name}: cannot be read as a command ({error}): {editor!r}") from None
    if not argv:
        raise FlywheelError(f"${name}: names no command: {editor!r}")
    if line is not None:
        argv.append(f"+{line}")
    argv.append(str(path))
    return argv
