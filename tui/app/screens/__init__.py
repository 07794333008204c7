"""Screens of the Flywheel UI: each owns its handlers and reports with messages."""
