"""Words as the formulation checks compare them: lower case, markup and glosses dropped.

Korean attaches particles to words (킨들을, 에코는), so a Korean answer is also found where a
particle of up to three syllables follows it.
"""

from __future__ import annotations

import itertools
import re

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


KEY_WORDS = 3
"""Answers are looked up by their first three words (longer ones are then read in full)."""


def particle_stems(word: str, stems: set[str]) -> list[str]:
    """`word` less a Korean particle of one to three syllables (에코를 -> 에코), where the rest is
    one of `stems`."""
    return [
        word[:-cut]
        for cut in (1, 2, 3)
        if len(word) - cut >= 2 and word[:-cut] in stems and _HANGUL.match(word[-cut:])
    ]


def phrase_keys(tokens: list[str], stems: set[str]) -> set[tuple[str, ...]]:
    """Every run of one to three words in `tokens`, also with a particle cut from its last word
    where what is left is one of `stems`."""
    keys: set[tuple[str, ...]] = {(word,) for word in tokens}
    keys.update(itertools.pairwise(tokens))
    keys.update(zip(tokens, tokens[1:], tokens[2:], strict=False))
    for i, word in enumerate(tokens):
        if "\uac00" <= word[-1] <= "\ud7a3":
            for stem in particle_stems(word, stems):
                keys.update(
                    tuple([*tokens[start:i], stem]) for start in range(max(0, i - 2), i + 1)
                )
    return keys


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
