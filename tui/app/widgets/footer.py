"""The footer every screen shows: compact, and on a narrow terminal the command palette's hint
gives its room to the screen's own keys.

Textual's footer builds its keys again whenever the screen's bindings change, which in review is
after every reveal and grade, and restyles each new key. Here the keys already built are kept:
one that comes and goes (the reveal) is shown and hidden, one that turns idle is dimmed, and only
a key never built before (or a new order) builds them again.
"""

from __future__ import annotations

from textual import events
from textual.binding import ActiveBinding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

WIDE_ENOUGH_FOR_PALETTE_HINT = 80

KeyIdentity = tuple[str, str, str]  # action, key as shown, description
"""What a footer key says: two keys with the same identity are the same widget."""


class AppFooter(Footer):
    def __init__(self) -> None:
        super().__init__(compact=True)

    def on_resize(self, event: events.Resize) -> None:
        wide = event.size.width >= WIDE_ENOUGH_FOR_PALETTE_HINT
        if wide != self.show_command_palette:
            self.show_command_palette = wide
            self.refresh(recompose=True)  # the keys are composed once; a resize redraws them

    def bindings_changed(self, screen: Screen[object]) -> None:
        """After the screen's paint, as Textual's footer does, but without rebuilding."""
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._show_bindings)

    def wanted_keys(
        self, active: dict[str, ActiveBinding] | None = None
    ) -> list[tuple[KeyIdentity, bool]]:
        """The keys the footer should show now, in order, each with whether it is enabled;
        `active`: the screen's active bindings, when already worked out."""
        active = self.screen.active_bindings if active is None else active
        wanted: dict[str, tuple[KeyIdentity, bool]] = {}
        for _node, binding, enabled, _tooltip in active.values():
            if binding.show and binding.action not in wanted:
                display = self.app.get_key_display(binding)
                wanted[binding.action] = ((binding.action, display, binding.description), enabled)
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            palette = active.get(self.app.COMMAND_PALETTE_BINDING)
            if palette is not None:
                _node, binding, enabled, _tooltip = palette
                display = self.app.get_key_display(binding)
                wanted["\0palette"] = ((binding.action, display, binding.description), enabled)
        return list(wanted.values())

    async def _show_bindings(self) -> None:
        """After a change of bindings: the keys already built, else all of them built again."""
        if self.is_attached and not self.show_keys_built():
            await self.recompose()

    def show_keys_built(self) -> bool:
        """Show and dim the keys already built as the bindings now ask; False (changing
        nothing) when a key is missing or out of order, so the keys must be built again.

        A screen can call it while it draws, so the footer changes in the same frame."""
        if not self._bindings_ready:
            return False
        active = self.screen.active_bindings  # worked out anew at each look: once here
        wanted = self.wanted_keys(active)
        built = {
            (key.action, key.key_display, key.description): key
            for key in self.query_children(FooterKey)
        }
        wanted_ids = [identity for identity, _enabled in wanted]
        kept = [identity for identity in built if identity in set(wanted_ids)]
        grouped = any(binding.binding.group for binding in active.values())
        if grouped or kept != wanted_ids:  # a key never built, or grouped keys
            return False
        enabled_of = dict(wanted)
        for identity, key in built.items():
            shown = identity in enabled_of
            if key.display != shown:
                key.display = shown
            if shown:
                disabled = not enabled_of[identity]
                if key._disabled != disabled:
                    key._disabled = disabled
                    key.set_class(disabled, "-disabled")
        return True
