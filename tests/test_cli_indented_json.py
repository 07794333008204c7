"""`flywheel due --json` prints exactly what `json.dumps(..., ensure_ascii=False, indent=2)`
printed before it was written with the C string encoder."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import flywheel
from tui.commands.indented_json import indented_json

ANY_TEXT = st.text(st.characters(codec=None, categories=None))
"""Every code point, lone surrogates and controls included."""

VALUES = st.one_of(ANY_TEXT, st.integers(), st.none(), st.booleans(), st.floats())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(ANY_TEXT, VALUES, max_size=6), max_size=5))
def test_records_are_written_as_json_dumps_writes_them(
    records: list[dict[str, str | int | float | bool | None]],
) -> None:
    assert indented_json(records) == json.dumps(records, ensure_ascii=False, indent=2)


def test_due_json_is_byte_for_byte_what_json_dumps_prints(env: dict[str, str]) -> None:
    result = flywheel("due", "--json", env=env)
    assert result.returncode == 0, result.stderr
    items = json.loads(result.stdout)
    assert len(items) == 3  # the cloze card's text has new lines, Korean and markup
    assert result.stdout == json.dumps(items, ensure_ascii=False, indent=2) + "\n"
    empty = flywheel("due", "--json", "--limit", "0", env=env)
    assert empty.stdout == "[]\n"
