"""The app's keys as the user meets them: the help screen's entries for the current screen, and
every binding id a `[keymap]` may name."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode

from tui.app.help_entry import HelpEntry


def help_entries(app: App[Any]) -> list[HelpEntry]:
    """The bindings of the current screen, the footer's and those kept out of it (one entry per
    id, keys as remapped).

    A screen may add entries for keys that are not live right now (the grades before the reveal)
    with an `extra_help()` method.
    """
    merged: dict[str, HelpEntry] = {}
    for active in app.screen.active_bindings.values():
        binding = active.binding
        if binding.system or not binding.id:
            continue
        shown = app.get_key_display(replace(binding, key_display=None))  # "space", not "␣"
        known = merged.get(binding.id)
        keys = shown if known is None else f"{known.keys}, {shown}"
        merged[binding.id] = HelpEntry(keys, binding.description, binding.tooltip, binding.id)
    extra = getattr(app.screen, "extra_help", None)
    entries = list(merged.values())
    if callable(extra):
        entries += [entry for entry in extra() if entry.binding_id not in merged]
    return entries


def binding_ids() -> set[str]:
    """Every binding id a keymap may name: those of the app and of every screen and widget of
    the app's own packages, found by walking their modules rather than kept in a list."""
    return {binding.id for owner in _own_bindings() for binding in owner if binding.id}


def keymap_clashes(keymap: dict[str, str]) -> list[str]:
    """Keys a `[keymap]` gives one binding that another of the same screen had (Textual then
    takes the key from the other, which may leave quit with none): 'reveal takes q from quit'."""
    said: list[str] = []
    for bindings in _own_bindings():
        ids = {binding.id for binding in bindings}
        for binding in bindings:
            if not binding.id or binding.id in keymap:
                continue
            for taker, keys in sorted(keymap.items()):
                taken = {key.strip() for key in keys.split(",")} & {
                    key.strip() for key in binding.key.split(",")
                }
                line = f"{taker} takes {', '.join(sorted(taken))} from {binding.id}"
                if taker in ids and taken and line not in said:
                    said.append(line)
    return said


def _own_bindings() -> list[list[Binding]]:
    """The bindings of each class of the app's own packages (the app's among them)."""
    import importlib
    import pkgutil

    import tui.app.screens
    import tui.app.widgets

    for package in (tui.app.screens, tui.app.widgets):
        for info in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{info.name}")
    owners = _subclasses(DOMNode)  # the app's own class among them
    return [
        [binding for binding in owner.BINDINGS if isinstance(binding, Binding)]
        for owner in owners
        if owner.__module__.startswith("tui.")
    ]


def _subclasses(cls: type[DOMNode]) -> list[type[DOMNode]]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found
