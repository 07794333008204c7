"""Words as the formulation checks compare them: lower case, markup and glosses dropped.

How an answer is found in other text (plurals, Korean particles) is `cards.decks.giveaways`'s part.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\d+(?:[.,]\d+)+|[\w'\u2019]+")  # 2.99 and 300,000 stay whole
_GLOSS = re.compile(r"\([^()]*\)")  # "Jim Collins (짐 콜린스)": the gloss is not the answer
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
    found = _WORD.findall(text.casefold())
    if "'" not in text and "\u2019" not in text and "_" not in text:
        return found
    out = []
    for word in found:
        word = word.replace("\u2019", "'").strip("'_").removesuffix("'s")
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


def trimmed(phrase: tuple[str, ...]) -> tuple[str, ...]:
    """The phrase without the question words at either end, as a person would quote it."""
    start, end = 0, len(phrase)
    while start < end - 1 and phrase[start] in STOPWORDS:
        start += 1
    while end > start + 1 and phrase[end - 1] in STOPWORDS:
        end -= 1
    return phrase[start:end]
