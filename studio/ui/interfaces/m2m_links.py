"""`LinkList`: the O2M `ChildList` for junction rows. One removal key, named for what it does to
a link whatever the relation's deselect action (the junction row is deleted or emptied; the
related item itself is never touched), so the footer never says "Delete" over an ingredient.
The grid's counterpart is `m2m_grid.LinkRows`."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from studio.ui.widgets.child_list import ChildList


class LinkList(ChildList):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,f8", "command('unlink')", "Remove link", id="m2m.remove-link"),
    ]
