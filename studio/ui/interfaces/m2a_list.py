"""The M2A builder's frame: its blocks a page at a time, in order, named "Collection: title",
with broken rows shown as such. The O2M list over the JUNCTION rows (`M2ASource`): paging,
staging, reordering and undo are the O2M list's, unchanged; this module says what a row is and
how it is drawn. The editing actions are in `m2a.py`.

`/` searches the blocks by what their titles show (the collection's name, the template's text
fields), through every allowed collection in one filter (`M2ASource.where`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual import on, work
from textual.message import Message

from studio.engine.errors import StudioError
from studio.engine.schema import SchemaOverview
from studio.ui.interfaces.o2m import O2MInterface
from studio.ui.interfaces.o2m_list import MARK_ORDER, MARK_TEXT
from studio.ui.m2a_reads import (
    Block,
    M2ASource,
    block_explanation,
    block_of,
    block_title,
    m2a_source,
    read_raw_keys,
)
from studio.ui.m2a_staging import M2AStaging
from studio.ui.o2m_reads import ChildSource
from studio.ui.o2m_staging import Mark, NewId, RowId
from studio.ui.o2m_window import ChildWindow
from studio.ui.widgets.block_list import BlockList
from studio.ui.widgets.child_list import ChildList, Line

BUILDER_EDITING = frozenset({"remove", "delete_item", "duplicate"})


class M2AList(O2MInterface):
    """The builder without its own actions (new, add, edit, duplicate, delete item)."""

    staging: M2AStaging

    class _RawRead(Message):
        def __init__(self, raw: dict[Any, Any]) -> None:
            super().__init__()
            self.raw = raw

    def _setup(self) -> None:
        self._raw: dict[Any, Any] = {}  # junction key → item column as stored (gone items)
        self._raw_asked: set[Any] = set()
        self._linked: dict[NewId, dict[str, Any]] = {}  # a staged link → its item as read
        self._failed: RowId | None = None  # the row a refused save blamed
        super()._setup()
        if self.source is not None:
            self.staging = M2AStaging(self.source.pk, self.staging.sort_field)
            self.window = ChildWindow(self.staging, self.window.size)

    def _source(self) -> ChildSource | None:
        session = self.context.session
        assert session is not None
        return m2a_source(
            session.overview, self.context.collection, self.field.field, self.context.key
        )

    @property
    def overview(self) -> SchemaOverview:
        session = self.context.session
        assert session is not None
        return session.overview

    @property
    def blocks(self) -> M2ASource:
        assert isinstance(self.source, M2ASource)
        return self.source

    def _list_widget(self) -> ChildList:
        return BlockList(self._allowed, empty=self._empty_text(), id="o2m-list")

    def _empty_text(self) -> str:
        if self.source is None:
            return "(relation not set up)"
        return "no blocks yet" if self.source.parent_key is None else "no blocks"

    def show_value(self, value: Any) -> None:
        self._raw.clear()
        self._raw_asked.clear()
        self._linked.clear()
        self._failed = None
        super().show_value(value)

    def _changed(self, row: RowId | None = None) -> None:
        self._failed = None
        super()._changed(row)

    # what a row holds --------------------------------------------------------------------------

    def block(self, row: RowId) -> Block | None:
        """The block on `row` as it stands with what is staged (None: not read yet)."""
        source = self.blocks
        if isinstance(row, NewId):
            values = self.staging.new.get(row) or {}
            collection = values.get(source.scope_field)
            kind = source.kind(collection)
            item = values.get(source.item_field)
            if row in self.staging.links:
                base = dict(self._linked.get(row) or {})
                if isinstance(item, Mapping):
                    base.update(item)
                return Block(collection, kind, self.staging.links[row], base)
            return Block(collection, kind, None, item if isinstance(item, Mapping) else {})
        data = self.window.items.get(row)
        if data is None:
            return None
        return block_of(source, data, self._raw.get(row))

    def base_item(self, row: RowId) -> dict[str, Any] | None:
        """The block's item as read, without staged edits (a new block has none)."""
        if isinstance(row, NewId):
            return self._linked.get(row)
        data = self.window.items.get(row) or {}
        item = data.get(self.blocks.item_field)
        return dict(item) if isinstance(item, Mapping) else None

    def staged_item(self, row: RowId) -> dict[str, Any]:
        """The staged values of the block's item (a new block's values; an edited one's edits,
        without its key)."""
        values = self.staging.staged(row) or {}
        item = values.get(self.blocks.item_field)
        if not isinstance(item, Mapping):
            return {}
        block = self.block(row)
        pk = block.kind.pk if block is not None and block.kind is not None else None
        return {name: value for name, value in item.items() if name != pk}

    # drawing -----------------------------------------------------------------------------------

    def _title(self, row: RowId) -> str:
        if self.staging.titles.get(row):
            return self.staging.titles[row]
        block = self.block(row)
        return "…" if block is None else block_title(block)

    def _line(self, row: RowId, position: int | None) -> Line:
        texts: list[str] = []
        kinds: list[str] = []
        block = self.block(row)
        if row == self._failed:
            texts.append("! not saved")
            kinds.append("broken")
        elif block is not None and block.broken:
            kinds.append("broken")
        for mark in (m for m in MARK_ORDER if m in self.staging.marks(row)):
            if mark == Mark.REMOVED:
                texts.append("✕ delete item" if row in self.staging.purged else "- remove")
                kinds.append("removed")
            elif mark == Mark.NEW and self.staging.is_link(row):
                texts.append("+ added")
                kinds.append("added")
            else:
                texts.append(MARK_TEXT[mark])
                kinds.append(mark.value)
        return Line(position, self._title(row), " ".join(texts), tuple(kinds))

    def _draw(self) -> None:
        super()._draw()
        if self.source is not None:
            self._ask_raw_keys()

    def _staged_words(self) -> list[str]:
        staging = self.staging
        counts = staging.counts()
        links = sum(1 for row in staging.new if staging.is_link(row))
        removed = counts.get(Mark.REMOVED, 0) - len(staging.purged)
        words = [
            (counts.get(Mark.NEW, 0) - links, "new"),
            (links, "added"),
            (counts.get(Mark.EDITED, 0), "edited"),
            (removed, "to remove"),
            (len(staging.purged), "to delete"),
            (counts.get(Mark.MOVED, 0), "moved"),
        ]
        return [f"{count} {word}" for count, word in words if count]

    def _mark_word(self, mark: Mark) -> str:
        return "to remove" if mark == Mark.REMOVED else super()._mark_word(mark)

    def _effect(self) -> str:
        return f"removed from {self.field.name} (its item stays)"

    def _row_hint(self) -> str:
        """What the cursor row is or will become, in words (only while focused)."""
        if self.source is None or not self.child_list.has_focus:
            return ""
        row = self.window.current()
        block = self.block(row) if row is not None else None
        if row is None or block is None:
            return ""
        if block.broken and row not in self.staging.removed:
            return block_explanation(block, self.field.name)
        words = []
        for mark in self.staging.marks(row):
            if mark == Mark.REMOVED and row in self.staging.purged:
                name = block.kind.name if block.kind is not None else "its"
                words.append(f"removed, and this {name} item deleted, when saved")
            elif mark == Mark.REMOVED:
                words.append("removed when saved (its item stays)")
            elif mark == Mark.NEW:
                words.append(
                    "added when saved" if self.staging.is_link(row) else "created when saved"
                )
            else:
                words.append(mark.value)
        return f"{', '.join(words)} · u undoes" if words else ""

    # keys --------------------------------------------------------------------------------------

    def _allowed(self, name: str) -> bool | None:
        if self.source is None:
            return False
        if name in ("unlink", "delete"):
            return False  # Delete is "remove" here
        if name in BUILDER_EDITING:
            if self.readonly:
                return False
            if name == "duplicate":
                return self._allowed("new")
            return True
        return super()._allowed(name)

    # the key of an item that is gone ----------------------------------------------------------

    def _ask_raw_keys(self) -> None:
        """A page showing blocks whose item is gone reads their stored keys (one read), so the
        row can say which item it was."""
        wanted = []
        for row in self.window.rows() or []:
            if isinstance(row, NewId) or row in self._raw_asked:
                continue
            block = self.block(row)
            if block is not None and block.problem == "missing" and block.key is None:
                wanted.append(row)
        if wanted:
            self._raw_asked.update(wanted)
            self._read_raw(wanted)

    @work(group="m2a-raw", exit_on_error=False)
    async def _read_raw(self, keys: list[Any]) -> None:
        try:
            raw = await read_raw_keys(self.context.session, self.blocks, keys)
        except StudioError:
            return  # the row says the item is gone, without its key
        self.post_message(self._RawRead(raw))

    @on(_RawRead)
    def _raw_read(self, message: _RawRead) -> None:
        self._raw.update(message.raw)
        self._draw()
