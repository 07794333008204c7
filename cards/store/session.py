"""One sitting of reviews: what this sitting answered, for undo and the closing summary.

The store stays the truth: after every change the queue is asked again (`store.queue`), so the
drill, the limits and other processes answering at the same time are always reflected. That one
read per grade also tells the store where the next card waits, unless something changed since. A
screen may take the queue an answer leaves as it follows from the one read before (`answer`'s
`read_queue=False`) and ask the store after its paint (`settle`). The module holds no Textual
code, so the review flow can be tested without a screen.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from cards.clock import Clock as Clock  # where the app and its timer have long found them
from cards.clock import system_clock as system_clock
from cards.schedule.card_states import DRILL_PASS_GRADE
from cards.schedule.queue import QueueItem
from cards.store.store import UNKNOWN, Store, Version

if TYPE_CHECKING:
    from cards.store.actions import Answered, Undone


@dataclass(frozen=True)
class Summary:
    """What a finished sitting shows."""

    reviewed: int
    seconds: float
    """From the sitting's start to its last answer."""
    grades: dict[int, int]
    forecast: list[int]
    answering_seconds: float = 0.0
    """The answers' own times as logged (each capped): what the stats count as time answering."""
    elsewhere: dict[str, int] = field(default_factory=dict)
    """Cards still waiting today in decks outside the one reviewed, by deck (most first); empty
    for a sitting over every deck."""

    @property
    def next_due(self) -> tuple[int, int] | None:
        """(days from today, cards) of the next day with cards falling due, within the forecast."""
        for offset, count in enumerate(self.forecast):
            if offset > 0 and count:
                return offset, count
        return None


