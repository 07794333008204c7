"""Bounds of a number setting, written beside its field and enforced by Pydantic.

`Annotated[int, Bounds(ge=1)]` reads like annotated-types' `Ge(1)`, but the module need not be
imported until something validates: annotated-types' grouped-metadata protocol lets Pydantic
expand a `Bounds` into its `Ge`/`Gt`/`Le` when it builds a validator, so the settings types stay
importable on a start-up that never validates.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Bounds:
    """Inclusive (`ge`, `le`) or exclusive (`gt`) bounds; None is no bound."""

    ge: float | None = None
    gt: float | None = None
    le: float | None = None

    def admits(self, value: float) -> bool:
        """Whether `value` lies within the bounds (for values read back without Pydantic)."""
        return (
            (self.ge is None or value >= self.ge)
            and (self.gt is None or value > self.gt)
            and (self.le is None or value <= self.le)
        )

    @property
    def __is_annotated_types_grouped_metadata__(self) -> bool:
        """Marks this as annotated-types' `GroupedMetadata`."""
        return True

    def __iter__(self) -> Iterator[object]:
        """The annotated-types constraints (imported here, only when Pydantic asks)."""
        from annotated_types import Ge, Gt, Le

        if self.ge is not None:
            yield Ge(self.ge)
        if self.gt is not None:
            yield Gt(self.gt)
        if self.le is not None:
            yield Le(self.le)
