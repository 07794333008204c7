"""Which command opens a deck file at a note's line: $VISUAL, then $EDITOR, then vi.

`+LINE` before the file is understood by vi, vim, neovim, nano, emacs, micro and kakoune.
"""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from pathlib import Path


def editor_command(environ: Mapping[str, str], path: Path, line: int | None) -> list[str]:
    """The argv that opens `path` at `line` in the user's editor (which may carry arguments)."""
    editor = environ.get("VISUAL") or environ.get("EDITOR") or "vi"
    argv = shlex.split(editor)
    if line is not None:
        argv.append(f"+{line}")
    argv.append(str(path))
    return argv
