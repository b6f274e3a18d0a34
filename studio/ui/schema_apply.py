"""The one path every data-model dialog takes to change the schema: preview, confirm, apply,
then read the overview again so every screen opened afterwards sees the change.

Runs inside a worker (the confirmation is awaited). An engine refusal while planning or
applying is raised as `StudioError` for the caller to show next to the input it names."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from studio.engine.changes import SchemaChange

if TYPE_CHECKING:
    from studio.ui.app import StudioApp


async def confirm_and_apply(
    app: StudioApp,
    preview: Awaitable[SchemaChange],
    apply: Callable[[], Awaitable[SchemaChange]],
    *,
    confirm_label: str = "Apply",
    type_to_confirm: str = "",
) -> bool:
    """True when the change was confirmed and applied; False when the admin cancelled."""
    from studio.ui.screens.schema_confirm import SchemaConfirmScreen

    change = await preview
    screen = SchemaConfirmScreen(
        change, confirm_label=confirm_label, type_to_confirm=type_to_confirm
    )
    if not await app.push_screen_wait(screen):
        return False
    try:
        await apply()
    finally:
        await app.session.reload_overview()
    return True
