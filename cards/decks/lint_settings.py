"""The thresholds of `flywheel check`'s formulation warnings, as the config's `[lint]` table.

A plain frozen dataclass, so importing it costs nothing; `cards.settings_file` validates the
table with Pydantic against these fields and their `Bounds`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, ClassVar

from cards.bounds import Bounds


@dataclass(frozen=True)
class LintSettings:
    """The `[lint]` table of the config file: thresholds of `flywheel check`'s warnings."""

    __pydantic_config__: ClassVar[dict[str, object]] = {"extra": "forbid"}

    answer_words: Annotated[int, Bounds(ge=1)] = 15
    """Longest answer, in words, without a warning."""
    cloze_words: Annotated[int, Bounds(ge=1)] = 5
    """Longest cloze deletion, in words."""
    phrase_words: Annotated[int, Bounds(ge=2)] = 3
    """Words in a phrase counted as boilerplate."""
    phrase_share: Annotated[float, Bounds(gt=0, le=1)] = 0.5
    """Share of a deck's prompts a boilerplate phrase must reach."""
    phrase_min_notes: Annotated[int, Bounds(ge=2)] = 6
    """Smallest deck the phrase check reads."""
    subject_notes: Annotated[int, Bounds(ge=1)] = 3
    """Other notes showing an answer before one warning on its own note replaces theirs."""
    korean_spread: Annotated[int, Bounds(ge=0)] = 2
    """More words a Korean answer's words may be spread over, in any order, and still count as
    shown."""
    max_notes: Annotated[int, Bounds(ge=0)] = 2000
    """Larger deck files are checked for problems only, not wording."""
    similar_prompts: Annotated[float, Bounds(gt=0, le=1)] = 0.85
    """Word overlap (Jaccard) at which two prompts are too alike."""
