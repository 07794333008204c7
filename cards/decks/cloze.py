"""Anki cloze markup: `{{c1::answer}}` and `{{c1::answer::hint}}`.

Kept apart from the models so the parsing rules live in one place and can be tested alone.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

# A character of an answer or hint: anything but the start of `{{` or `}}`. Spelled as a class
# plus two guarded braces rather than a lookahead at every character, which is far slower.
_INNER = r"(?:[^{}]|\{(?!\{)|\}(?!\}))"
DELETION = re.compile(rf"\{{\{{c([0-9]+)::({_INNER}+?)(?:::({_INNER}*?))?\}}\}}")
GAP = "[...]"
MAX_NUMBER = 65_536
"""The highest cloze number Anki imports: it keeps a card's number in 16 bits, and a package
with one note past it is refused whole. Only ASCII digits count, as in Anki."""


# A NamedTuple rather than a dataclass: made in a fifth of the time or less, at every start.
class Deletion(NamedTuple):
    """One `{{cN::answer::hint}}` occurrence."""

    number: int
    answer: str
    hint: str | None


def deletions(text: str) -> list[Deletion]:
    """Every well-formed deletion in `text`, in order."""
    return [
        Deletion(_number(m.group(1)), m.group(2), m.group(3) or None)
        for m in DELETION.finditer(text)
    ]


def _number(digits: str) -> int:
    """A deletion's number; past `MAX_NUMBER` (and past int's digit limit) it reads as
    `MAX_NUMBER + 1`, which `markup_problem` reports."""
    return int(digits) if len(digits) <= len(str(MAX_NUMBER)) else MAX_NUMBER + 1


def numbers(text: str) -> tuple[int, ...]:
    """The distinct deletion numbers in `text`, ascending: one card each."""
    return _scan(text)[0]


def markup_problem(text: str) -> str | None:
    """Why the cloze markup in `text` is malformed, or None when it is sound."""
    return _scan(text)[1]


@functools.lru_cache(maxsize=1 << 15)
def _scan(text: str) -> tuple[tuple[int, ...], str | None]:
    """One pass over `text`: its deletion numbers and its first markup problem.

    Cached: validating and syncing a note asks both of the same text, several times.
    """
    found: set[int] = set()
    problem: str | None = None
    outside: list[str] = []  # the text between deletions, where no `{{` or `}}` may stand
    end = 0
    for match in DELETION.finditer(text):
        number = _number(match.group(1))
        if problem is None and number == 0:
            problem = "cloze numbers start at c1, not c0"
        elif problem is None and number > MAX_NUMBER:
            problem = f"cloze numbers go up to c{MAX_NUMBER} (Anki accepts no higher)"
        elif problem is None and not match.group(2).strip():
            problem = "a cloze deletion has an empty answer"
        found.add(number)
        outside.append(text[end : match.start()])
        end = match.end()
    outside.append(text[end:])
    rest = "".join(outside)
    if problem is None and ("{{" in rest or "}}" in rest):
        snippet = (
            rest[rest.find("{{") :][:30] if "{{" in rest else rest[: rest.find("}}") + 2][-30:]
        )
        problem = f"malformed cloze markup near {snippet!r} (expected {{{{c1::answer}}}})"
    return tuple(sorted(found)), problem


def render_front(text: str, number: int) -> str:
    """The question side of card `cN`: its deletions become a gap (or the hint)."""

    def replace(match: re.Match[str]) -> str:
        if _number(match.group(1)) == number:
            hint = match.group(3)
            return f"[{hint}]" if hint else GAP
        return match.group(2)

    return DELETION.sub(replace, text)


def render_back(text: str, number: int) -> str:
    """The answer side of card `cN`: the full text with its deletions in bold."""

    def replace(match: re.Match[str]) -> str:
        if _number(match.group(1)) == number:
            return f"**{match.group(2)}**"
        return match.group(2)

    return DELETION.sub(replace, text)
