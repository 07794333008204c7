"""Words as the formulation checks compare them: lower case, markup and glosses dropped.

Korean attaches particles to words (킨들을, 에코는), so a Korean answer is also found where a
particle of up to three syllables follows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_WORD = re.compile(r"\d+(?:[.,]\d+)+|[\w'\u2019]+")  # 2.99 and 300,000 stay whole
_GLOSS = re.compile(r"\([^()]*\)")  # "Jim Collins (짐 콜린스)": the gloss is not the answer
_HANGUL = re.compile(r"^[\uac00-\ud7a3]{1,3}$")  # a particle or ending after a Korean word
_ARTICLES = frozenset(("a", "an", "the"))
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "did",
        "do",
        "does",
        "for",
        "from",
        "has",
        "have",
        "how",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "their",
        "this",
        "to",
        "was",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "whose",
        "why",
        "with",
        "according",
    ]
)
"""Question words: a phrase made only of these is how questions are asked, not boilerplate."""


def words(text: str) -> list[str]:
    """Lower-cased words of `text`, markup, punctuation and a possessive 's dropped."""
    out = []
    for word in _WORD.findall(text.casefold().replace("\u2019", "'")):
        word = word.strip("'_").removesuffix("'s")
        if word:
            out.append(word)
    return out


def answer_words(answer: str) -> tuple[str, ...]:
    """The words that make an answer, without glosses in parentheses or a leading article."""
    found = words(_GLOSS.sub(" ", answer))
    while len(found) > 1 and found[0] in _ARTICLES:
        found.pop(0)
    return tuple(found)


def without_gloss(answer: str) -> str:
    """`answer` less its glosses in parentheses, which are shown, not recalled."""
    return _GLOSS.sub(" ", answer)


def prefixes(word: str) -> Iterator[str]:
    """`word`, and `word` less a Korean particle: the keys an answer's first word may have."""
    yield word
    for cut in range(1, min(3, len(word) - 1) + 1):
        if _HANGUL.match(word[-cut:]):
            yield word[:-cut]


def _word_matches(word: str, wanted: str, last: bool) -> bool:
    if word == wanted:
        return True
    rest = word[len(wanted) :]
    return last and word.startswith(wanted) and bool(_HANGUL.match(rest)) and len(wanted) >= 2


def matches_at(shown: list[str], start: int, wanted: tuple[str, ...]) -> bool:
    if start + len(wanted) > len(shown):
        return False
    last = len(wanted) - 1
    return all(_word_matches(shown[start + i], want, i == last) for i, want in enumerate(wanted))


def contains(shown: list[str], wanted: tuple[str, ...]) -> bool:
    return any(matches_at(shown, start, wanted) for start in range(len(shown)))


def trimmed(phrase: tuple[str, ...]) -> tuple[str, ...]:
    """The phrase without the question words at either end, as a person would quote it."""
    start, end = 0, len(phrase)
    while start < end - 1 and phrase[start] in STOPWORDS:
        start += 1
    while end > start + 1 and phrase[end - 1] in STOPWORDS:
        end -= 1
    return phrase[start:end]
