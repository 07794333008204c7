"""Errors meant for the person at the terminal: the command line prints them, never a traceback."""


class FlywheelError(Exception):
    """Something the user can fix; `str(error)` says what and how."""
