"""The add form: a new note checked by the deck rules, then written to the user's deck file.

Returns the new note's id (None when cancelled). The deck files are re-read and synced on save,
so the note's cards join today's new cards and the caller only has to ask the queue again.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.markup import escape
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, Static

from cards.decks.authoring import (
    KINDS,
    MAX_TAGS_LENGTH,
    MAX_TEXT_LENGTH,
    Draft,
    InUse,
    InvalidNote,
    add_note,
)
from cards.decks.models import MAX_DECK_NAME_LENGTH, MAX_ID_LENGTH
from cards.errors import FlywheelError
from tui.app.widgets.capped_input import CappedInput
from tui.safe_text import markup
from tui.services import Services

FACE_FIELDS = (
    ("en", "front", "English front"),
    ("en", "back", "English back"),
    ("ko", "front", "Korean front"),
    ("ko", "back", "Korean back"),
    ("en", "text", "English cloze text, e.g. Seoul is in {{c1::Korea}}"),
    ("ko", "text", "Korean cloze text"),
)


class AddScreen(ModalScreen[str | None]):
    """Deck, kind, the faces in English and Korean (or cloze text), tags and an optional id."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="add-save", priority=True),
        Binding("escape", "leave", "Cancel", id="add-cancel"),
    ]

    def __init__(self, services: Services, deck: str | None = None) -> None:
        super().__init__()
        self.services = services
        self.deck = deck or ""
        self._warned = False  # Escape was pressed once with text typed

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="add-form"):
            yield Label("[b]Add a note[/b]  (ctrl+s saves, escape cancels)")
            decks = list(self.services.store.card_totals())
            yield CappedInput(
                self.deck,
                max_length=MAX_DECK_NAME_LENGTH,
                placeholder="Deck, e.g. Amazon::IoT (a new name makes a new deck)",
                suggester=SuggestFromList(decks, case_sensitive=False),
                id="add-deck",
            )
            yield Select(
                [(kind, kind) for kind in KINDS], value="basic", allow_blank=False, id="add-kind"
            )
            for language, side, hint in FACE_FIELDS:
                yield CappedInput(
                    max_length=MAX_TEXT_LENGTH,
                    placeholder=hint,
                    id=f"add-{language}-{side}",
                    classes=f"-{side}",
                )
            yield CappedInput(
                max_length=MAX_TAGS_LENGTH, placeholder="Tags, comma-separated", id="add-tags"
            )
            yield CappedInput(
                max_length=MAX_ID_LENGTH,
                placeholder="Id (made from the text when empty)",
                id="add-id",
            )
            yield Static(id="add-problems")
            with Horizontal(id="add-buttons"):
                yield Button("Save", variant="primary", id="add-save")
                yield Button("Cancel", id="add-cancel")

    def on_mount(self) -> None:
        self._show_kind("basic")
        self.query_one("#add-deck" if not self.deck else "#add-en-front", Input).focus()

    @on(Select.Changed, "#add-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        self._show_kind(str(event.value))

    def _show_kind(self, kind: str) -> None:
        """Cloze notes have text; basic and reverse notes front and back."""
        cloze = kind == "cloze"
        for widget in self.query(".-text"):
            widget.display = cloze
        for widget in self.query(".-front, .-back"):
            widget.display = not cloze

    def draft(self) -> Draft:
        kind = str(self.query_one("#add-kind", Select).value)
        sides = ("text",) if kind == "cloze" else ("front", "back")
        faces: dict[str, dict[str, str]] = {"en": {}, "ko": {}}
        for language, side, _ in FACE_FIELDS:
            value = self.query_one(f"#add-{language}-{side}", Input).value.strip()
            if side in sides and value:
                faces[language][side] = value
        tags = self.query_one("#add-tags", Input).value
        return Draft(
            deck=self.query_one("#add-deck", Input).value.strip(),
            kind=kind,
            en=faces["en"],
            ko=faces["ko"],
            tags=tuple(tag.strip() for tag in tags.split(",") if tag.strip()),
            note_id=self.query_one("#add-id", Input).value.strip() or None,
        )

    @on(Button.Pressed, "#add-save")
    def action_save(self) -> None:
        user_decks = self.services.user_decks
        problems = self.query_one("#add-problems", Static)
        if user_decks is None:
            problems.update("No deck folder is set, so notes cannot be added here.")
            return
        store = self.services.store
        try:
            store.sync(self.services.deck_files())  # a file changed meanwhile is seen first
            added = add_note(self.draft(), InUse(*store.notes_in_use()), user_decks)
            store.sync(self.services.deck_files())
            store.mark_added(added.note.id, self.services.today)
        except InvalidNote as error:
            problems.update(
                "[b $text-error]Not saved:[/]\n"
                + "\n".join(escape(str(problem)) for problem in error.problems)
            )
            return
        except (FlywheelError, OSError) as error:
            problems.update(f"[b $text-error]Not saved:[/] {escape(str(error))}")
            return
        self.notify(f"Added {added.note.id} to {markup(added.path.name)}.", title="Added")
        self.dismiss(added.note.id)

    def action_leave(self) -> None:
        """Escape: close the form, but only at the second press when text was typed."""
        if self._typed() and not self._warned:
            self._warned = True
            self.query_one("#add-problems", Static).update(
                "[b $text-warning]Not saved yet.[/] Press escape again to throw the text away, "
                "ctrl+s to save it."
            )
            return
        self.dismiss(None)

    def _typed(self) -> bool:
        fields = [self.query_one(f"#add-{lang}-{side}", Input) for lang, side, _ in FACE_FIELDS]
        fields += [self.query_one("#add-tags", Input), self.query_one("#add-id", Input)]
        deck = self.query_one("#add-deck", Input).value.strip()
        return any(field.value.strip() for field in fields) or deck not in ("", self.deck)

    @on(Input.Changed)
    def _edited(self) -> None:
        self._warned = False  # a new change earns a new warning

    @on(Button.Pressed, "#add-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
