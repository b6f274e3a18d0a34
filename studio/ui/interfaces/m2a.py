"""`list-m2a`: the block builder of a many-to-any field (a page's sections), edited in place.

Every edit is a staged junction row, reported as one change-set the item page's save writes
with the page's other edits in one transaction:
- F7 asks which allowed collection (skipped when there is one), opens a new block's form nested
  (it writes nothing) and stages `{"collection": c, "item": {values}}` right AFTER the cursor
  row (at the end of an empty list), so the save sends sort values for it;
- F6 asks the collection, then picks existing items of it (several at once; items already on
  this item are left out unless the field's `allowDuplicates` option says otherwise), staged as
  `{"collection": c, "item": key}` after the cursor row;
- Enter/F4 edits the block's own item nested, staged as an update `{"id": jk, "collection": c,
  "item": {pk: key, ...edits}}` (a staged new block re-opens with its values), so a block with
  relational fields of its own (a gallery's images) nests as deep as relations go;
- `d` duplicates a block (a new one after it, with the item's values minus key, unique and
  generated fields and relational lists);
- Delete/F8 removes the block (the junction row, per the field's deselect action; the item
  stays); shift+Delete also deletes the block's item (`delete_items`), asking first when the
  item is used elsewhere too;
- shift+up/down and `m` reorder across pages, `u` undoes a row's staged change, F3 opens the
  block's item, `/` searches the blocks' titles (new blocks then go last).

A refused save that blames one block says which, by its place in the list, and marks that row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual import on, work
from textual.markup import escape
from textual.message import Message

from studio.engine.errors import InvalidValue, StudioError
from studio.ui.form.state import duplicate_values
from studio.ui.interfaces.m2a_restore import RestorableM2AList
from studio.ui.interfaces.o2m_list import option
from studio.ui.interfaces.values import visible
from studio.ui.m2a_reads import (
    BlockKind,
    block_explanation,
    count_other_links,
    read_items,
    read_values,
    staged_label,
)
from studio.ui.o2m_staging import NewId, RowId

Anchor = tuple[RowId, bool] | None  # the row new blocks go after, and whether it was the last


class M2AInterface(RestorableM2AList):
    interface_ids = ("list-m2a",)
    relational = True
    relation_kinds = frozenset({"m2a"})

    def _setup(self) -> None:
        self._last_kind: str | None = None  # the collection chosen last, offered first next time
        super()._setup()

    # worker → interface ------------------------------------------------------------------------

    class _ItemsPicked(Message):
        def __init__(self, kind: BlockKind, items: list[dict[str, Any]], anchor: Anchor) -> None:
            super().__init__()
            self.kind, self.items, self.anchor = kind, items, anchor

    class _ValuesRead(Message):
        def __init__(self, row: RowId, values: dict[str, Any]) -> None:
            super().__init__()
            self.row, self.values = row, values

    class _LinksCounted(Message):
        def __init__(self, row: RowId, count: int) -> None:
            super().__init__()
            self.row, self.count = row, count

    class _Failed(Message):
        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    @on(_Failed)
    def _failed_read(self, message: _Failed) -> None:
        self._say(message.message, error=True)

    # choosing the collection and placing new rows ----------------------------------------------

    def _choose(self, title: str, then: Callable[[BlockKind], None]) -> None:
        """Ask which allowed collection (not when there is only one), then go on with it."""
        from studio.ui.screens.collection_choice import CollectionChoiceScreen

        kinds = self.blocks.kinds
        if not kinds:
            self._say("No collection this field allows exists any more.", error=True)
            return
        if len(kinds) == 1:
            then(kinds[0])
            return

        def chosen(collection: str | None) -> None:
            kind = self.blocks.kind(collection)
            if kind is not None:
                self._last_kind = kind.collection
                then(kind)

        choices = [(kind.collection, kind.name) for kind in kinds]
        screen = CollectionChoiceScreen(escape(visible(title)), choices, self._last_kind)
        self.app.push_screen(screen, chosen)

    def _anchor(self, row: RowId | None = None) -> Anchor:
        """Where new rows go: after `row` (default: the cursor row)."""
        row = self.window.current() if row is None else row
        if row is None:
            return None
        index = self.window.index_of(row)
        total = self.window.total
        return row, index is not None and total is not None and index == total - 1

    def _place(self, rows: list[RowId], anchor: Anchor) -> None:
        """Move staged rows (just appended) to follow the anchor row, in their order. After the
        last row they are where they belong already: nothing moves, no order is read. While
        searching they stay last (a search shows only some blocks: no place between them)."""
        if anchor is None or anchor[1] or not rows or self.window.search:
            return
        previous = anchor[0]
        for row in rows:

            def target(index: int, after: RowId = previous) -> int:
                at = self.window.index_of(after)
                return index if at is None else at + 1

            self._reorder(row, target)
            previous = row

    # new and edit ------------------------------------------------------------------------------

    def _form(
        self,
        kind: BlockKind,
        key: Any,
        staged: Mapping[str, Any] | None,
        then: Callable[[Any], None],
    ) -> None:
        from studio.ui.screens.nested_item import NestedItemScreen

        screen = NestedItemScreen(kind.collection, key, trail=self.trail(), staged=staged)
        self.app.push_screen(screen, then)

    def _do_new(self, _: Any = None) -> None:
        anchor = self._anchor()

        def create(kind: BlockKind) -> None:
            def done(result: Any) -> None:
                if result is None:
                    return
                values = {self.blocks.scope_field: kind.collection}
                row = self.staging.create({**values, self.blocks.item_field: result.values})
                self.staging.titles[row] = staged_label(kind, None, result.values)
                self._say(f"New block “{self._title(row)}” (written when you save).")
                self._changed(row)
                self._place([row], anchor)

            self._form(kind, None, None, done)

        self._choose(f"New block in {self.field.name}", create)

    def _do_edit(self, _: Any = None) -> None:
        row = self.window.current()
        block = self.block(row) if row is not None else None
        if row is None or block is None:
            return
        if row in self.staging.removed:
            self._say("This block is removed: u undoes the removal before editing.", error=True)
            return
        if block.kind is None or block.broken:
            self._say(block_explanation(block, self.field.name), error=True)
            return
        kind, source = block.kind, self.blocks
        creating = isinstance(row, NewId) and not self.staging.is_link(row)

        def edited(result: Any) -> None:
            if result is None:
                return
            values = dict(result.values)
            if creating:
                item: Any = values
            elif values:
                item = {kind.pk: block.key, **values}
            else:
                item = None  # no edits left: an existing block as read, a link as a key
            if item is None and not isinstance(row, NewId):
                self.staging.edit(row, {})
            else:
                link = block.key if item is None else item
                self.staging.edit(
                    row, {source.scope_field: kind.collection, source.item_field: link}
                )
            if creating or values or isinstance(row, NewId):
                self.staging.titles[row] = staged_label(kind, self.base_item(row), values)
            self._changed(row)

        staged = self.staged_item(row) or None
        self._form(kind, None if creating else block.key, staged, edited)

    # add existing ------------------------------------------------------------------------------

    def _do_add(self, _: Any = None) -> None:
        from studio.ui.screens.picker import PickerScreen

        anchor = self._anchor()

        def pick(kind: BlockKind) -> None:
            picker = PickerScreen(
                kind.collection,
                title=f"Add to {self.trail()}: {kind.name}",
                multiple=True,
                restrict=self._selectable(kind),
            )

            def picked(result: Any) -> None:
                if result:
                    self._read_picked_items(kind, [p.key for p in result], anchor)

            self.app.push_screen(picker, picked)

        self._choose(f"Add existing to {self.field.name}", pick)

    def _selectable(self, kind: BlockKind) -> dict[str, Any] | None:
        """Items of `kind` not on this item yet (linked, or staged to be), unless the field
        allows duplicates."""
        if option(self.options, "allowDuplicates", False):
            return None
        source = self.blocks
        rules: list[dict[str, Any]] = []
        if source.parent_key is not None:
            follow = f"$FOLLOW({source.collection}, {source.item_field}, {source.scope_field})"
            rules.append({follow: {"_none": {source.fk: {"_eq": source.parent_key}}}})
        staged = [
            key
            for row, key in self.staging.links.items()
            if (self.staging.new.get(row) or {}).get(source.scope_field) == kind.collection
        ]
        if staged:
            rules.append({kind.pk: {"_nin": staged}})
        if len(rules) > 1:
            return {"_and": rules}
        return rules[0] if rules else None

    @work(exclusive=True, group="m2a-picked", exit_on_error=False)
    async def _read_picked_items(self, kind: BlockKind, keys: list[Any], anchor: Anchor) -> None:
        try:
            items = await read_items(self.context.session, kind, keys)
        except StudioError as error:
            self.post_message(self._Failed(f"Cannot read the picked items: {error.message}"))
            return
        self.post_message(self._ItemsPicked(kind, items, anchor))

    @on(_ItemsPicked)
    def _items_picked(self, message: _ItemsPicked) -> None:
        kind, source = message.kind, self.blocks
        rows = []
        for item in message.items:
            key = item[kind.pk]
            values = {source.scope_field: kind.collection, source.item_field: key}
            row = self.staging.link(values, key, kind.label(item))
            self._linked[row] = item
            rows.append(row)
        if not rows:
            return
        count = len(rows)
        self._say(f"Added {count} block{'s' if count != 1 else ''} (written when you save).")
        self._changed(rows[0])
        self._place(rows, message.anchor)
        self._draw()

    # duplicate ---------------------------------------------------------------------------------

    def _do_duplicate(self, _: Any = None) -> None:
        row = self.window.current()
        block = self.block(row) if row is not None else None
        if row is None or block is None:
            return
        if block.kind is None or block.broken:
            self._say(block_explanation(block, self.field.name), error=True)
            return
        if row in self.staging.removed:
            self._say("This block is removed: u undoes the removal first.", error=True)
            return
        if isinstance(row, NewId) and not self.staging.is_link(row):
            self._duplicate(row, dict(block.item or {}))
            return
        self._read_block_values(row, block.kind.collection, block.key)

    @work(exclusive=True, group="m2a-values", exit_on_error=False)
    async def _read_block_values(self, row: RowId, collection: str, key: Any) -> None:
        try:
            values = await read_values(self.context.session, collection, key)
        except StudioError as error:
            self.post_message(self._Failed(f"Cannot read the block: {error.message}"))
            return
        self.post_message(self._ValuesRead(row, values))

    @on(_ValuesRead)
    def _values_read(self, message: _ValuesRead) -> None:
        self._duplicate(message.row, {**message.values, **self.staged_item(message.row)})
        self._draw()

    def _duplicate(self, row: RowId, values: dict[str, Any]) -> None:
        block = self.block(row)
        if block is None or block.kind is None:
            return
        kind, source = block.kind, self.blocks
        info = self.overview.collection(kind.collection)
        copied = duplicate_values(info, values)
        anchor = self._anchor(row)
        new = self.staging.create({source.scope_field: kind.collection, source.item_field: copied})
        self.staging.titles[new] = staged_label(kind, None, copied)
        self._say(f"Duplicated “{self._title(row)}” as a new block after it (u undoes).")
        self._changed(new)
        self._place([new], anchor)

    # delete the block's item -------------------------------------------------------------------

    def _do_remove(self, _: Any = None) -> None:
        self._remove()

    def _do_delete_item(self, _: Any = None) -> None:
        row = self.window.current()
        block = self.block(row) if row is not None else None
        if row is None or block is None:
            return
        if isinstance(row, NewId):
            what = "only links an item" if self.staging.is_link(row) else "is not saved yet"
            self._say(f"This block {what}: Delete drops it; its item stays.", error=True)
            return
        if block.problem == "missing":
            self._say("Its item is gone already: Delete removes the block.", error=True)
            return
        if block.broken:
            self._say(block_explanation(block, self.field.name), error=True)
            return
        if row in self.staging.purged:
            self._say("This block's item is deleted when you save already · u undoes.")
            return
        self._count_links(row)

    @work(exclusive=True, group="m2a-links", exit_on_error=False)
    async def _count_links(self, row: RowId) -> None:
        block = self.block(row)
        assert block is not None
        try:
            count = await count_other_links(self.context.session, self.blocks, block)
        except StudioError as error:
            self.post_message(self._Failed(f"Cannot check where the item is used: {error.message}"))
            return
        self.post_message(self._LinksCounted(row, count))

    @on(_LinksCounted)
    def _links_counted(self, message: _LinksCounted) -> None:
        from studio.ui.screens.confirm import ConfirmScreen

        row = message.row
        if not message.count:
            self._purge(row)
            return
        title = self._title(row)
        times = "once more" if message.count == 1 else f"{message.count} more times"
        body = (
            f"“{title}” is used {times} in {self.field.name} elsewhere. Deleting it leaves "
            "those blocks broken. Delete the item when you save?"
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self._purge(row)

        screen = ConfirmScreen("Delete the block's item?", visible(body, multiline=True))
        self.app.push_screen(screen, answered)

    def _purge(self, row: RowId) -> None:
        if not self.staging.purge(row):
            return
        block = self.block(row)
        name = block.kind.name if block is not None and block.kind is not None else "its"
        self._say(
            f"“{self._title(row)}” will be removed and this {name} item deleted when you save"
            " · u undoes"
        )
        self._changed(row)
        self._draw()

    # open --------------------------------------------------------------------------------------

    def _do_open(self, _: Any = None) -> None:
        row = self.window.current()
        block = self.block(row) if row is not None else None
        if row is None or block is None:
            return
        if block.kind is None or block.broken:
            self._say(block_explanation(block, self.field.name), error=True)
            return
        if block.key is None:
            self._say("A new block has no page until this item is saved.")
            return
        self.app.open_item(block.kind.collection, block.key)  # type: ignore[attr-defined]

    # a refused save ----------------------------------------------------------------------------

    def explain_error(self, error: StudioError) -> str | None:
        """Name the block a refused save blames by its place in the list (the engine counts
        in the change-set's create or update list), and mark its row."""
        path = getattr(error, "path", ())
        change = getattr(error, "change", None)
        if not isinstance(error, InvalidValue) or len(path) < 2 or path[0] != self.field.field:
            return None
        rows = self.staging.entry_rows().get(change or "", [])
        index = path[1]
        if not isinstance(index, int) or not 0 <= index < len(rows):
            return None
        row = rows[index]
        text = error.message.removeprefix(f"{self.field.name}, item {index + 1}: ")
        junction = self.overview.collection(self.blocks.collection)
        item_field = junction.fields.get(self.blocks.item_field)
        if len(path) > 2 and path[2] == self.blocks.item_field and item_field is not None:
            text = text.removeprefix(f"{item_field.name}: ")
        self._failed = row
        place = self.window.index_of(row)
        if place is not None:
            self.window.move_cursor(place)
        self._request()
        where = f"item {place + 1} ({self._title(row)})" if place is not None else self._title(row)
        return f"{self.field.name}, {where}: {text}"
