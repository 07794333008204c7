"""`flywheel edit NOTE_ID`: open the note's deck file at its line, then sync."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser, name: str) -> None:
    parser.add_argument("note_id", metavar="NOTE_ID")
