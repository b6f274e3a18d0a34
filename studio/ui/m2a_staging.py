"""An M2A builder's staged edits: the O2M staging over the junction rows, plus the blocks whose
item is deleted with their link (`delete_items` in the change-set).

Every staged block is a junction row: a new block is a create `{"collection": c, "item":
{values}}`, an existing item added is a create `{"collection": c, "item": key}`, an edited block
an update `{"id": jk, "collection": c, "item": {pk: key, ...edits}}`. A new row is placed where
the user asked (`move`), so it is not called "moved" for that: it is new.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from studio.ui.o2m_staging import Mark, NewId, O2MStaging, RowId

M2A_CHANGE_KEYS = ("create", "update", "delete", "delete_items")


def is_change_set(value: Any) -> bool:
    return isinstance(value, Mapping) and bool(value) and set(value) <= set(M2A_CHANGE_KEYS)


class M2AStaging(O2MStaging):
    """`purged`: removed rows whose linked item is deleted too when the page is saved."""

    def __init__(self, pk: str, sort_field: str | None = None) -> None:
        super().__init__(pk, sort_field)
        self.purged: dict[Any, None] = {}  # an ordered set
        self.links: dict[NewId, Any] = {}  # staged rows that link an existing item → its key

    def link(self, values: Mapping[str, Any], key: Any, title: str = "") -> NewId:
        """A new junction row for an existing item (`values` links it: collection and key)."""
        row = self.create(values, title)
        self.links[row] = key
        return row

    def purge(self, row: RowId) -> bool:
        """Remove an existing row and delete its item with it; False for a staged new row
        (nothing saved to delete: `remove` drops it)."""
        if isinstance(row, NewId):
            return False
        self.remove(row)
        self.purged[row] = None
        return True

    def remove(self, row: RowId) -> Mark | None:
        outcome = super().remove(row)
        if outcome is None and row in self.purged:
            del self.purged[row]  # removing again keeps the item: only the link goes
            return Mark.REMOVED
        return outcome

    def undo(self, row: RowId) -> tuple[Mark, ...]:
        self.purged.pop(row, None)
        return super().undo(row)

    def marks(self, row: RowId) -> tuple[Mark, ...]:
        marks = super().marks(row)
        if isinstance(row, NewId):
            return tuple(mark for mark in marks if mark != Mark.MOVED)
        return marks

    def counts(self) -> dict[Mark, int]:
        counts = super().counts()
        moved = sum(1 for row in self.moved if not isinstance(row, NewId))
        if moved:
            counts[Mark.MOVED] = moved
        else:
            counts.pop(Mark.MOVED, None)
        return counts

    def is_link(self, row: RowId) -> bool:
        """A staged row that links an existing item (not a block created here)."""
        return row in self.links

    def _drop(self, row: RowId) -> None:
        super()._drop(row)
        self.links.pop(row, None)

    def change_set(self) -> dict[str, list[Any]] | None:
        changes = super().change_set()
        if changes is None or not self.purged:
            return changes
        changes["delete"] = [key for key in changes["delete"] if key not in self.purged]
        changes["delete_items"] = list(self.purged)
        return changes

    def entry_rows(self) -> dict[str, list[RowId]]:
        """Which row each entry of `change_set()`'s create and update lists stands for, in
        their order (an engine error counts its index in one of them)."""
        changes = super().change_set() or {}
        created = [row for row in self.extras if isinstance(row, NewId)]
        updated = [entry[self.pk] for entry in changes.get("update", [])]
        return {"create": created, "update": updated}

    def restore(
        self,
        change_set: Mapping[str, Any],
        children: Iterable[Any],
        order: Iterable[tuple[Any, Any]] | None = None,
    ) -> None:
        purged = list(change_set.get("delete_items") or ())
        plain = {key: value for key, value in change_set.items() if key != "delete_items"}
        plain["delete"] = list(dict.fromkeys([*(plain.get("delete") or ()), *purged]))
        super().restore(plain, children, order)
        self.purged = dict.fromkeys(purged)
