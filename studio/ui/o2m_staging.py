"""An O2M list's staged edits, kept apart from its widgets: which children are new, edited,
added (taken from elsewhere), removed or moved, and the one change-set a save sends.

Nothing here is written until the parent's save: the list reports `change_set()` (the engine's
`{"create", "update", "delete"}` form, or None when nothing is staged) and the item page sends
it with the parent's other edits in one transaction. Each staged row can be undone on its own.

Rows are named by a `RowId`: an existing item's key, or a `NewId` for a child that exists only
here until the save. Reordering needs the whole order of the children, so it starts with
`start_order` (the children's keys and sort values, read once); moves then change `order`, and
the change-set carries new sort values only for the items whose value must change.

How the list is shown page by page over this staging is `o2m_window.ChildWindow`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

CHANGE_KEYS = ("create", "update", "delete")


@dataclass(frozen=True, slots=True)
class NewId:
    """A child created in the list: it has no key until the parent is saved."""

    number: int

    def __str__(self) -> str:
        return f"new {self.number}"


RowId = Any  # an existing item's key, or a NewId


class Mark(StrEnum):
    NEW = "new"
    EDITED = "edited"
    ADDED = "added"
    REMOVED = "removed"
    MOVED = "moved"


def is_new(row: RowId) -> bool:
    return isinstance(row, NewId)


def _number(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class O2MStaging:
    """The staged change-set of one O2M field. `pk` is the children's key field, `sort_field`
    the relation's sort field (None: the list has no order of its own)."""

    def __init__(self, pk: str, sort_field: str | None = None) -> None:
        self.pk = pk
        self.sort_field = sort_field
        self.new: dict[NewId, dict[str, Any]] = {}
        self.edits: dict[Any, dict[str, Any]] = {}
        self.added: dict[Any, str | None] = {}  # key → the parent it leaves (None: none)
        self.removed: dict[Any, None] = {}  # an ordered set
        self.extras: list[RowId] = []  # new and added rows, in the order they were staged
        self.titles: dict[RowId, str] = {}  # staged rows' titles, as last shown
        self.server_order: list[Any] | None = None  # the children's keys, in their order
        self.server_sort: dict[Any, Any] = {}
        self.order: list[RowId] | None = None  # set once reordering starts
        self.moved: set[RowId] = set()
        # the highest sort among the children, read when items are added (None: not read,
        # and then additions carry no sort: a change-set given back is staged as it was)
        self.max_sort: int | None = None
        self._next = 0

    # staging ----------------------------------------------------------------------------------

    def create(self, values: Mapping[str, Any], title: str = "") -> NewId:
        self._next += 1
        row = NewId(self._next)
        self.new[row] = dict(values)
        self.titles[row] = title
        self._append(row)
        return row

    def edit(self, row: RowId, values: Mapping[str, Any], title: str = "") -> None:
        """A nested form's result for `row`; no values left means the edits were undone."""
        if isinstance(row, NewId):
            self.new[row] = dict(values)
            self.titles[row] = title
            return
        if values:
            self.edits[row] = dict(values)
            self.titles[row] = title
        else:
            self.edits.pop(row, None)
            if row not in self.added:
                self.titles.pop(row, None)

    def add(self, key: Any, title: str = "", leaves: str | None = None) -> bool:
        """Link an existing item; `leaves` names the parent it is taken from. False when the
        item is already in the list."""
        if key in self.added:
            return False
        if key in self.removed:
            del self.removed[key]  # a child marked removed: adding it back keeps it
            return False
        self.added[key] = leaves
        self.titles[key] = title
        self._append(key)
        return True

    def remove(self, row: RowId) -> Mark | None:
        """Remove `row` from the list. A new row is dropped and an added one un-added (nothing
        to write for them); a child of the parent is marked removed. Returns what happened:
        REMOVED for a marked child, NEW/ADDED for a dropped row, None if already removed."""
        if isinstance(row, NewId):
            self._drop(row)
            return Mark.NEW
        if row in self.added:
            self._drop(row)
            return Mark.ADDED
        if row in self.removed:
            return None
        self.removed[row] = None
        return Mark.REMOVED

    def undo(self, row: RowId) -> tuple[Mark, ...]:
        """Undo every staged change of `row`; returns the marks it had."""
        marks = self.marks(row)
        if isinstance(row, NewId) or row in self.added:
            self._drop(row)
            return marks
        self.removed.pop(row, None)
        self.edits.pop(row, None)
        self.titles.pop(row, None)
        if Mark.MOVED in marks and self.order is not None:
            self._put_back(row)
        self.moved.discard(row)
        self._prune_moved()
        return marks

    def _put_back(self, row: RowId) -> None:
        """Back after the row that preceded it originally (the nearest one not moved itself),
        so the other moves stay as they are."""
        assert self.order is not None
        natural = self.natural_order()
        self.order.remove(row)
        index = 0
        for before in reversed(natural[: natural.index(row)]):
            if before in self.order and before not in self.moved:
                index = self.order.index(before) + 1
                break
        self.order.insert(index, row)

    def clear(self) -> None:
        self.__init__(self.pk, self.sort_field)  # type: ignore[misc]

    def _append(self, row: RowId) -> None:
        self.extras.append(row)
        if self.order is not None:
            self.order.append(row)

    def _drop(self, row: RowId) -> None:
        if isinstance(row, NewId):
            self.new.pop(row, None)
        else:
            self.added.pop(row, None)
            self.edits.pop(row, None)
        self.titles.pop(row, None)
        if row in self.extras:
            self.extras.remove(row)
        if self.order is not None and row in self.order:
            self.order.remove(row)
        self.moved.discard(row)
        self._prune_moved()

    # what a row is ----------------------------------------------------------------------------

    def marks(self, row: RowId) -> tuple[Mark, ...]:
        marks: list[Mark] = []
        if isinstance(row, NewId):
            marks.append(Mark.NEW)
        elif row in self.added:
            marks.append(Mark.ADDED)
        if row in self.removed:
            marks.append(Mark.REMOVED)
        if not isinstance(row, NewId) and row in self.edits:
            marks.append(Mark.EDITED)
        if row in self.moved:
            marks.append(Mark.MOVED)
        return tuple(marks)

    def staged(self, row: RowId) -> dict[str, Any] | None:
        """The values staged for `row` (a new row's values, an existing row's edits)."""
        if isinstance(row, NewId):
            return self.new.get(row)
        return self.edits.get(row)

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.edits or self.added or self.removed or self.sort_values())

    def counts(self) -> dict[Mark, int]:
        """How many rows carry each mark (for the list's summary line)."""
        counts = {
            Mark.NEW: len(self.new),
            Mark.ADDED: len(self.added),
            Mark.EDITED: sum(1 for key in self.edits if key not in self.added),
            Mark.REMOVED: len(self.removed),
            Mark.MOVED: len(self.moved),
        }
        return {mark: count for mark, count in counts.items() if count}

    # order ------------------------------------------------------------------------------------

    def start_order(self, rows: Iterable[tuple[Any, Any]]) -> None:
        """The children's (key, sort value) in their order: reordering can start."""
        rows = list(rows)
        self.server_order = [key for key, _ in rows]
        self.server_sort = dict(rows)
        extras = [row for row in self.extras if row not in self.server_sort]
        self.order = [*self.server_order, *extras]

    def natural_order(self) -> list[RowId]:
        """The order with no move: the children as they are, then the staged additions."""
        return [*(self.server_order or []), *self.extras]

    def move(self, row: RowId, index: int) -> int:
        """Move `row` to `index` (clamped) in the order; returns where it went."""
        assert self.order is not None, "start_order first"
        index = max(0, min(index, len(self.order) - 1))
        self.order.remove(row)
        self.order.insert(index, row)
        self.moved.add(row)
        self._prune_moved()
        return index

    def _prune_moved(self) -> None:
        """A row back between its original neighbours is not moved any more.

        The rows not marked moved always keep their original order among themselves, so
        the marks explain the whole staged order (no mark: the original order) and undoing
        every marked row restores it. A moved row is unmarked only when it fits between the
        nearest unmarked rows on either side; its index alone says nothing, since other moves
        shift it (c to the top then b up one leaves b at its old index, after c and before a,
        still moved)."""
        if self.order is None or not self.moved:
            return
        order = self.order
        rank = {row: index for index, row in enumerate(self.natural_order())}
        place = {row: index for index, row in enumerate(order)}
        for row in sorted((r for r in self.moved if r in place), key=place.__getitem__):
            at = place[row]
            before = next((r for r in reversed(order[:at]) if r not in self.moved), None)
            after = next((r for r in order[at + 1 :] if r not in self.moved), None)
            if (before is None or rank[before] < rank[row]) and (
                after is None or rank[row] < rank[after]
            ):
                self.moved.discard(row)
        self.moved &= set(place)

    def sort_values(self) -> dict[RowId, int]:
        """The sort values the save must send: none when nothing moved and nothing was added
        (the engine puts creates last); the additions after the last child when items were
        added; otherwise the order renumbered from the lowest value, sent only where the
        value changes."""
        if not self.sort_field:
            return {}
        if self.order is not None:
            sequence = [row for row in self.order if row not in self.removed]
            natural = [row for row in self.natural_order() if row not in self.removed]
            if sequence != natural:
                kept = [self.server_sort.get(row) for row in sequence if row in self.server_sort]
                start = min((n for n in map(_number, kept) if n is not None), default=1)
                values: dict[RowId, int] = {}
                for offset, row in enumerate(sequence):
                    if row not in self.server_sort or self.server_sort[row] != start + offset:
                        values[row] = start + offset
                return values
        if not self.added:
            return {}
        if self.order is not None:
            current = [_number(self.server_sort.get(k)) for k in self.server_order or []]
            base = max((n for n in current if n is not None), default=0)
        elif self.max_sort is not None:
            base = self.max_sort
        else:
            return {}
        return {row: base + offset for offset, row in enumerate(self.extras, start=1)}

    # the change-set ---------------------------------------------------------------------------

    def change_set(self) -> dict[str, list[Any]] | None:
        """What the parent's save sends for this field, or None when nothing is staged."""
        sorts = self.sort_values()
        sort_field = self.sort_field
        create: list[dict[str, Any]] = []
        update: list[dict[str, Any]] = []
        for row in self.extras:
            if isinstance(row, NewId):
                values = dict(self.new[row])
                if row in sorts and sort_field:
                    values[sort_field] = sorts[row]
                create.append(values)
        for row in self.extras:
            if not isinstance(row, NewId):
                entry = {**self.edits.get(row, {}), self.pk: row}
                if row in sorts and sort_field:
                    entry[sort_field] = sorts[row]
                update.append(entry)
        done = set(self.added)
        for key, values in self.edits.items():
            if key in done or key in self.removed:
                continue
            entry = {**values, self.pk: key}
            if key in sorts and sort_field:
                entry[sort_field] = sorts[key]
            update.append(entry)
            done.add(key)
        for row, value in sorts.items():
            if isinstance(row, NewId) or row in done or row in self.removed:
                continue
            assert sort_field is not None
            update.append({self.pk: row, sort_field: value})
        delete = list(self.removed)
        if not (create or update or delete):
            return None
        return {"create": create, "update": update, "delete": delete}

    def restore(
        self,
        change_set: Mapping[str, Any],
        children: Iterable[Any],
        order: Iterable[tuple[Any, Any]] | None = None,
    ) -> None:
        """Stage a change-set again (a nested form re-opened with the edits kept earlier).
        `children` are the keys linked to the parent now (an update of any other key is an
        addition); `order` the children's (key, sort) when the change-set carries sort
        values, so the staged order can be rebuilt from them."""
        self.clear()
        linked = set(children)
        sort_field = self.sort_field
        wanted: dict[RowId, Any] = {}
        for values in change_set.get("create") or ():
            values = dict(values)
            sort = values.pop(sort_field, None) if sort_field else None
            row = self.create(values)
            if sort is not None:
                wanted[row] = sort
        for entry in change_set.get("update") or ():
            values = dict(entry)
            key = values.pop(self.pk)
            sort = values.pop(sort_field, None) if sort_field else None
            if key not in linked:
                self.add(key)
            if values:
                self.edits[key] = values
            if sort is not None:
                wanted[key] = sort
        for key in change_set.get("delete") or ():
            self.removed[key] = None
        if not wanted or order is None:
            return
        self.start_order(order)
        assert self.order is not None
        positions = {row: index for index, row in enumerate(self.order)}

        def place(row: RowId) -> tuple[float, int]:
            number = _number(wanted.get(row, self.server_sort.get(row)))
            return (number if number is not None else float("inf"), positions[row])

        self.order.sort(key=place)
        self.moved = _fewest_moves(self.order, self.natural_order())


def _fewest_moves(order: list[RowId], natural: list[RowId]) -> set[RowId]:
    """The rows to call moved when only the final order is known: those outside the longest
    run that kept its original order (the fewest moves that explain it)."""
    place = {row: index for index, row in enumerate(natural)}
    ranks = [place[row] for row in order]
    tails: list[int] = []  # tails[k]: index in `order` ending an increasing run of k+1
    previous: list[int] = [-1] * len(order)
    for index, rank in enumerate(ranks):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if ranks[tails[middle]] < rank:
                low = middle + 1
            else:
                high = middle
        previous[index] = tails[low - 1] if low else -1
        if low == len(tails):
            tails.append(index)
        else:
            tails[low] = index
    kept: set[int] = set()
    index = tails[-1] if tails else -1
    while index >= 0:
        kept.add(index)
        index = previous[index]
    return {row for index, row in enumerate(order) if index not in kept}
