"""`list-o2m`: the children of this item (an O2M alias), a page at a time, edited in place.

Every edit is staged (`O2MStaging`) and reported as one change-set; the item page's save
writes it with the parent's other edits, in one transaction. New children and edits are made in
a nested form (`NestedItemScreen`, which writes nothing), existing items are added through the
picker (taking an item from another parent asks first), removing names what the relation will
do (unlink or delete), and each staged row can be undone on its own. With a sort field the rows
are reordered with keys, across pages.

The other side of a one-to-one (an O2M alias whose FK is unique: a city's "capital of") is the
same list holding at most one item: creating or adding one unlinks the current one.

The rows are read a page at a time (`limit`, default 10), never the whole set: reordering
reads only the children's keys and sort values, once, and titles per page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual import on, work
from textual.markup import escape
from textual.message import Message

from studio.engine.errors import StudioError
from studio.ui.interfaces.o2m_reorder import ReorderableO2MList
from studio.ui.interfaces.values import visible
from studio.ui.o2m_reads import (
    parent_key_of,
    parent_title,
    read_max_sort,
    read_order,
    read_picked,
    row_title,
)
from studio.ui.o2m_staging import CHANGE_KEYS, Mark, NewId, RowId


class O2MInterface(ReorderableO2MList):
    interface_ids = ("list-o2m",)
    relational = True
    relation_kinds = frozenset({"o2m"})

    def _setup(self) -> None:
        # one-to-one: the item a new or added one replaced, brought back when it is undone
        self._replaced: dict[RowId, list[RowId]] = {}
        super()._setup()

    def show_value(self, value: Any) -> None:
        self._replaced.clear()
        super().show_value(value)

    def _start(self) -> None:
        value = self.value
        if isinstance(value, Mapping) and value and set(value) <= set(CHANGE_KEYS):
            self._restore(dict(value))  # a nested form re-opened with its staged edits
        else:
            super()._start()

    class _PickedRead(Message):
        def __init__(self, rows: list[dict[str, Any]], max_sort: int | None) -> None:
            super().__init__()
            self.rows, self.max_sort = rows, max_sort

    class _Restored(Message):
        def __init__(
            self,
            change_set: Mapping[str, Any],
            rows: list[dict[str, Any]],
            order: list[tuple[Any, Any]] | None,
        ) -> None:
            super().__init__()
            self.change_set, self.rows, self.order = change_set, rows, order

    # create and edit ---------------------------------------------------------------------------

    def _nested(self, key: Any, staged: Mapping[str, Any] | None, then: Callable) -> None:
        from studio.ui.screens.nested_item import NestedItemScreen

        assert self.source is not None
        screen = NestedItemScreen(
            self.source.collection,
            key,
            trail=self.trail(),
            staged=staged,
            hidden={self.source.fk},
        )
        self.app.push_screen(screen, then)

    def _do_new(self, _: Any = None) -> None:
        def created(result: Any) -> None:
            if result is None:
                return
            replaced = self._unlink_current() if self.single else []
            if replaced is None:
                return
            row = self.staging.create(result.values)
            self.staging.titles[row] = self._staged_title(row, result.values, None)
            if replaced:
                self._replaced[row] = replaced
            self._changed(row)

        self._nested(None, None, created)

    def _do_edit(self, _: Any = None) -> None:
        row = self.window.current()
        if row is None:
            return
        if row in self.staging.removed:
            self._say("This item is removed: u undoes the removal before editing.", error=True)
            return
        key = None if isinstance(row, NewId) else row

        def edited(result: Any) -> None:
            if result is None:
                return
            base = None if isinstance(row, NewId) else self.window.items.get(row)
            self.staging.edit(row, result.values)
            if result.values or isinstance(row, NewId) or row in self.staging.added:
                self.staging.titles[row] = self._staged_title(row, result.values, base)
            self._changed(row)

        self._nested(key, self.staging.staged(row), edited)

    # remove and undo ---------------------------------------------------------------------------

    @property
    def _unlink_refused(self) -> bool:
        return self.deselect != "delete" and not self.fk_field.nullable

    def _refusal(self, row: RowId) -> str:
        return (
            f"Cannot unlink “{self._title(row)}”: its {self.fk_field.name} cannot be empty. "
            "Delete it on its own page (f3), or change the relation's deselect action to delete."
        )

    def _is_child(self, row: RowId) -> bool:
        return not isinstance(row, NewId) and row not in self.staging.added

    def _do_unlink(self, _: Any = None) -> None:
        self._remove()

    def _do_delete(self, _: Any = None) -> None:
        self._remove()

    def _remove(self) -> None:
        row = self.window.current()
        if row is None:
            return
        if self._is_child(row) and self._unlink_refused and row not in self.staging.removed:
            self._say(self._refusal(row), error=True)
            return
        title = self._title(row)
        outcome = self.staging.remove(row)
        self._replaced.pop(row, None)
        if outcome == Mark.REMOVED:
            self._say(f"“{title}” will be {self._effect()} when you save · u undoes")
        elif outcome == Mark.NEW:
            self._say(f"Dropped the new item “{title}”.")
        elif outcome == Mark.ADDED:
            self._say(f"“{title}” is no longer added.")
        self._changed(row if outcome == Mark.REMOVED else None)

    def _do_undo(self, _: Any = None) -> None:
        row = self.window.current()
        if row is None:
            return
        title = self._title(row)
        marks = self.staging.undo(row)
        if not marks:
            self._say("Nothing staged on this row.")
            return
        words = ", ".join(self._mark_word(mark) for mark in marks)
        self._say(f"Undone on “{title}”: {words}.")
        for back in self._replaced.pop(row, ()):
            if back in self.staging.removed:
                self.staging.undo(back)  # the item this one replaced is there again
        kept = not (Mark.NEW in marks or Mark.ADDED in marks)
        self._changed(row if kept else None)

    def _unlink_current(self) -> list[RowId] | None:
        """One-to-one: before another item comes in, the current one goes (staged). Returns
        the children unlinked for it (for undo), or None when unlinking is refused."""
        current = self._live_rows()
        if any(self._is_child(row) for row in current) and self._unlink_refused:
            self._say(self._refusal(current[0]), error=True)
            return None
        replaced: list[RowId] = []
        for row in current:
            if self.staging.remove(row) == Mark.REMOVED:
                replaced.append(row)
            replaced.extend(self._replaced.pop(row, ()))  # a staged one replaced in turn
        return replaced

    def _live_rows(self) -> list[RowId]:
        rows = self.window.rows(0) or []
        return [row for row in rows if row not in self.staging.removed]

    # add existing ------------------------------------------------------------------------------

    def _do_add(self, _: Any = None) -> None:
        from studio.ui.screens.picker import PickerScreen

        assert self.source is not None and self.context.session is not None
        source = self.source
        rules: list[dict[str, Any]] = []
        if source.parent_key is not None:
            rules.append({source.fk: {"_neq": source.parent_key}})  # _neq matches null too
        if self.staging.added:
            rules.append({source.pk: {"_nin": list(self.staging.added)}})
        selectable = self.selectable_filter()
        if selectable:
            rules.append(selectable)
        restrict = rules[0] if len(rules) == 1 else ({"_and": rules} if rules else None)
        verb = "Choose for" if self.single else "Add to"
        picker = PickerScreen(
            source.collection,
            title=f"{verb} {self.trail()}",
            multiple=not self.single,
            restrict=restrict,
            extra_columns=(source.fk,),
        )

        def picked(result: Any) -> None:
            if result:
                self._read_picked([p.key for p in result])

        self.app.push_screen(picker, picked)

    @work(exclusive=True, group="o2m-picked", exit_on_error=False)
    async def _read_picked(self, keys: list[Any]) -> None:
        assert self.source is not None
        session, source = self.context.session, self.source
        try:
            rows = await read_picked(session, source, keys)
            need_sort = source.sort_field and self.staging.order is None and not self.single
            max_sort = await read_max_sort(session, source) if need_sort else None
        except StudioError as error:
            self.post_message(self._ReadFailed(error.message))
            return
        order = {key: index for index, key in enumerate(keys)}
        rows.sort(key=lambda row: order.get(row[source.pk], 0))
        self.post_message(self._PickedRead(rows, max_sort))

    @on(_PickedRead)
    def _picked_read(self, message: _PickedRead) -> None:
        from studio.ui.screens.confirm import ConfirmScreen

        assert self.source is not None
        source = self.source
        elsewhere = [
            row
            for row in message.rows
            if parent_key_of(source, row) is not None
            and parent_key_of(source, row) != source.parent_key
        ]
        if not elsewhere:
            self._add(message.rows, message.max_sort)
            self._draw()
            return
        lines = []
        for row in elsewhere:
            title = row_title(source, row)
            was = parent_title(source, row) or "?"
            if self.single:
                lines.append(f"• {title} — its {self.fk_field.name} changes from {was}")
            else:
                lines.append(f"• {title} — will be moved from {was}")
        name = self.fk_field.name
        if self.single:
            head = f"The picked item already has a {name}; choosing it changes that"
            title, label = f"Change its {name}?", "Change it"
        elif len(elsewhere) == 1:
            head = f"One picked item already has a {name}; adding it moves it here"
            title, label = "Move here?", "Move here"
        else:
            head = (
                f"{len(elsewhere)} picked items already have a {name}; adding them moves them here"
            )
            title, label = "Move here?", "Move here"
        body = f"{head} when you save:\n" + "\n".join(lines)

        def answered(yes: bool | None) -> None:
            if yes:
                self._add(message.rows, message.max_sort)
                self._draw()

        self.app.push_screen(
            ConfirmScreen(escape(visible(title)), visible(body, multiline=True), label),
            answered,
        )

    def _add(self, rows: list[dict[str, Any]], max_sort: int | None) -> None:
        assert self.source is not None
        source = self.source
        if not rows:
            return
        replaced: list[RowId] = []
        if self.single:
            rows = rows[:1]
            unlinked = self._unlink_current()
            if unlinked is None:
                return
            replaced = unlinked
        if max_sort is not None:
            self.staging.max_sort = max_sort
        first = None
        for row in rows:
            key = row[source.pk]
            other = parent_key_of(source, row)
            leaves = parent_title(source, row) if other not in (None, source.parent_key) else None
            title = self._staged_title(key, None, row)
            if self.staging.add(key, title, leaves):
                self.window.items[key] = row
                first = key if first is None else first
                if replaced:
                    self._replaced[key] = replaced
        added = len(rows)
        self._say(f"Added {added} item{'s' if added != 1 else ''} (written when you save).")
        self._changed(first)

    # a change-set given back (a nested form re-opened) -----------------------------------------

    @work(exclusive=True, group="o2m-restore", exit_on_error=False)
    async def _restore(self, change_set: dict[str, Any]) -> None:
        assert self.source is not None
        session, source = self.context.session, self.source
        keys = [e.get(source.pk) for e in change_set.get("update") or () if isinstance(e, Mapping)]
        keys += list(change_set.get("delete") or ())
        sorted_ = source.sort_field and any(
            isinstance(e, Mapping) and source.sort_field in e
            for name in ("create", "update")
            for e in change_set.get(name) or ()
        )
        try:
            rows = await read_picked(session, source, keys)
            order = await read_order(session, source) if sorted_ else None
        except StudioError as error:
            self.post_message(self._ReadFailed(error.message))
            return
        self.post_message(self._Restored(change_set, rows, order))

    @on(_Restored)
    def _restored(self, message: _Restored) -> None:
        assert self.source is not None
        source = self.source
        rows = {row[source.pk]: row for row in message.rows}
        children = [k for k, row in rows.items() if parent_key_of(source, row) == source.parent_key]
        if source.parent_key is None:
            children = []
        self.staging.restore(message.change_set, children, message.order)
        for key, row in rows.items():
            self.window.items[key] = row
            if key in self.staging.added:
                other = parent_key_of(source, row)
                if other not in (None, source.parent_key):
                    self.staging.added[key] = parent_title(source, row)
        for row in [*self.staging.extras, *self.staging.edits]:
            base = None if isinstance(row, NewId) else rows.get(row)
            self.staging.titles[row] = self._staged_title(row, self.staging.staged(row), base)
        self._reload()
