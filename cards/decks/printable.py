"""Deck text on its way to a terminal: control characters shown as escapes, never obeyed.

A deck file may hold any character; printed raw, an escape sequence could clear the screen, set
the window title or move the cursor, and a newline inside an id could forge a line of output.
A name that is not UTF-8 (a file name, a command-line word) reaches Python with its odd bytes as
lone surrogates, which no stream can encode: they are shown as the bytes they stand for (`\\xe9`).
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, the bidirectional overrides that reorder what is shown, and lone
# surrogates (the undecodable bytes of a name). Compiled when first used, through `re`'s cache:
# a command that prints no deck text (`due --json`) never compiles them.
_CONTROLS = "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
_CONTROLS_BUT_LAYOUT = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
_BYTE_SURROGATES = range(0xDC80, 0xDD00)
_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` with every control character written as an escape (`\\x1b`, `\\n`, `\\u202e`)."""
    if not re.search(_CONTROLS, text):
        return text
    return re.sub(_CONTROLS, _escape, text)


def visible(text: str) -> str:
    """`printable`, but line breaks and tabs are kept: for text laid out on several lines."""
    if not re.search(_CONTROLS_BUT_LAYOUT, text):
        return text
    return re.sub(_CONTROLS_BUT_LAYOUT, _escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code in _BYTE_SURROGATES:
        return f"\\x{code - 0xDC00:02x}"
    return _SHORT.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def is_text(word: str) -> bool:
    """Whether `word` came from valid UTF-8 (holds no lone surrogate standing for a byte)."""
    try:
        word.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
