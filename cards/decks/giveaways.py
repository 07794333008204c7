"""Give-aways: a card whose answer the deck has already shown, so reviewing it tests nothing.

An answer counts as shown when its words stand in another note's prompt or extra, in the card
header (deck name and source title), or in the card's own prompt. Words are compared as people
read them: case and plural -s aside, and a Korean word also without the particle or ending of up
to three syllables that follows it (주객전도란, 경계하라는). Korean word order is free, so a Korean
answer's words may come in any order within a few words of each other. The work follows the
matches: an answer is looked up in an index of the deck's texts by its pairs of neighbouring
words, and no more than enough notes to call it the deck's subject are read in full.
"""

from __future__ import annotations

import functools
import itertools
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from cards.decks.lint_settings import LintSettings
from cards.decks.lint_sides import Finding, Side
from cards.decks.vocabulary import NoteKind
from cards.decks.wording import STOPWORDS, answer_words, without_gloss, words

Forms = list[frozenset[str]]  # per word of a text, the forms an answer's word may take there


def _hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


def stem(word: str) -> str:
    """An English plural as its singular (shareholders -> shareholder); other words unchanged."""
    plural = len(word) > 3 and word.isascii() and word.isalpha() and word.endswith("s")
    return word[:-1] if plural and not word.endswith("ss") else word


@functools.lru_cache(maxsize=1 << 16)
def forms(word: str) -> frozenset[str]:
    """The forms of `word` an answer's word may take: its stem, and for a Korean word also what
    is left (two syllables or more) after an ending of one to three syllables."""
    found = {stem(word)}
    if _hangul(word[-1]):
        for cut in (1, 2, 3):
            if len(word) - cut >= 2 and all(_hangul(char) for char in word[-cut:]):
                found.add(word[:-cut])
    return frozenset(found)


def forms_of(tokens: Sequence[str]) -> Forms:
    return [forms(token) for token in tokens]


def found_in(wanted: tuple[str, ...], text: Forms, spread: int | None) -> bool:
    """Whether the words `wanted` stand in `text`: side by side in order, or (where `spread` is
    given) in any order within `spread` more words than `wanted` has."""
    spots = [[i for i, here in enumerate(text) if want in here] for want in wanted]
    if not all(spots):
        return False
    later = [set(found) for found in spots[1:]]
    if any(all(start + n in found for n, found in enumerate(later, 1)) for start in spots[0]):
        return True
    if spread is None or len(wanted) < 2:
        return False
    span = len(wanted) + spread  # the words a Korean answer may be spread over
    return any(
        len(set(places)) == len(places) and max(places) - min(places) < span
        for places in itertools.product(*spots)
    )


@dataclass(frozen=True)
class _Answer:
    side: int  # index of the owner among the sides
    field: str
    label: str
    text: str
    wanted: tuple[str, ...]
    spread: int | None  # Korean answers may be found in any order


def _answers(sides: list[Side], settings: LintSettings) -> Iterator[_Answer]:
    for index, side in enumerate(sides):
        for field, label, answer in side.answers:
            wanted = tuple(stem(word) for word in answer_words(answer))
            if wanted and len("".join(wanted)) >= 2 and wanted[0] not in STOPWORDS:
                korean = any(_hangul(char) for char in answer)
                spread = settings.korean_spread if korean and len(wanted) <= 3 else None
                yield _Answer(index, field, label, answer, wanted, spread)


def _recalled(answer: _Answer, subject: frozenset[str]) -> tuple[str, ...]:
    """The words of `answer` a reader must recall: without leading words of the deck's name
    (Dash, in an Amazon deck's "Amazon Dash"), and of a person's name the surname alone."""
    wanted = answer.wanted
    start = 0
    while start < len(wanted) - 1 and wanted[start] in subject:
        start += 1
    rest = wanted[start:]
    if rest[0] not in STOPWORDS and len("".join(rest)) >= 3:  # not "Go" of "Amazon Go"
        wanted = rest
    name = without_gloss(answer.text).split()
    proper = all(part.isalpha() and part[0].isupper() and part[1:].islower() for part in name)
    if len(wanted) == 2 and len(name) == 2 and len(name[1]) >= 5 and proper:
        return wanted[1:]
    return wanted


Key = tuple[str, ...]  # a form, or two forms (sorted) that stand near each other


def _keys(text: Forms, needed: set[str]) -> set[Key]:
    """Each form in `text`, and each pair of forms of neighbouring words, of the `needed` forms
    only (those some answer is made of): what an answer is looked up by."""
    keys: set[Key] = set()
    useful = [form_set & needed for form_set in text]
    nothing: set[str] = set()
    for here, after in itertools.zip_longest(useful, useful[1:], fillvalue=nothing):
        if here:
            keys.update((form,) for form in here)
            keys.update((f, g) if f <= g else (g, f) for f in here for g in after)
    return keys


