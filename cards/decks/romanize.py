"""Hangul in Latin letters, for ids: the Revised Romanization of Korean, syllable by syllable.

Ids are ASCII slugs, so a note worded only in Korean would otherwise be named `note`, `note-2`...
Each syllable is spelt from its three parts (the sound changes between syllables are left out,
but for `ㄹㄹ`, written `ll` as the standard does), so `한국의 수도는` reads `hangukui sudoneun`.
"""

from __future__ import annotations

_FIRST_SYLLABLE, _LAST_SYLLABLE = 0xAC00, 0xD7A3
_INITIALS = [
    "g",
    "kk",
    "n",
    "d",
    "tt",
    "r",
    "m",
    "b",
    "pp",
    "s",
    "ss",
    "-",
    "j",
    "jj",
    "ch",
    "k",
    "t",
    "p",
    "h",
]
_VOWELS = [
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "eu",
    "ui",
    "i",
]
_FINALS = [
    "",
    *[
        "k",
        "k",
        "k",
        "n",
        "n",
        "n",
        "t",
        "l",
        "k",
        "m",
        "l",
        "l",
        "l",
        "p",
        "l",
        "m",
        "p",
        "p",
        "t",
        "t",
        "ng",
        "t",
        "t",
        "k",
        "t",
        "p",
        "t",
    ],
]
_FINAL_L, _INITIAL_R = 8, 5


def romanized(text: str) -> str:
    """`text` with every Hangul syllable spelt in Latin letters; anything else kept as it is."""
    out: list[str] = []
    previous_final = -1
    for character in text:
        code = ord(character)
        if not _FIRST_SYLLABLE <= code <= _LAST_SYLLABLE:
            out.append(character)
            previous_final = -1
            continue
        initial, rest = divmod(code - _FIRST_SYLLABLE, 21 * 28)
        vowel, final = divmod(rest, 28)
        start = _INITIALS[initial].replace("-", "")
        if initial == _INITIAL_R and previous_final == _FINAL_L:
            start = "l"
        out.append(start + _VOWELS[vowel] + _FINALS[final])
        previous_final = final
    return "".join(out)
