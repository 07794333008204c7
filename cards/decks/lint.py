"""Formulation warnings: what makes a card hard to learn, found in a deck file's wording.

The rules follow SuperMemo's "twenty rules of formulating knowledge": short answers, one fact a
card, no card giving another's answer away, no boilerplate repeated on every prompt. A deck with
warnings still loads; `flywheel check --strict` treats them as failures. Every check is linear in
the size of the deck (near-identical prompts are found through an index, not by comparing pairs),
so a large collection is checked in about the time it takes to read it.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from cards.decks.giveaways import giveaways
from cards.decks.lint_settings import LintSettings
from cards.decks.lint_sides import Finding, Side, side_of
from cards.decks.models import Deck
from cards.decks.problems import Problem
from cards.decks.vocabulary import Language, NoteKind
from cards.decks.wording import STOPWORDS, trimmed, without_gloss


def lint_deck(
    path: Path, deck: Deck, settings: LintSettings, text: str | None = None
) -> list[Problem]:
    """Every formulation warning of `deck` (read from `path`), in note order, with its line."""
    if len(deck.notes) > settings.max_notes:
        return []
    found = list(deck_warnings(deck, settings))
    if not found:
        return []
    if text is None:
        text = path.read_text("utf-8-sig")
    order = {note.id: index for index, note in enumerate(deck.notes)}
    found.sort(key=lambda w: order.get(w.note_id, 0))
    lines = _Lines(text)
    return [
        Problem(path, f"warning: {w.message}", lines.of(w.note_id, w.field), w.note_id, w.field)
        for w in found
    ]


def deck_warnings(deck: Deck, settings: LintSettings) -> Iterator[Finding]:
    """The warnings of one deck, language by language."""
    for language in ("en", "ko"):
        sides = [
            side_of(note, language, face)
            for note in deck.notes
            if (face := note.faces().get(language)) is not None
        ]
        for side in sides:
            yield from _length_warnings(side, settings)
        yield from giveaways(sides, deck.name, _title(deck, language), settings)
        yield from _near_duplicates(sides, settings)
        yield from _boilerplate(sides, settings)


def _title(deck: Deck, language: Language) -> str:
    """The source's title as the card header shows it in `language`."""
    source = deck.source
    if source is None:
        return ""
    return (source.title_en or source.title or "") if language == "en" else source.title or ""


def _length_warnings(side: Side, settings: LintSettings) -> Iterator[Finding]:
    cloze_note = side.note.kind is NoteKind.CLOZE
    limit = settings.cloze_words if cloze_note else settings.answer_words
    for field, label, answer in side.answers:
        count = len(without_gloss(answer).split())  # a gloss in parentheses is not recalled
        if count > limit:
            what = f"cloze deletion {label}" if cloze_note else "answer"
            yield Finding(
                side.note.id,
                field,
                f"{what} runs to {count} words (more than {limit}): ask for less, or split it",
            )


def _near_duplicates(sides: list[Side], settings: LintSettings) -> Iterator[Finding]:
    """Notes whose questions share nearly all their words.

    Candidates are questions whose word sets are equal once at most one word is left out of
    each (a sum of word hashes, less one word's, is the key); their overlap (Jaccard) decides.
    """
    index: dict[int, list[int]] = defaultdict(list)
    sets: list[frozenset[str]] = []
    for i, side in enumerate(sides):
        tokens = frozenset(side.question)
        sets.append(tokens)
        if not tokens:
            continue
        hashes = [hash(word) for word in tokens]
        total = sum(hashes)
        keys = {total, *(total - h for h in hashes)}
        candidates = sorted({j for key in keys for j in index.get(key, ())})
        for j in candidates:
            other = sets[j]
            if len(tokens & other) / len(tokens | other) >= settings.similar_prompts:
                yield Finding(
                    side.note.id,
                    side.shown_field,
                    f"prompt nearly the same as {sides[j].note.id}'s: make each one unmistakable",
                )
                break
        for key in keys:
            index[key].append(i)


def _boilerplate(sides: list[Side], settings: LintSettings) -> Iterator[Finding]:
    """A phrase in most prompts of a deck: noise the card header can carry instead."""
    if len(sides) < settings.phrase_min_notes:
        return
    size = settings.phrase_words
    grams: list[tuple[list[str], set[tuple[str, ...]]]] = []
    counts: Counter[tuple[str, ...]] = Counter()
    for side in sides:
        tokens = side.question
        mine = set(zip(*(tokens[start:] for start in range(size)), strict=False))
        grams.append((tokens, mine))
        counts.update(mine)
    need = max(settings.phrase_min_notes, math.ceil(settings.phrase_share * len(sides)))
    frequent = {
        gram
        for gram, count in counts.items()
        if count >= need and not set(gram) <= STOPWORDS and not all(word.isdigit() for word in gram)
    }
    if not frequent:
        return
    reported: set[tuple[str, ...]] = set()
    for side, (tokens, mine) in zip(sides, grams, strict=True):
        if mine.isdisjoint(frequent):
            continue
        for phrase in _runs(tokens, mine & frequent, size):
            if any(gram in reported for gram in _grams(phrase, size)):
                continue
            reported.update(_grams(phrase, size))
            count = sum(1 for _, other in grams if _grams(phrase, size) <= other)
            if count < need:  # the whole stretch is rarer than its parts: name the commonest part
                phrase = max(_grams(phrase, size), key=lambda gram: counts[gram])
                count = counts[phrase]
            yield Finding(
                side.note.id,
                side.shown_field,
                f"{' '.join(trimmed(phrase))!r} is in {count} of the deck's {len(sides)} prompts: "
                "leave the source to the card header and keep only what the question needs",
            )


def _grams(phrase: tuple[str, ...], size: int) -> set[tuple[str, ...]]:
    return {phrase[i : i + size] for i in range(len(phrase) - size + 1)}


def _runs(
    tokens: list[str], frequent: set[tuple[str, ...]], size: int
) -> Iterator[tuple[str, ...]]:
    """The longest stretches of `tokens` made of overlapping frequent n-grams."""
    start = None
    for i in range(len(tokens) - size + 2):
        inside = i <= len(tokens) - size and tuple(tokens[i : i + size]) in frequent
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            yield tuple(tokens[start : i - 1 + size])
            start = None


class _Lines:
    """Finds the line of a note's field; the file is split and its note ids found once."""

    _ID = re.compile(r"^[ \t]*id[ \t]*=[ \t]*[\"']([^\"'\n]+)[\"']", re.M)

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.starts: dict[str, int] = {}
        line, seen = 0, 0
        for match in self._ID.finditer(text):
            line += text.count("\n", seen, match.start())
            seen = match.start()
            self.starts.setdefault(match.group(1), line)

    def of(self, note_id: str, field: str) -> int | None:
        """The line of `field` (e.g. `en.text`) in the note, else the note's own line."""
        start = self.starts.get(note_id)
        if start is None:
            return None
        language, _, name = field.partition(".")
        key = re.compile(rf"^[ \t]*{re.escape(language)}[ \t]*\.[ \t]*{re.escape(name)}[ \t]*=")
        for number in range(start, len(self.lines)):
            if number > start and self.lines[number].lstrip().startswith("[[notes]]"):
                break
            if key.match(self.lines[number]):
                return number + 1
        return start + 1
