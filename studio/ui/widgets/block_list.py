"""`BlockList`: the M2A builder's rows, a `ChildList` with the builder's own keys and broken rows
in the error colour.

Delete/F8 removes a block (its link; what the field's deselect action does to the junction
row), shift+Delete removes it and deletes the block's item too, `d` duplicates it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Span, Text
from textual.binding import Binding, BindingType

from studio.ui.widgets.child_list import ChildList, Line


class BlockList(ChildList):
    DEFAULT_CSS = """
    BlockList > .child-list--broken { color: $text-error; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = ChildList.COMPONENT_CLASSES | {"child-list--broken"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete,f8", "command('remove')", "Remove", id="m2a.remove"),
        Binding(
            "shift+delete",
            "command('delete_item')",
            "Remove and delete the item",
            show=False,
            id="m2a.delete-item",
        ),
        Binding("d", "command('duplicate')", "Duplicate", id="m2a.duplicate"),
    ]

    def _line(self, line: Line, width: int, digits: int, cursor: bool) -> Text:
        text = super()._line(line, width, digits, cursor)
        if "broken" in line.kinds:
            start = len(f"{line.position:>{digits}} " if line.position is not None else " ")
            end = len(text.plain) - (len(line.mark) + 1 if line.mark else 0)
            # first, so the cursor's colours still win on the cursor row
            text.spans.insert(0, Span(start, end, self._style("broken")))
        return text
