"""What an exported field may not carry into Anki: images fetched from the web, script URLs.

Anki shows card HTML in a web view, so an `<img>` with a remote address is fetched each time the
card is shown (a tracking pixel), and a `javascript:` address, in a link or in MathJax's
`\\href`, runs when clicked. Markdown images therefore become links (remote) or their alt text
(local: a package carries no media), and in every field the colon after `javascript` or
`vbscript`, however it is written, becomes a full-width colon, which no browser reads as a scheme.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any, Final

_FULLWIDTH_COLON: Final = "&#xff1a;"
_GAP: Final = r"(?:[\s\x00-\x1f]|&(?:tab|newline|#0*(?:9|10|13)|#x0*(?:9|a|d));?)*"


def _spaced(word: str) -> str:
    """`word` with the gaps a browser ignores inside a URL scheme allowed between letters."""
    return _GAP.join(word)


_SCRIPT_COLON: Final = re.compile(
    f"(?i)((?:{_spaced('java')}|{_spaced('vb')}){_GAP}{_spaced('script')}{_GAP})"
    r"(:|&colon;|&#0*58;?|&#x0*3a;?)"
)
_SQUEEZE: Final = re.compile(r"[\s\x00-\x1f]+")


def without_script_urls(field: str) -> str:
    """`field` with every `javascript:`/`vbscript:` defused (see the module docstring)."""
    if ":" not in field and "&" not in field:
        return field
    if not _has_script_url(field):
        return field
    defused = _SCRIPT_COLON.sub(lambda match: match.group(1) + _FULLWIDTH_COLON, field)
    if _has_script_url(defused):  # spelled with entities for letters: show it all as text
        defused = html.escape(html.unescape(defused).replace(":", "\uff1a"), quote=False)
    return defused


def _has_script_url(text: str) -> bool:
    plain = _SQUEEZE.sub("", html.unescape(text)).lower()
    return "javascript:" in plain or "vbscript:" in plain


def image_as_link(renderer: Any, tokens: Sequence[Any], index: int, options: Any, env: Any) -> str:
    """markdown-it render rule for images: a link for a web address, else the alt text."""
    token = tokens[index]
    source = str(token.attrGet("src") or "")
    alt = renderer.renderInlineAsText(token.children or [], options, env)
    text = html.escape(alt or source, quote=False)
    if source.lower().startswith(("https://", "http://")):
        return f'<a href="{html.escape(source)}">{text}</a>'
    return text
