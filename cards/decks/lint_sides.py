"""A note as the formulation checks read it: per language, what its cards ask, answer and show."""

from __future__ import annotations

from dataclasses import dataclass

from cards.decks import cloze
from cards.decks.models import Face, Note
from cards.decks.vocabulary import Language, NoteKind
from cards.decks.wording import words


@dataclass(frozen=True)
class Side:
    """What one language of a note asks and answers."""

    note: Note
    language: Language
    prompts: dict[str, str]  # card template -> the text shown before the answer
    answers: list[tuple[str, str, str]]  # (field, card template, answer)
    shown: list[str]  # the words the note's cards show before or with their questions
    question: list[str]  # the words of the note's question (deletions masked)
    extra: list[str]  # the words of the note's extra, shown after the answer

    @property
    def shown_field(self) -> str:
        """The field that holds what the note shows before its answer."""
        name = "text" if self.note.kind is NoteKind.CLOZE else "front"
        return f"{self.language}.{name}"


def side_of(note: Note, language: Language, face: Face) -> Side:
    """The side of `note` in `language`, read from its `face`."""
    extra = words(face.extra or "")
    if note.kind is NoteKind.CLOZE:
        field = f"{language}.text"
        text = face.text or ""
        found = cloze.deletions(text)
        prompts, answers = {}, []
        for number in cloze.numbers(text):
            prompts[f"c{number}"] = cloze.render_front(text, number)
            answers += [(field, f"c{number}", d.answer) for d in found if d.number == number]
        masked = words(cloze.DELETION.sub(" ", text))
        shown = words(cloze.render_back(text, 0))
        return Side(note, language, prompts, answers, shown, masked, extra)
    front, back = face.front or "", face.back or ""
    prompts = {"fwd": front}
    answers = [(f"{language}.back", "fwd", back)]
    if note.kind is NoteKind.REVERSE:
        prompts["rev"] = back
        answers.append((f"{language}.front", "rev", front))
    question = words(front)
    shown = question + words(back) if note.kind is NoteKind.REVERSE else question
    return Side(note, language, prompts, answers, shown, question, extra)


@dataclass(frozen=True)
class Finding:
    """A warning before its line is known: the note, the field and what is wrong."""

    note_id: str
    field: str
    message: str
