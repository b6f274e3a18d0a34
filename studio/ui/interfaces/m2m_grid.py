"""`LinkRows`: the M2M's grid (`LinkGrid`) with its removal key named as the list names it
("Remove link"). Imported only once the interfaces are registered: the grid builds its cells
with the interface registry, which imports the M2M interface."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from studio.ui.widgets.link_grid import LinkGrid


class LinkRows(LinkGrid):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,f8", "command('unlink')", "Remove link", id="m2m.grid-remove-link"),
    ]