def _lookup(wanted: tuple[str, ...], any_order: bool) -> list[Key]:
    """The keys a text showing `wanted` holds: its words side by side, or (where the order is
    free) each of its words."""
    if len(wanted) == 1 or any_order:
        return [(word,) for word in wanted]
    return [(a, b) if a <= b else (b, a) for a, b in itertools.pairwise(wanted)]


class _Index:
    """Which notes' texts hold which keys, so each answer meets only the notes that may show it."""

    def __init__(self, texts: list[Forms], needed: set[str]) -> None:
        self.notes: dict[Key, set[int]] = defaultdict(set)
        for i, text in enumerate(texts):
            for key in _keys(text, needed):
                self.notes[key].add(i)

    def candidates(self, wanted: tuple[str, ...], any_order: bool) -> Iterator[int]:
        """The notes whose text holds every key of `wanted`, in note order, met one by one so
        that a caller who needs only a few does not test the rest."""
        keys = _lookup(wanted, any_order)
        smallest, *others = sorted((self.notes.get(key, set()) for key in keys), key=len)
        return (i for i in sorted(smallest) if all(i in pool for pool in others))


def giveaways(
    sides: list[Side], deck_name: str, title: str, settings: LintSettings
) -> Iterator[Finding]:
    """Every give-away among `sides` (one language of a deck), whose card header shows the
    deck's name and the source's title."""
    subject = frozenset(stem(word) for word in words(deck_name))
    prompts = [forms_of(side.shown) for side in sides]
    extras = [forms_of(side.extra) for side in sides]
    answers = [(answer, _recalled(answer, subject)) for answer in _answers(sides, settings)]
    needed = {word for _, wanted in answers for word in wanted}
    in_prompts, in_extras = _Index(prompts, needed), _Index(extras, needed)
    header_forms = forms_of(words(f"{deck_name} | {title}"))
    for answer, wanted in answers:
        owner = sides[answer.side]
        yield from _own(owner, answer)
        if found_in(answer.wanted, header_forms, answer.spread):
            yield Finding(
                owner.note.id,
                answer.field,
                f"the card header (deck name or source title) shows its answer {answer.text!r}",
            )
            continue
        shown: dict[int, bool] = {}  # note index -> whether only its extra shows the answer
        for index, texts, in_extra in ((in_prompts, prompts, False), (in_extras, extras, True)):
            for i in index.candidates(wanted, answer.spread is not None):
                if len(shown) >= settings.subject_notes:
                    break  # enough to call it one of the deck's subjects
                mine = sides[i].note.id == owner.note.id
                if not mine and i not in shown and found_in(wanted, texts[i], answer.spread):
                    shown[i] = in_extra
        if len(shown) >= settings.subject_notes:
            names = ", ".join(sides[i].note.id for i in sorted(shown))
            yield Finding(
                owner.note.id,
                answer.field,
                f"its answer {answer.text!r} is shown by other notes ({names}, and maybe more): "
                "ask what they do not show",
            )
            continue
        for i, in_extra in sorted(shown.items()):
            other_side = sides[i]
            if in_extra:
                field, what = f"{other_side.language}.extra", "its extra shows"
            else:
                field, what = other_side.shown_field, "shows"
            yield Finding(
                other_side.note.id, field, f"{what} {answer.text!r}, the answer of {owner.note.id}"
            )


def _own(side: Side, answer: _Answer) -> Iterator[Finding]:
    """The card's own prompt showing its answer, or (a cloze's other deletions) a word so close
    to a one-word answer that it gives it away (smarter beside smartest)."""
    prompt = words(side.prompts.get(answer.label, ""))
    cloze_note = side.note.kind is NoteKind.CLOZE
    where = f"card {answer.label}" if cloze_note else "the prompt"
    if found_in(answer.wanted, forms_of(prompt), answer.spread):
        yield Finding(side.note.id, answer.field, f"{where} shows its own answer {answer.text!r}")
        return
    if not cloze_note or len(answer.wanted) != 1:
        return
    (word,) = answer.wanted
    sibling_answers = {
        stem(w) for _, label, text in side.answers if label != answer.label for w in words(text)
    }
    for token in sorted({stem(token) for token in prompt} & sibling_answers):
        if token < word and _close(token, word):
            yield Finding(
                side.note.id,
                answer.field,
                f"{where} shows {token!r}, too close to its own answer {answer.text!r}",
            )


def _close(one: str, other: str) -> bool:
    """Two words of one stem (smarter, smartest; 똑똑한, 똑똑해진다): they share all but the
    last two letters (or last syllable) of the shorter, which is five letters (three) or more."""
    shorter = min(len(one), len(other))
    korean = _hangul(one[-1])
    if shorter < (3 if korean else 5):
        return False
    shared = next((i for i in range(shorter) if one[i] != other[i]), shorter)
    return shared >= shorter - (1 if korean else 2)
