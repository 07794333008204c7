"""`json.dumps(records, ensure_ascii=False, indent=2)` for a list of flat records, written with
the C string encoder: given an indent, `json` falls back to its pure-Python encoder, which was
a tenth of `flywheel due --json`'s run."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from json.encoder import encode_basestring

Value = str | int | float | bool | None


def _value(value: Value) -> str:
    if type(value) is str:
        return encode_basestring(value)
    return json.dumps(value)


def indented_json(records: Sequence[Mapping[str, Value]]) -> str:
    """The records as `json.dumps(records, ensure_ascii=False, indent=2)` prints them."""
    if not records:
        return "[]"
    parts = []
    for record in records:
        if not record:
            parts.append("  {}")
            continue
        fields = ",\n".join(
            f"    {encode_basestring(key)}: {_value(value)}" for key, value in record.items()
        )
        parts.append(f"  {{\n{fields}\n  }}")
    return "[\n" + ",\n".join(parts) + "\n]"
