"""The words of Markdown card text for the scriptable commands, without loading the parser.

`flywheel due` and `flywheel list` print what browse lists (`tui.text.plain`), but the parser
costs start-up time a script pays on every call. Card text uses a handful of marks (emphasis,
code, links, pictures, escapes, entities, headings, lists and quotes), and those are taken off
here the way the parser reads them; rarer constructs (raw HTML blocks, reference links) are left
as written, which a listing can afford and a card on screen could not.
"""

from __future__ import annotations

import html
import re

from tui.plain_text import needs_markdown

# Kept apart while the marks around them come off: what is inside is literal.
_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)>")
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"\[([^\[\]]*)\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")
# Emphasis: the mark touches a word on its inner sides; "_" never opens or closes inside a word.
_STRONG_STAR = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.DOTALL)
_STAR = re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*", re.DOTALL)
_STRONG_UNDERSCORE = re.compile(r"(?<![^\W_])__(?=\S)(.+?)(?<=\S)__(?![^\W_])", re.DOTALL)
_UNDERSCORE = re.compile(r"(?<![^\W_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![^\W_])", re.DOTALL)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HARD_BREAK = re.compile(r"\\\n")

# Line starts: fences, rules and setext underlines go; headings, quotes and list markers come off.
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_RULE = re.compile(r" {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,}|=+[ \t]*)$")
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]+|$)(.*?)(?:[ \t]+#+)?[ \t]*$")
_QUOTE = re.compile(r" {0,3}> ?")
_ITEM = re.compile(r" {0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)")
_INDENTED = re.compile(r" {4}| {0,3}\t")

_HOLD = "\ue000"  # a private-use character marks where a literal piece waits


def light_plain(markdown: str) -> str:
    """`markdown`'s words without its marks, on one line, as browse lists them."""
    if not needs_markdown(markdown):
        return " ".join(markdown.split())
    held: list[str] = []

    def hold(text: str) -> str:
        held.append(text)
        return f"{_HOLD}{len(held) - 1}{_HOLD}"

    text = "\n".join(_block_text(markdown)).replace(_HOLD, hold(_HOLD))
    text = _CODE.sub(lambda match: hold(_code_content(match.group(2))), text)
    text = _ESCAPE.sub(lambda match: hold(match.group(1)), text)
    text = _AUTOLINK.sub(lambda match: hold(match.group(1)), text)
    text = _IMAGE.sub(lambda match: hold(match.group(1) or "[image]"), text)
    text = _LINK.sub(r"\1", text)
    text = _HARD_BREAK.sub(" ", text)
    for pattern in (_STRONG_STAR, _STRONG_UNDERSCORE, _STAR, _UNDERSCORE):
        previous = None
        while previous != text:  # nested emphasis comes off one layer a pass
            previous, text = text, pattern.sub(r"\1", text)
    text = _ENTITY.sub(lambda match: html.unescape(match.group(0)), text)
    text = re.sub(f"{_HOLD}([0-9]+){_HOLD}", lambda match: held[int(match.group(1))], text)
    return " ".join(text.split())


def _code_content(code: str) -> str:
    """A code span's text: line ends as spaces, one space off each end when both have one."""
    code = code.replace("\n", " ")
    if len(code) > 2 and code.startswith(" ") and code.endswith(" ") and code.strip():
        return code[1:-1]
    return code


def _block_text(markdown: str) -> list[str]:
    """The lines of `markdown` with the marks that open a line taken off; fenced code goes, as
    browse lists no code block."""
    lines: list[str] = []
    fence: str | None = None
    in_list = in_code = False
    for line in markdown.splitlines():
        # Indented code opens after a blank line (outside a list) and runs while indented.
        after_blank = not (lines and lines[-1].strip())
        in_code = _INDENTED.match(line) is not None and (in_code or after_blank)
        if in_code and not in_list and line.strip():
            continue
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        while quote := _QUOTE.match(line):
            line = line[quote.end() :]
        if _RULE.match(line):
            continue
        if heading := _HEADING.match(line):
            line = heading.group(1)
        while item := _ITEM.match(line):
            line, in_list = line[item.end() :], True
        lines.append(line)
    return lines
