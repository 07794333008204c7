"""Widgets of the Flywheel UI: each shows one piece of data handed to it."""