class ReviewSession:
    """Today's queue for one deck (or all) and the answers given since it opened."""

    def __init__(self, store: Store, today: date, clock: Clock, deck: str | None = None) -> None:
        self.store = store
        self.today = today
        self.clock = clock
        self.deck = deck
        self.queue: list[QueueItem] = []
        self._read_at: Version = UNKNOWN  # the store's version before the queue was read
        self.grades: Counter[int] = Counter()
        self.started: datetime = clock()
        self._last_answer: datetime | None = None
        self._answered: list[int] = []  # log ids of this sitting's answers, newest last
        self._grade_of: dict[int, int] = {}  # log id -> grade
        self._logged_as: dict[int, tuple[str, datetime]] = {}  # log id -> (card id, time)
        self._others_checked = UNKNOWN[1]  # other connections' commits when the log was read
        self.unsettled = False  # the queue is an answer's foresight, not yet read from the store
        self.reload()

    @property
    def done(self) -> int:
        """Answers given in this sitting and not taken back."""
        return len(self._answered)

    @property
    def current(self) -> QueueItem | None:
        return self.queue[0] if self.queue else None

    @property
    def left(self) -> int:
        return len(self.queue)

    def reload(self, first: str | None = None) -> None:
        """Ask the store for the queue again; `first` (a card id) is moved to the front."""
        self._read_at = self.store.version()
        queue = self.store.queue(self.today, self.deck)
        self._forget_answers_taken_back()
        if first is not None:
            queue.sort(key=lambda item: item.card_id != first)
        self.queue = queue
        self.unsettled = False

    def settle(self) -> bool:
        """Read the queue that an answer foresaw (`read_queue=False`) from the store, keeping
        the card in front there if it still waits; True when the store's queue differs."""
        if not self.unsettled:
            return False
        foreseen = self.queue
        current = self.current
        self.reload(first=current.card_id if current else None)
        return self.queue != foreseen

    def answer(
        self, grade: int, seconds: float | None = None, *, read_queue: bool = True
    ) -> Answered:
        """Record `grade` for the current card (durably, before anything else shows);
        `seconds` is how long its question was shown.

        Without `read_queue`, the queue left is the one read before less this card, plus this
        card at the drill's end after a failing grade (the order the store's queue keeps), so
        the next card can be drawn before the store is asked again (`settle`). The store is
        asked at once when that queue cannot be foreseen: anything written since it was read
        (here, another process, a sync) but this answer, or no card behind this one."""
        item = self._require_current()
        now = self.clock()
        self._forget_answers_taken_back()  # before a new answer can reuse an undone one's row
        foreseeable = not read_queue and self.store.version() == self._read_at
        queued = (item.kind, self._read_at)
        answered = self.store.answer(item.card_id, grade, self.today, now, seconds, queued=queued)
        entry = answered.entry
        self.grades[grade] += 1
        self._answered.append(entry.id)
        self._grade_of[entry.id] = grade
        self._logged_as[entry.id] = (entry.card_id, entry.answered_at)
        self._last_answer = now
        foreseen = self.queue[1:]
        if not (foreseeable and foreseen and self.store.version()[1] == self._read_at[1]):
            self.reload()  # something else wrote since the queue was read, or it ends here
            return answered
        if grade < DRILL_PASS_GRADE and not answered.became_leech:
            foreseen.append(item._replace(kind="drill"))
        self.queue = foreseen
        self.unsettled = True
        return answered

    def undo(self) -> Undone | None:
        """Take back this sitting's latest action and bring its card back to the front.

        Actions of earlier sittings and of other processes are left alone (`flywheel undo`
        reaches those), so a stray `u` cannot rewind yesterday or a script's answer.

        Raises:
            FlywheelError: The card changed since (see `Store.undo`); nothing was taken back.
        """
        undone = self.store.undo(own=True)
        if undone is None:
            return None
        entry = undone.entry
        if entry is not None and entry.id in self._answered:
            self._answered.remove(entry.id)
            self.grades[self._grade_of.pop(entry.id)] -= 1
            self._logged_as.pop(entry.id, None)
        self.reload(first=undone.action.card_id)
        return undone

    def suspend(self) -> QueueItem:
        item = self._require_current()
        self.store.set_suspended(item.card_id, True, self.today)
        self.reload()
        return item

    def bury(self) -> QueueItem:
        item = self._require_current()
        self.store.bury(item.card_id, self.today)
        self.reload()
        return item

    def summary(self) -> Summary:
        from cards.store.stats import with_todays_queue  # only at a sitting's end

        end = self._last_answer or self.started
        everything = self.store.queue(self.today)
        due_today = sum(item.kind == "review" for item in everything)
        return Summary(
            reviewed=self.done,
            seconds=max(0.0, (end - self.started).total_seconds()),
            grades={grade: self.grades[grade] for grade in range(6)},
            forecast=with_todays_queue(self.store.forecast(self.today), due_today),
            answering_seconds=self._logged_seconds(),
            elsewhere=self._elsewhere(everything),
        )

    def _elsewhere(self, everything: list[QueueItem]) -> dict[str, int]:
        """What other decks still have today, once this sitting's deck has nothing left: the
        whole collection's queue (`everything`), by deck."""
        if self.deck is None or self.queue:
            return {}
        return dict(Counter(item.deck for item in everything).most_common())

    def _forget_answers_taken_back(self) -> None:
        """Drop this sitting's answers that are no longer logged (`flywheel undo` elsewhere).

        Only another connection can have taken one back: while none has committed since the
        last look, the log is not read again (it holds the whole sitting's answers)."""
        if not self._answered:
            return
        others = self.store.version()[1]
        if others != UNKNOWN[1] and others == self._others_checked:
            return
        self._others_checked = others
        logged = self._logged()
        for log_id in [i for i in self._answered if logged.get(i) != self._logged_as.get(i)]:
            self._answered.remove(log_id)
            self.grades[self._grade_of.pop(log_id)] -= 1
            self._logged_as.pop(log_id, None)

    def _logged(self) -> dict[int, tuple[str, datetime]]:
        """This sitting's answers as the log has them now: a row number reused by another
        answer shows another card or time."""
        entries = self.store.log_entries(self._answered)
        return {entry.id: (entry.card_id, entry.answered_at) for entry in entries}

    def _logged_seconds(self) -> float:
        if not self._answered:
            return 0.0
        return sum(entry.seconds or 0.0 for entry in self.store.log_entries(self._answered))

    def _require_current(self) -> QueueItem:
        item = self.current
        if item is None:
            raise LookupError("the queue is empty")
        return item


def format_duration(seconds: float) -> str:
    """Format as 42 s, 3 min 05 s or 1 h 02 min: short, and never ambiguous about units."""
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
