"""Whatever bytes a deck file holds, reading it yields problems, never an exception."""

from __future__ import annotations

import tomllib
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import given, settings
from hypothesis import strategies as st

from cards.decks.loading import load_collection, parse_toml

text = st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    ["{{c1::답}}", "{{c1::", "}}", "한국어 텍스트", "\x00", "\x1b[31m", "a b", "", " ", "x/y"]
)
scalar = text | st.integers() | st.booleans() | st.floats(allow_nan=False) | st.none()
keys = st.sampled_from(
    ["id", "kind", "en", "ko", "front", "back", "text", "extra", "tags", "source", "file", "lines"]
) | st.text(max_size=8)
value = st.recursive(
    scalar,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=20,
)
note = st.dictionaries(keys, value, max_size=6)
deck = st.fixed_dictionaries(
    {},
    optional={
        "name": text,
        "description": value,
        "notes": st.lists(note, max_size=4),
        "source": value,
    },
)


def check_bytes(raw: bytes) -> list[str]:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "deck.toml"
        path.write_bytes(raw)
        return [str(problem) for problem in load_collection([path]).problems]


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_never_crash(raw: bytes) -> None:
    assert isinstance(check_bytes(raw), list)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_random_text_never_crashes(raw: str) -> None:
    problems = check_bytes(raw.encode("utf-8", "surrogatepass"))
    assert all(problem.startswith(str(Path("/"))) for problem in problems)


def to_toml(data: object) -> str:
    """A tiny TOML writer for generated structures (JSON strings are valid TOML basic strings)."""
    import json

    def quote(text: str) -> str:
        return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")

    def val(v: object) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if v is None:
            return '""'
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, str):
            return quote(v)
        if isinstance(v, list):
            return "[" + ", ".join(val(x) for x in v) + "]"
        assert isinstance(v, dict)
        return "{" + ", ".join(f"{quote(k)} = {val(x)}" for k, x in v.items()) + "}"

    assert isinstance(data, dict)
    return "\n".join(f"{quote(k)} = {val(v)}" for k, v in data.items()) + "\n"


@settings(max_examples=200, deadline=None)
@given(deck)
def test_random_deck_structures_never_crash(data: dict[str, object]) -> None:
    source = to_toml(data)
    assert isinstance(tomllib.loads(source), dict)
    problems = check_bytes(source.encode("utf-8", "surrogatepass"))
    assert isinstance(problems, list)


@settings(max_examples=200, deadline=None)
@given(deck)
def test_the_fast_parser_reads_what_tomllib_reads(data: dict[str, object]) -> None:
    source = to_toml(data)
    assert parse_toml(source) == tomllib.loads(source)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab=[]{}\"'#.,\n \t1\\", max_size=60))
def test_text_tomllib_refuses_is_refused_with_its_message(source: str) -> None:
    try:
        expected: dict[str, object] | str = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        expected = str(error)
    try:
        got: dict[str, object] | str = parse_toml(source)
    except tomllib.TOMLDecodeError as error:
        got = str(error)
    assert got == expected
