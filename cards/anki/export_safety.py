"""What an exported field may not carry into Anki: images fetched from the web, script URLs.

Anki shows card HTML in a web view, so an `<img>` with a remote address is fetched each time the
card is shown (a tracking pixel), and a `javascript:` address, in a link or in MathJax's
`\\href`, runs when clicked. Markdown images therefore become links (remote), stay images when
they are in the deck's `media` folder (which the package carries), or else become their alt
text; and in every field the colon after `javascript` or `vbscript`, however it is written,
becomes a full-width colon, which no browser reads as a scheme.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any, Final

from markdown_it.renderer import RendererHTML

from cards.decks.media import MEDIA_FOLDER

_FULLWIDTH_COLON: Final = "&#xff1a;"
_GAP: Final = r"(?:[\s\x00-\x1f]|&(?:tab|newline|#0*(?:9|10|13)|#x0*(?:9|a|d));?)*"


def _spaced(word: str) -> str:
    """`word` with the gaps a browser ignores inside a URL scheme allowed between letters."""
    return _GAP.join(word)


_SCRIPT_COLON: Final = re.compile(
    f"(?i)((?:{_spaced('java')}|{_spaced('vb')}){_GAP}{_spaced('script')}{_GAP})"
    r"(:|&colon;|&#0*58;?|&#x0*3a;?)"
)
_ENTITY_STARTS: Final = frozenset("#cCtTnN")
"""After `&`, what may begin an entity spelling a scheme's letter, its colon or a gap."""
_GAP_CHARS: Final = frozenset(
    [chr(code) for code in range(0x21)]
    + [chr(code) for code in range(0x2000, 0x200B)]
    + list("\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000")
)
"""Characters a browser may skip inside a URL scheme (whitespace and controls)."""
_T_OR_GAP: Final = _GAP_CHARS | {"t", "T"}
_SQUEEZE: Final = re.compile(r"[\s\x00-\x1f]+")


def without_script_urls(field: str) -> str:
    """`field` with every `javascript:`/`vbscript:` defused (see the module docstring)."""
    if not may_hold_script_url(field) or not _has_script_url(field):
        return field
    defused = _SCRIPT_COLON.sub(lambda match: match.group(1) + _FULLWIDTH_COLON, field)
    if _has_script_url(defused):  # spelled with entities for letters: show it all as text
        defused = html.escape(html.unescape(defused).replace(":", "\uff1a"), quote=False)
    return defused


def fields_without_script_urls(fields: list[str]) -> list[str]:
    """`without_script_urls` over a note's fields, looked at once together (most have none)."""
    if not may_hold_script_url("|".join(fields)):
        return fields
    return [without_script_urls(field) for field in fields]


def may_hold_script_url(text: str) -> bool:
    """A quick look (most text has no `script:`): False means no script URL is there.

    Exports run it over every note, so it walks only the colons and ampersands.
    """
    ampersand = text.find("&")
    while ampersand != -1:
        if text[ampersand + 1 : ampersand + 2] in _ENTITY_STARTS:
            return True  # a numeric entity, or &colon; &tab; &newline;: look closely
        ampersand = text.find("&", ampersand + 1)
    colon = text.find(":", 1)  # a colon first of all has no scheme before it
    while colon != -1:
        before = text[colon - 1]  # most colons (a cloze's `::`) fail here, without a call
        if (before in _T_OR_GAP) and _script_ends_at(text, colon):
            return True
        colon = text.find(":", colon + 1)
    return False


def _script_ends_at(text: str, colon: int) -> bool:
    """True when `script` (any case, gaps allowed) comes right before the colon at `colon`."""
    at = colon - 1
    for letter in "tpircs":
        while at >= 0 and text[at] in _GAP_CHARS:
            at -= 1
        if at < 0 or text[at].lower() != letter:
            return False
        at -= 1
    return True


def _has_script_url(text: str) -> bool:
    plain = _SQUEEZE.sub("", html.unescape(text)).lower()
    return "javascript:" in plain or "vbscript:" in plain


def image_as_link(renderer: Any, tokens: Sequence[Any], index: int, options: Any, env: Any) -> str:
    """markdown-it render rule for images: a link for a web address, else the alt text."""
    token = tokens[index]
    source = str(token.attrGet("src") or "")
    if source.startswith(f"{MEDIA_FOLDER}/"):  # packed into the package (`cards.anki.export_media`)
        return str(RendererHTML.image(renderer, tokens, index, options, env))
    alt = renderer.renderInlineAsText(token.children or [], options, env)
    text = html.escape(alt or source, quote=False)
    if source.lower().startswith(("https://", "http://")):
        return f'<a href="{html.escape(source)}">{text}</a>'
    return text
