"""The import's pure parts: the SM-2 streak read from a review log, slugs, HTML to Markdown and
the state of cards still learning."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cards.anki.import_convert import IdMaker, slug, to_markdown
from cards.anki.import_reader import AnkiCard
from cards.anki.import_schedule import ImportedCard, imported_card, possible, streak
from cards.schedule.card_schedules import AnkiAnswer
from cards.schedule.sm2 import SM2State
from cards.store.store import Store
from tests.conftest import GOOD_DECK
from tui.commands import import_command


def test_repetitions_count_passing_days_at_the_end_of_the_log() -> None:
    day = 86_400_000
    answers = [
        AnkiAnswer(0, 3, 1, 0, 2500, 0, 0),
        AnkiAnswer(1 * day, 1, 1, 1, 2300, 0, 1),  # a lapse resets the count
        AnkiAnswer(2 * day, 3, 1, 1, 2300, 0, 2),
        AnkiAnswer(2 * day + 60_000, 3, 1, 1, 2300, 0, 2),  # same day: counts once
        AnkiAnswer(3 * day, 0, 5, 1, 2300, 0, 4),  # a manual reschedule is not an answer
        AnkiAnswer(5 * day, 4, 9, 1, 2450, 0, 1),
    ]
    assert streak(answers) == 2
    assert streak(answers[:2]) == 0
    assert streak([]) == 0


def test_ids_are_slugs_made_unique() -> None:
    maker = IdMaker({"verbs/comer"})
    assert maker.make("Languages::Verbs", "<b>Comer</b>") == "verbs/comer-2"
    assert maker.make("Languages::Verbs", "comer") == "verbs/comer-3"
    assert maker.make("한국어", "{{c1::서울}}") == "anki/note"
    assert slug("Él está aquí, ¿no?") == "el-esta-aqui-no"


def test_html_becomes_markdown_with_media_in_the_media_folder() -> None:
    media: set[str] = set()
    text = to_markdown('<div>a <i>b</i></div><img src="x y.png"> [sound:../evil.mp3]', media)
    assert text == "a *b*\n\n![](media/x%20y.png) ../evil.mp3"
    assert media == {"x y.png"}


def test_a_relearning_card_is_due_today_and_a_learning_card_new() -> None:
    relearning = AnkiCard(0, 3, 1, 9_999, 4, 2100, 6, 2)
    state = imported_card("a#fwd", relearning, date(2026, 5, 1))
    assert state.state == SM2State(0, 210, 4, date(2026, 5, 1))
    assert (state.reviews, state.lapses) == (6, 2)
    learning = AnkiCard(0, 1, 1, 0, 0, 2500, 1, 0)
    assert imported_card("a#fwd", learning, date(2026, 5, 1)).state is None


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab 가\n#-.1[]>`!:()~|=+\"'/"), max_size=40))
def test_plain_text_skips_the_converter_with_the_same_result(text: str) -> None:
    from markdownify import MarkdownConverter

    converted = MarkdownConverter(heading_style="ATX", bullets="-", newline_style="backslash")
    lines = [line.rstrip() for line in converted.convert(text).strip().splitlines()]
    expected = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    assert to_markdown(text, set()) == expected


EMPHASIS_PIECES = ["<em>", "</em>", "<i>", "</i>", "<b>", "</b>", "<strong>", "</strong>", "<br>"]


@settings(max_examples=1000, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(EMPHASIS_PIECES),
            st.text(alphabet=st.sampled_from("ab 가\n#-.1>`!:\xa0\u2003*_&<"), max_size=6),
        ),
        max_size=10,
    )
)
def test_bold_and_italic_skip_the_converter_with_the_same_result(pieces: list[str]) -> None:
    from markdownify import MarkdownConverter

    text = "".join(pieces)
    converted = MarkdownConverter(heading_style="ATX", bullets="-", newline_style="backslash")
    markdown = converted.convert(text).replace("\xa0", " ")
    lines = [line.rstrip() for line in markdown.strip().splitlines()]
    expected = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    assert to_markdown(text, set()) == expected


def test_imported_schedules_are_one_store_commit_the_checkpoints_count(tmp_path: Path) -> None:
    """The import writes through the store (its lock, its checkpoint count), not a raw
    connection of its own."""
    deck = tmp_path / "deck.toml"
    deck.write_text(GOOD_DECK, encoding="utf-8")
    with Store.open(tmp_path / "c.sqlite3", checkpoint_every=1) as store:
        store.sync([deck])
        assert store.checkpoints is not None
        assert store.checkpoints.wait_for(1, 10)
        answer = AnkiAnswer(1_700_000_000_000, 3, 9, 4, 2500, 0, 1)
        state = SM2State(2, 250, 9, date(2026, 5, 10))
        card = ImportedCard("test/capital#fwd", state, 3, 0, False, anki_id=7)
        report = store.import_schedules([card], 4, [(7, answer), (8, answer)])
        assert (report.scheduled, report.answers) == (1, 1)
        assert store.checkpoints.wait_for(2, 10)
        stored = store.state("test/capital#fwd")
        assert stored is not None
        assert stored.sm2 == state
    command = Path(import_command.__file__).read_text("utf-8")
    assert ".connection" not in command


WHOLE = st.integers(-(2**63), 2**63 - 1)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from([0, 1, 2, 3]),
    st.sampled_from([-3, -1, 0, 1, 2]),
    WHOLE,
    WHOLE,
    WHOLE,
    WHOLE,
    WHOLE,
    st.lists(WHOLE, max_size=4),
)
def test_any_anki_figures_become_a_state_in_range(
    kind: int,
    queue: int,
    due_in: int,
    interval: int,
    factor: int,
    reps: int,
    lapses: int,
    times: list[int],
) -> None:
    answers = [AnkiAnswer(at, 3, 1, 0, 2500, 0, 1) for at in times]
    card = AnkiCard(0, kind, queue, due_in, interval, factor, reps, lapses, answers)
    imported = imported_card("a#fwd", card, date(2026, 5, 1))
    assert imported.dropped == sum(not possible(answer) for answer in answers)
    state = imported.state
    if state is None:
        return
    assert state.due is not None
    assert 1 <= state.interval <= 36_500
    assert 130 <= state.easiness_pct <= 1000
    assert abs((state.due - date(2026, 5, 1)).days) <= 36_500
    assert 0 <= imported.lapses <= 1_000_000


def test_a_negative_card_ordinal_makes_no_card() -> None:
    from cards.anki.import_convert import template_for
    from cards.decks.vocabulary import NoteKind

    assert [template_for(kind, -(2**31)) for kind in NoteKind] == [None] * len(NoteKind)
    assert template_for(NoteKind.REVERSE, 1) == "rev"
