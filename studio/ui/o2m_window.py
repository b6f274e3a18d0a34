"""`ChildWindow`: an O2M list as the user sees it, page by page, over its `O2MStaging`.

The server's children (read a page at a time) followed by the staged additions, or, once
reordering has started, the staged order itself. It says which page to read; it never reads,
and holds only the pages read so far (never all of 5,000 children).
"""

from __future__ import annotations

from typing import Any

from studio.ui.o2m_staging import NewId, O2MStaging, RowId


class ChildWindow:
    """The list as shown: `size` rows a page, the cursor as an index into the whole list.

    Until reordering starts (and while searching) the list is the server's children matching
    the search, `count` of them, read a page at a time into `pages` (page p is rows p*size …,
    read with that offset), followed by the staged additions that match the search by title.
    Once reordering has started it is the staged order itself, and a page needs only the
    titles of the keys on it (`items`)."""

    def __init__(self, staging: O2MStaging, size: int) -> None:
        self.staging = staging
        self.size = max(1, size)
        self.search = ""
        self.count: int | None = None
        self.pages: dict[int, list[Any]] = {}
        self.items: dict[Any, dict[str, Any]] = {}
        self.cursor = 0

    def reset(self, *, keep_items: bool = False) -> None:
        """Forget what was read (a new search, a reload); staging is kept."""
        self.count = None
        self.pages.clear()
        if not keep_items:
            self.items.clear()

    @property
    def ordered(self) -> bool:
        """Showing the staged order (reordering started and no search narrows the list)."""
        return self.staging.order is not None and not self.search

    def extras(self) -> list[RowId]:
        rows = list(self.staging.extras)
        if not self.search:
            return rows
        needle = self.search.casefold()
        return [row for row in rows if needle in self.staging.titles.get(row, "").casefold()]

    @property
    def total(self) -> int | None:
        if self.ordered:
            assert self.staging.order is not None
            return len(self.staging.order)
        if self.count is None:
            return None
        return self.count + len(self.extras())

    @property
    def page(self) -> int:
        return self.cursor // self.size

    @property
    def page_count(self) -> int:
        total = self.total or 0
        return max(1, -(-total // self.size))

    def rows(self, page: int | None = None) -> list[RowId] | None:
        """The rows of `page` (default: the cursor's), or None while its server page is
        unread."""
        page = self.page if page is None else page
        total = self.total
        if total is None:
            return None
        start, end = page * self.size, min(page * self.size + self.size, total)
        if self.ordered:
            assert self.staging.order is not None
            return self.staging.order[start:end]
        count = self.count or 0
        rows: list[RowId] = []
        if start < count:
            keys = self.pages.get(page)
            if keys is None:
                return None
            rows.extend(keys[: min(end, count) - start])
        extras = self.extras()
        rows.extend(extras[index - count] for index in range(max(start, count), end))
        return rows

    def missing(self, page: int | None = None) -> list[Any]:
        """Keys on an ordered page whose titles are not read yet."""
        rows = self.rows(page) or []
        return [
            row
            for row in rows
            if not isinstance(row, NewId)
            and row not in self.items
            and row not in self.staging.titles
        ]

    def current(self) -> RowId | None:
        rows = self.rows()
        if not rows:
            return None
        index = self.cursor - self.page * self.size
        return rows[index] if 0 <= index < len(rows) else None

    def index_of(self, row: RowId) -> int | None:
        """Where `row` is in the whole list, when that is known without a read."""
        if self.ordered:
            assert self.staging.order is not None
            return self.staging.order.index(row) if row in self.staging.order else None
        extras = self.extras()
        if row in extras and self.count is not None:
            return self.count + extras.index(row)
        for page, keys in self.pages.items():
            if row in keys:
                return page * self.size + keys.index(row)
        return None

    def move_cursor(self, index: int) -> int:
        """Clamped to the list; kept as asked while the list is being counted."""
        total = self.total
        if total is None:
            self.cursor = max(0, index)
        else:
            self.cursor = max(0, min(index, total - 1)) if total else 0
        return self.cursor

    def clamp(self) -> None:
        self.move_cursor(self.cursor)
