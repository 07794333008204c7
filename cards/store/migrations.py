"""The collection's schema, as the migrations that built it: number N brings `user_version`
N-1 to N. Append only; a released migration is never edited."""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: the first schema
    """
    CREATE TABLE deck_file (
        path TEXT PRIMARY KEY,
        rank INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        size INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        deck TEXT,
        problems TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE note (
        id TEXT PRIMARY KEY,
        file TEXT NOT NULL,
        deck TEXT NOT NULL,
        position INTEGER NOT NULL,
        body TEXT NOT NULL,
        active INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE card (
        id TEXT PRIMARY KEY,
        note_id TEXT NOT NULL REFERENCES note(id),
        ord INTEGER NOT NULL,
        active INTEGER NOT NULL DEFAULT 1,
        repetitions INTEGER NOT NULL DEFAULT 0,
        easiness_pct INTEGER NOT NULL DEFAULT 250,
        interval INTEGER NOT NULL DEFAULT 0,
        due TEXT,
        reviews INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0,
        suspended INTEGER NOT NULL DEFAULT 0,
        leech INTEGER NOT NULL DEFAULT 0,
        buried_until TEXT
    );
    CREATE INDEX card_note ON card(note_id);
    CREATE INDEX card_due ON card(due) WHERE active = 1 AND reviews > 0;
    CREATE INDEX card_new ON card(note_id, ord) WHERE active = 1 AND reviews = 0;
    CREATE TABLE review_log (
        id INTEGER PRIMARY KEY,
        card_id TEXT NOT NULL REFERENCES card(id),
        answered_at TEXT NOT NULL,
        day TEXT NOT NULL,
        grade INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
        drill INTEGER NOT NULL,
        was_new INTEGER NOT NULL,
        repetitions_before INTEGER NOT NULL,
        easiness_before INTEGER NOT NULL,
        interval_before INTEGER NOT NULL,
        due_before TEXT,
        repetitions_after INTEGER NOT NULL,
        easiness_after INTEGER NOT NULL,
        interval_after INTEGER NOT NULL,
        due_after TEXT,
        made_leech INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX review_log_card ON review_log(card_id, id);
    CREATE INDEX review_log_day ON review_log(day);
    """,
    # 2: today's queue reads only its first cards. New cards: each card carries its deck file's
    # rank and its note's position (kept up to date by `cards.store.deck_sync`), indexed over the
    # active cards never reviewed. Due cards: the index also holds the id, the tie-break of the
    # order, so a backlog of thousands of overdue cards is not sorted on every answer.
    """
    DROP INDEX card_due;
    CREATE INDEX card_due ON card(due, id) WHERE active = 1 AND reviews > 0;
    ALTER TABLE card ADD COLUMN file_rank INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE card ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
    UPDATE card SET
        file_rank = coalesce((SELECT f.rank FROM note n JOIN deck_file f ON f.path = n.file
                              WHERE n.id = card.note_id), 0),
        position = coalesce((SELECT n.position FROM note n WHERE n.id = card.note_id), 0);
    CREATE INDEX card_new_order ON card(file_rank, position, ord)
        WHERE active = 1 AND reviews = 0;
    """,
    # 3: syncing a changed deck file retires and looks up its notes by file; each file keeps its
    # card count (the home screen's totals, without counting every card at start); the forecast
    # counts due dates from the index alone, so suspended cards leave it too.
    """
    CREATE INDEX note_file ON note(file);
    ALTER TABLE deck_file ADD COLUMN cards INTEGER NOT NULL DEFAULT 0;
    UPDATE deck_file SET cards = (
        SELECT count(*) FROM note n JOIN card c ON c.note_id = n.id
        WHERE n.file = deck_file.path AND n.active = 1 AND c.active = 1);
    DROP INDEX card_due;
    CREATE INDEX card_due ON card(due, id) WHERE active = 1 AND reviews > 0 AND suspended = 0;
    """,
    # 4: every undoable change is an action, in one sequence, so undo takes back the latest one
    # (answer, suspend, unsuspend or bury) and only the sitting that made it; the queue reads the
    # day's actions to keep a touched note's siblings for the next day. The answers of the latest
    # study day become actions of no sitting, so `flywheel undo` still reaches them (and their
    # siblings still wait); older answers stay in the log alone, since backfilling a large log
    # would stall the first start after an upgrade for seconds.
    """
    CREATE TABLE action (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('answer', 'suspend', 'unsuspend', 'bury')),
        card_id TEXT NOT NULL REFERENCES card(id),
        day TEXT NOT NULL,
        sitting TEXT NOT NULL,
        review_id INTEGER UNIQUE REFERENCES review_log(id),
        suspended_before INTEGER,
        buried_until_before TEXT
    );
    CREATE INDEX action_card ON action(card_id, id);
    CREATE INDEX action_sitting ON action(sitting, id);
    INSERT INTO action (kind, card_id, day, sitting, review_id)
        SELECT 'answer', card_id, day, '', id FROM review_log
        WHERE day = (SELECT max(day) FROM review_log) ORDER BY id;
    """,
    # 5: each file keeps its deck's [source] table (JSON), so a card shows its document's title;
    # every file is read again at the next sync to fill it in.
    """
    ALTER TABLE deck_file ADD COLUMN source TEXT;
    UPDATE deck_file SET mtime_ns = 0, sha256 = '';
    """,
    # 6: schedules imported from Anki. `imported_state` is where a card stood when it arrived, the
    # starting point from which its own answers are replayed; `imported_review` keeps the Anki
    # review log as history, never replayed through SM-2 (Anki did not schedule by SM-2's rules).
    """
    CREATE TABLE imported_state (
        card_id TEXT PRIMARY KEY REFERENCES card(id),
        repetitions INTEGER NOT NULL,
        easiness_pct INTEGER NOT NULL,
        interval INTEGER NOT NULL,
        due TEXT,
        reviews INTEGER NOT NULL,
        lapses INTEGER NOT NULL
    );
    CREATE TABLE imported_review (
        id INTEGER PRIMARY KEY,
        card_id TEXT NOT NULL REFERENCES card(id),
        anki_id INTEGER NOT NULL,
        answered_at TEXT NOT NULL,
        day TEXT NOT NULL,
        grade INTEGER NOT NULL CHECK (grade BETWEEN 0 AND 5),
        button INTEGER NOT NULL,
        kind INTEGER NOT NULL,
        interval INTEGER NOT NULL,
        last_interval INTEGER NOT NULL,
        factor INTEGER NOT NULL,
        time_ms INTEGER NOT NULL,
        UNIQUE (card_id, anki_id)
    );
    CREATE INDEX imported_review_day ON imported_review(day);
    """,
    # 7: how long each answer took (seconds from question to grade, capped; NULL when unknown,
    # as for every earlier answer), and choices the user made in the app (language, theme),
    # remembered across launches with the collection rather than in the installed package.
    """
    ALTER TABLE review_log ADD COLUMN seconds REAL;
    CREATE TABLE preference (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 8: the study day a note was added from Flywheel itself (`flywheel add`, the add form), so
    # its first card joins the new cards from that day on ahead of the deck-file order.
    """
    ALTER TABLE note ADD COLUMN added_on TEXT;
    CREATE INDEX note_added ON note(added_on) WHERE added_on IS NOT NULL;
    """,
    # 9: the version of what sync stores of each file's notes
    # (`cards.store.deck_sync.CACHE_VERSION`): a file stored by another version is read again,
    # whatever its stat says.
    """
    ALTER TABLE deck_file ADD COLUMN cache_version INTEGER NOT NULL DEFAULT 0;
    """,
    # 10: the config's settings as last validated, keyed by its stat (`cards.store.settings_cache`).
    """
    CREATE TABLE settings_cache (path TEXT PRIMARY KEY, mtime_ns INTEGER NOT NULL,
        size INTEGER NOT NULL, ctime_ns INTEGER NOT NULL, version INTEGER NOT NULL,
        settings TEXT NOT NULL);
    """,
    # 11: what `flywheel sync` has exchanged with Anki. Each answer on either side has one Anki
    # review-log id: `anki_revlog` ties it to its review_log row (`pulled` when it came from
    # another device), so a sync never sends or takes the same answer twice. `anki_note` holds a
    # digest of each note's fields as last written to Anki, to tell an edit made there, and of
    # what they were made from, so an unchanged note is not rendered again.
    """
    CREATE TABLE anki_revlog (revlog_id INTEGER PRIMARY KEY, card_id TEXT NOT NULL,
        review_id INTEGER, pulled INTEGER NOT NULL);
    CREATE INDEX anki_revlog_review ON anki_revlog(review_id);
    CREATE TABLE anki_note (guid TEXT PRIMARY KEY, fields_sha TEXT NOT NULL,
        source_sha TEXT NOT NULL);
    """,
    # 12: the Anki note type each imported note came with, and its fields as they were, so an
    # export sends the note back as that type (`cards.anki.note_origins`).
    """
    CREATE TABLE IF NOT EXISTS anki_notetype (id INTEGER PRIMARY KEY, definition TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS anki_origin (guid TEXT PRIMARY KEY, notetype_id INTEGER NOT NULL,
        kind TEXT NOT NULL, lang TEXT NOT NULL, fields TEXT NOT NULL);
    """,
    # 13: each deck name's key as names are compared (`cards.decks.vocabulary.deck_key`, Unicode
    # case folding), beside the name, so a query matches `ärger` to `Ärger` as Python does: SQLite's
    # `lower()` folds ASCII letters only. Filled here by the same Python function.
    """
    ALTER TABLE note ADD COLUMN deck_key TEXT NOT NULL DEFAULT '';
    UPDATE note SET deck_key = flywheel_deck_key(deck);
    ALTER TABLE deck_file ADD COLUMN deck_key TEXT;
    UPDATE deck_file SET deck_key = flywheel_deck_key(deck) WHERE deck IS NOT NULL;
    """,
    # 14: how many of a file's note ids are left out as duplicates, so a sync knows which files
    # to read again when a first declaration goes. Counted as each file is read: the cache
    # version rises with it, so every file is read once more.
    """
    ALTER TABLE deck_file ADD COLUMN duplicates INTEGER NOT NULL DEFAULT 0;
    """,
    # 15: cards due on the same day are walked in a shuffled order (`cards.schedule.day_order`),
    # kept on each card and indexed after the due day, so decks interleave and the walk still
    # stops at the limit. Filled here by the same Python function as new cards get it.
    """
    ALTER TABLE card ADD COLUMN shuffle INTEGER NOT NULL DEFAULT 0;
    UPDATE card SET shuffle = flywheel_card_shuffle(id);
    DROP INDEX card_due;
    CREATE INDEX card_due ON card(due, shuffle, id) WHERE active = 1 AND reviews > 0
        AND suspended = 0;
    """,
    # 16: a lapse is a failed answer on a learned card (`cards.schedule.answering.is_lapse`), no
    # longer any failed answer: each card's count is taken again from where it was imported and
    # its log. Leech flags stay, as the log's `made_leech` records them.
    """
    UPDATE card SET lapses =
        coalesce((SELECT i.lapses FROM imported_state i WHERE i.card_id = card.id), 0)
        + (SELECT count(*) FROM review_log l WHERE l.card_id = card.id AND l.drill = 0
           AND l.grade < 3 AND l.repetitions_before > 0)
    WHERE id IN (SELECT card_id FROM review_log WHERE drill = 0 AND grade < 3
                 AND repetitions_before = 0);
    """,
    # 17: what browse's search matches, one row per note (`cards.store.search_text`): its words
    # and tags case-folded over all of Unicode, and its deck's key, apart from the note's body so
    # a search reads only these; and the deck order of the cards in use, read without a sort.
    """
    CREATE TABLE IF NOT EXISTS note_search (note_id TEXT PRIMARY KEY, deck_key TEXT NOT NULL,
        words TEXT NOT NULL, tags TEXT NOT NULL);
    INSERT OR REPLACE INTO note_search (note_id, deck_key, words, tags)
        SELECT id, deck_key, flywheel_search_text(body), flywheel_tag_key(body) FROM note;
    CREATE INDEX IF NOT EXISTS card_deck_order ON card(file_rank, position, ord, id)
        WHERE active = 1;
    """,
    # 18: every three characters in a row of each note's folded words, indexed (FTS5's trigram
    # tokenizer, case kept as the words are folded already; nothing but the index stored), so a
    # word of three characters or more is found without reading every note's text; the words
    # are indexed with a newline after them, so each two characters of the text start a piece,
    # and the pieces a word of two starts (`note_words_terms`, the index's own list) find it too.
    # The search rows get a lasting integer key for it (never reused), which triggers keep the
    # index under as the rows change; each card carries its note's key, and the deck order's
    # index carries it, so a search walks that index alone, matching numbers, not note ids.
    # The cards retired are indexed too: the count of those in use is all less them, at once.
    """
    CREATE TABLE note_search_keyed (key INTEGER PRIMARY KEY AUTOINCREMENT,
        note_id TEXT NOT NULL UNIQUE, deck_key TEXT NOT NULL, words TEXT NOT NULL,
        tags TEXT NOT NULL);
    INSERT INTO note_search_keyed (note_id, deck_key, words, tags)
        SELECT note_id, deck_key, words, tags FROM note_search ORDER BY note_id;
    DROP TABLE note_search;
    ALTER TABLE note_search_keyed RENAME TO note_search;
    CREATE VIRTUAL TABLE note_words USING fts5(words, content='', columnsize=0,
        tokenize='trigram case_sensitive 1');
    CREATE VIRTUAL TABLE note_words_terms USING fts5vocab(note_words, 'row');
    INSERT INTO note_words (rowid, words) SELECT key, words || char(10) FROM note_search;
    CREATE TRIGGER note_words_added AFTER INSERT ON note_search BEGIN
        INSERT INTO note_words (rowid, words) VALUES (new.key, new.words || char(10));
    END;
    CREATE TRIGGER note_words_changed AFTER UPDATE OF key, words ON note_search
        WHEN old.key IS NOT new.key OR old.words IS NOT new.words BEGIN
        INSERT INTO note_words (note_words, rowid, words)
            VALUES ('delete', old.key, old.words || char(10));
        INSERT INTO note_words (rowid, words) VALUES (new.key, new.words || char(10));
    END;
    CREATE TRIGGER note_words_removed AFTER DELETE ON note_search BEGIN
        INSERT INTO note_words (note_words, rowid, words)
            VALUES ('delete', old.key, old.words || char(10));
    END;
    ALTER TABLE card ADD COLUMN note_key INTEGER;
    UPDATE card SET note_key = (SELECT key FROM note_search s WHERE s.note_id = card.note_id);
    DROP INDEX card_deck_order;
    CREATE INDEX card_deck_order ON card(file_rank, position, ord, id, note_key)
        WHERE active = 1;
    CREATE INDEX card_retired ON card(id) WHERE active = 0;
    """,
    # 19: a NUL in a field (TOML's `\u0000`) is stored as a newline in the folded words, since
    # FTS5's tokenizer stops reading at one and left the words after it out of the index; the
    # notes holding one are folded again, and the triggers index them anew.
    """
    UPDATE note_search SET words = flywheel_search_text(
        (SELECT body FROM note WHERE note.id = note_search.note_id))
        WHERE instr(words, char(0)) > 0 AND note_id IN (SELECT id FROM note);
    """,
    # 20: the index of words is written by sync itself (`cards.store.word_index`): a trigger
    # writing into it flushed its pending words at every row, tripling a large file's sync.
    """
    DROP TRIGGER note_words_added;
    DROP TRIGGER note_words_changed;
    DROP TRIGGER note_words_removed;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
