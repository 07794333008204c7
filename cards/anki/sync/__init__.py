"""`flywheel sync`: Flywheel's collection kept in step with Anki's, through Anki's own sync.

A mirror Anki collection sits beside Flywheel's database. Each sync brings it up to date with
the server (Anki's library does the talking), takes the answers given on other devices into
Flywheel's log (`answers_in`, `merge`), writes Flywheel's notes, schedules and answers into the
mirror (`notes_out`, `cards_out`) and sends them on. `docs/sync.md` tells the whole story.
"""
