"""Choices made in the app (the language with `l`, the theme from the palette), remembered with
the collection so the next launch opens the same way; the config's `language` is the default
until a choice is made."""

from __future__ import annotations

from cards.decks.vocabulary import LanguageChoice
from cards.store.store import Store
from tui.services import LANGUAGE_CYCLE, Services

LANGUAGE_KEY = "language"
THEME_KEY = "theme"


def remembered_language(services: Services) -> LanguageChoice:
    chosen = services.store.preference(LANGUAGE_KEY)
    if chosen in LANGUAGE_CYCLE:
        return chosen
    return services.settings.language


def remember_language(store: Store, language: LanguageChoice) -> None:
    store.set_preference(LANGUAGE_KEY, language)


def remembered_theme(store: Store) -> str | None:
    return store.preference(THEME_KEY)


def remember_theme(store: Store, theme: str) -> None:
    store.set_preference(THEME_KEY, theme)
