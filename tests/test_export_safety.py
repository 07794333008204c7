"""What a package may carry into Anki: no image fetched from the web, no script URL anywhere,
and a warning when a note's kind changed since the package was last written. Checked by
importing into real Anki collections."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from anki.collection import Collection as AnkiCollection
from hypothesis import given, settings
from hypothesis import strategies as st

from cards.anki.export import export_apkg
from cards.anki.export_changes import changed_kinds
from cards.anki.export_safety import may_hold_script_url, without_script_urls
from cards.decks import cloze
from tests.anki_support import decks_from, import_apkg
from tests.conftest import flywheel

HOSTILE_DECK = r"""
name = "Hostile"
description = "Click \\(\\href{javascript:alert(0)}{here}\\)"

[source]
file = "javascript:alert(9).txt"

[[notes]]
id = "hostile/math"
kind = "basic"
source = { file = "javascript:alert(8).txt", lines = "1" }
en.front = "Math \\(\\href{javascript:alert(1)}{x}\\)"
ko.front = "\\(\\href{JaVa	ScRiPt&#58;alert(2)}{y}\\)"
ko.back = "b"
en.back = "![pixel](https://tracker.example/p.gif?id=1) and ![local](photo.png)"
en.extra = "[link](javascript:alert(3)) <javascript:alert(4)> jav&#x61;script:alert(5)"

[[notes]]
id = "hostile/cloze"
kind = "cloze"
en.text = "{{c1::\\(\\href{vbscript:msgbox(6)}{z}\\)}} and {{c2::![i](http://x.example/i.png)}}"
"""


def script_free(text: str) -> bool:
    plain = re.sub(r"[\s\x00-\x1f]+", "", html.unescape(text)).lower()
    return "javascript:" not in plain and "vbscript:" not in plain


def test_no_script_url_and_no_remote_image_reach_anki(
    tmp_path: Path, write_deck: Callable[..., Path], anki: Callable[[str], AnkiCollection]
) -> None:
    decks = decks_from(write_deck, HOSTILE_DECK)
    export_apkg(decks, tmp_path / "out.apkg")
    collection = anki("anki")
    import_apkg(collection, tmp_path / "out.apkg")
    fields = [
        field
        for note_id in collection.find_notes("")
        for field in collection.get_note(note_id).fields
    ]
    assert len(fields) == 14
    assert all(script_free(field) for field in fields), fields
    assert "<img" not in "".join(fields)
    joined = "".join(fields)
    assert '<a href="https://tracker.example/p.gif?id=1">pixel</a>' in joined
    assert "and local" in joined
    assert '<a href="http://x.example/i.png">i</a>' in joined
    for card_id in collection.find_cards(""):
        output = collection.get_card(card_id).render_output()
        assert script_free(output.question_text + output.answer_text)
        assert "<img" not in output.question_text + output.answer_text
    (deck,) = [d for d in collection.decks.all() if d["name"] == "Hostile"]
    assert script_free(deck["desc"])
    assert "alert(0)" in deck["desc"]


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:x",
        "java\tscript:x",
        "java&#x09;script&colon;x",
        "vb script&#x3A;x",
        "&#106;avascript:x",
        "\\(\\href{javascript:alert(1)}{x}\\)",
        ":: {{c1::a}} javascript:x",
    ],
)
def test_every_spelling_of_a_script_scheme_is_defused(text: str) -> None:
    assert not script_free(text)
    assert script_free(without_script_urls(text))


def test_text_without_a_script_scheme_is_left_alone() -> None:
    for text in ("Note: fine", "a &quot;b&quot; &amp; c", "https://example.com", "scripture:"):
        assert without_script_urls(text) == text


KINDS = 'name = "Kinds"\n\n[[notes]]\nid = "kinds/a"\n'
BASIC = KINDS + 'kind = "basic"\nen.front = "1994"\nen.back = "b"\n'
CLOZE = KINDS + 'kind = "cloze"\nen.text = "{{c1::1994}}"\n'


def test_a_changed_kind_is_warned_about_and_the_way_to_carry_it_over_works(
    isolated_env: dict[str, str],
    tmp_path: Path,
    write_deck: Callable[..., Path],
    anki: Callable[[str], AnkiCollection],
) -> None:
    Path(isolated_env["FLYWHEEL_CONFIG"]).write_text("builtin_decks = false\n")
    out = tmp_path / "kinds.apkg"
    write_deck(BASIC)
    assert flywheel("export", "-o", str(out), env=isolated_env).returncode == 0
    collection = anki("anki")
    import_apkg(collection, out)
    write_deck(CLOZE)
    result = flywheel("export", "-o", str(out), env=isolated_env)
    assert result.returncode == 0
    assert result.stderr == (
        "flywheel: warning: note kinds/a changed from basic to cloze; Anki keeps its basic note "
        'on import: delete that note in Anki first (Browse, search "Flywheel ID:kinds/a") to '
        "take the cloze one\n"
    )
    import_apkg(collection, out)  # as the warning says, Anki keeps the old note
    (note_id,) = collection.find_notes('"Flywheel ID:kinds/a"')
    assert (collection.get_note(note_id).note_type() or {})["name"] == "Flywheel Basic"
    collection.remove_notes([note_id])  # what the warning asks for
    import_apkg(collection, out)
    (note_id,) = collection.find_notes('"Flywheel ID:kinds/a"')
    assert (collection.get_note(note_id).note_type() or {})["name"] == "Flywheel Cloze"
    assert flywheel("export", "-o", str(out), env=isolated_env).stderr == ""
    assert changed_kinds(tmp_path / "missing.apkg", []) == []


SCHEMEISH = st.lists(
    st.sampled_from(
        [
            *"javascriptJAVASCRIPTvb:&#;0x3a58 \t\n\x00\u3000(){}\\",
            *["&colon;", "&#58;", "&tab;", "&#x6a;", "&#106;", "java", "script", "&amp;"],
            *["&quot;", "t:", "T\n:"],
        ]
    ),
    max_size=24,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(SCHEMEISH)
def test_the_quick_look_never_misses_and_the_result_is_always_script_free(text: str) -> None:
    if not script_free(text):
        assert may_hold_script_url(text)
    assert script_free(without_script_urls(text))


def test_the_highest_cloze_number_check_allows_imports_into_anki(
    tmp_path: Path, write_deck: Callable[..., Path], anki: Callable[[str], AnkiCollection]
) -> None:
    highest = f"{{{{c{cloze.MAX_NUMBER}::a}}}}"
    text = f'name = "Big"\n\n[[notes]]\nid = "big/c"\nkind = "cloze"\nen.text = "{highest}"\n'
    decks = decks_from(write_deck, text)
    export_apkg(decks, tmp_path / "out.apkg")
    collection = anki("anki")
    log = import_apkg(collection, tmp_path / "out.apkg")
    assert len(log.new) == 1
    assert collection.card_count() == 1
