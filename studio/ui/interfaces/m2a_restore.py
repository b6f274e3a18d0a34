"""A builder inside a nested form that is opened again: its value is the change-set it staged
before, staged again row by row (new blocks, added items, edits, removals, deleted items, the
order), with the junction rows, the added items and the order read in one read each (one per
collection for the added items)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual import on, work
from textual.message import Message

from studio.engine.errors import StudioError
from studio.ui.interfaces.m2a_list import M2AList
from studio.ui.m2a_reads import BlockKind, read_items, staged_label
from studio.ui.m2a_staging import is_change_set
from studio.ui.o2m_reads import read_keys, read_order
from studio.ui.o2m_staging import NewId


class RestorableM2AList(M2AList):
    """`M2AList` that starts from a change-set given back."""

    def _start(self) -> None:
        if is_change_set(self.value):
            self._restore_blocks(dict(self.value))
        else:
            self._reload()

    class _BlocksRestored(Message):
        def __init__(
            self,
            change_set: dict[str, Any],
            rows: list[dict[str, Any]],
            items: dict[str, dict[Any, dict[str, Any]]],
            order: list[tuple[Any, Any]] | None,
        ) -> None:
            super().__init__()
            self.change_set, self.rows, self.items, self.order = change_set, rows, items, order

    @work(exclusive=True, group="o2m-restore", exit_on_error=False)
    async def _restore_blocks(self, change_set: dict[str, Any]) -> None:
        session, source = self.context.session, self.blocks
        updates = [e for e in change_set.get("update") or () if isinstance(e, Mapping)]
        keys = [entry.get(source.pk) for entry in updates]
        keys += [*(change_set.get("delete") or ()), *(change_set.get("delete_items") or ())]
        linked: dict[str, list[Any]] = {}
        for entry in change_set.get("create") or ():
            kind = source.kind(entry.get(source.scope_field))
            key = _linked_key(kind, entry.get(source.item_field))
            if kind is not None and key is not None:
                linked.setdefault(kind.collection, []).append(key)
        sorted_ = source.sort_field and any(
            isinstance(e, Mapping) and source.sort_field in e
            for name in ("create", "update")
            for e in change_set.get(name) or ()
        )
        try:
            rows = await read_keys(session, source, keys)
            items: dict[str, dict[Any, dict[str, Any]]] = {}
            for collection, wanted in linked.items():
                kind = source.kind(collection)
                assert kind is not None
                found = await read_items(session, kind, wanted)
                items[collection] = {str(item[kind.pk]): item for item in found}
            order = await read_order(session, source) if sorted_ else None
        except StudioError as error:
            self.post_message(self._ReadFailed(error.message))
            return
        self.post_message(self._BlocksRestored(change_set, rows, items, order))

    @on(_BlocksRestored)
    def _blocks_restored(self, message: _BlocksRestored) -> None:
        source = self.blocks
        rows = {row[source.pk]: row for row in message.rows}
        self.staging.restore(message.change_set, list(rows), message.order)
        self.window.items.update(rows)
        new_rows = [row for row in self.staging.extras if isinstance(row, NewId)]
        for row in new_rows:
            values = self.staging.new[row]
            kind = source.kind(values.get(source.scope_field))
            key = _linked_key(kind, values.get(source.item_field))
            if kind is not None and key is not None:
                self.staging.links[row] = key
                self._linked[row] = message.items.get(kind.collection, {}).get(str(key), {})
        for row in [*new_rows, *self.staging.edits]:
            block = self.block(row)
            if block is not None and block.kind is not None:
                self.staging.titles[row] = staged_label(
                    block.kind, self.base_item(row), self.staged_item(row)
                )
        self._reload()


def _linked_key(kind: BlockKind | None, item: Any) -> Any:
    """The existing item a staged junction row links (a key, or its key with edits), or None
    for a new block."""
    if isinstance(item, Mapping):
        return item.get(kind.pk) if kind is not None else None
    return item
