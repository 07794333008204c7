"""The thresholds of `flywheel check`'s formulation warnings, as the config's `[lint]` table."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class LintSettings(BaseModel):
    """The `[lint]` table of the config file: thresholds of `flywheel check`'s warnings."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    answer_words: int = Field(15, ge=1, description="Longest answer, in words, without a warning.")
    cloze_words: int = Field(5, ge=1, description="Longest cloze deletion, in words.")
    phrase_words: int = Field(3, ge=2, description="Words in a phrase counted as boilerplate.")
    phrase_share: float = Field(
        0.5, gt=0, le=1, description="Share of a deck's prompts a boilerplate phrase must reach."
    )
    phrase_min_notes: int = Field(6, ge=2, description="Smallest deck the phrase check reads.")
    subject_notes: int = Field(
        3, ge=1, description="Prompts naming an answer before it counts as the deck's subject."
    )
    max_notes: int = Field(
        2000, ge=0, description="Larger deck files are checked for problems only, not wording."
    )
    similar_prompts: float = Field(
        0.85, gt=0, le=1, description="Word overlap (Jaccard) at which two prompts are too alike."
    )
