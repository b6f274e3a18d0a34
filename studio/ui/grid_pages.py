"""The browser's window over a collection: keyset pages in a small LRU cache.

Page `p` holds rows `p * size` to `p * size + size - 1` of the current query. It is read
- from the start (`p == 0`),
- forward from page `p - 1`'s `after` cursor,
- backward from page `p + 1`'s `before` cursor with every sort term reversed (NULLs sort last
  ascending and first descending, so the reversed sort is exactly the reverse order),
- from the end with the reversed sort (the last page, when the count is exact),
- or, for a far jump with no neighbour cached, by offset (the only read that costs more the
  deeper it goes).
The sort always ends with the primary key, so the order is total and every cursor unambiguous.
Nothing here imports Textual: the grid widget asks `choose()` which page to read next and calls
`load()` in a worker.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from studio.engine.items import Count
from studio.engine.reader import Page

PAGE_SIZE = 100
CACHE_PAGES = 32
PLANS_KEPT = 500  # how pages were read, kept for tests and benchmarks (the latest only)

How = Literal["start", "forward", "backward", "end", "offset", "beyond"]


class ItemsReader(Protocol):
    """What the cache needs from `ItemsService`."""

    async def read_page(self, query: Any = None, **options: Any) -> Page: ...

    async def count(
        self,
        filter: Mapping[str, Any] | None = None,
        search: str | None = None,
        *,
        exact: bool = True,
    ) -> Count: ...


def reversed_sort(sort: Sequence[str]) -> tuple[str, ...]:
    return tuple(term[1:] if term.startswith("-") else f"-{term.lstrip('+')}" for term in sort)


def total_sort(sort: Sequence[str], primary_key: str) -> tuple[str, ...]:
    """The sort with the primary key last (unless it is already a term), so it is total."""
    terms = tuple(sort)
    if any(term.lstrip("-+") == primary_key for term in terms):
        return terms
    return (*terms, primary_key)


@dataclass(frozen=True)
class GridQuery:
    """What the window shows: `sort` must already be total (see `total_sort`)."""

    fields: tuple[str, ...]
    sort: tuple[str, ...]
    filter: Mapping[str, Any] | None = None
    search: str | None = None
    deep: Mapping[str, Any] = field(default_factory=dict)

    def options(self) -> dict[str, Any]:
        return {
            "fields": list(self.fields),
            "filter": self.filter,
            "search": self.search,
            "deep": dict(self.deep),
        }


@dataclass(frozen=True)
class LoadedPage:
    rows: list[dict[str, Any]]
    before: tuple[Any, ...] | None  # the first row's cursor
    after: tuple[Any, ...] | None  # the last row's cursor; None when nothing follows


@dataclass(frozen=True)
class Plan:
    page: int
    how: How
    cursor: tuple[Any, ...] | None = None


class PageCache:
    """Pages of one query; `reads` and `rows_read` count what was fetched (for tests and
    benchmarks: scrolling a million rows must not read a million rows)."""

    def __init__(
        self,
        reader: ItemsReader,
        query: GridQuery,
        *,
        page_size: int = PAGE_SIZE,
        capacity: int = CACHE_PAGES,
        exact: bool = False,
    ) -> None:
        self.reader = reader
        self.exact = exact  # count exactly from the start (the count was exact before a reload)
        self.query = query
        self.page_size = page_size
        self.capacity = capacity
        self.pages: OrderedDict[int, LoadedPage] = OrderedDict()
        self.row_count: int | None = None
        self.count_exact = True
        self.needs_exact_count = False
        self.generation = 0
        self.reads = 0
        self.rows_read = 0
        self.plans: list[How] = []

    # what is known ---------------------------------------------------------------------------

    def page_of(self, index: int) -> int:
        return index // self.page_size

    @property
    def last_page(self) -> int | None:
        if self.row_count is None or self.row_count == 0:
            return None
        return (self.row_count - 1) // self.page_size

    def peek(self, page: int) -> LoadedPage | None:
        return self.pages.get(page)

    def row(self, index: int) -> dict[str, Any] | None:
        """The row at `index` if its page is cached (marking the page as recently used)."""
        if index < 0:
            return None
        page, offset = divmod(index, self.page_size)
        loaded = self.pages.get(page)
        if loaded is None:
            return None
        self.pages.move_to_end(page)
        return loaded.rows[offset] if offset < len(loaded.rows) else None

    def index_of(self, key_field: str, key: Any) -> int | None:
        """The row index of an item in the cached pages, if it is there."""
        for page, loaded in self.pages.items():
            for offset, row in enumerate(loaded.rows):
                if row.get(key_field) == key:
                    return page * self.page_size + offset
        return None

    # planning --------------------------------------------------------------------------------

    def plan(self, page: int) -> Plan:
        """The cheapest way to read `page` given what is cached."""
        previous = self.pages.get(page - 1)
        if page == 0:
            return Plan(0, "start")
        if previous is not None:
            if previous.after is None:
                return Plan(page, "beyond")
            return Plan(page, "forward", previous.after)
        following = self.pages.get(page + 1)
        if following is not None and following.before is not None:
            return Plan(page, "backward", following.before)
        if page == self.last_page and self.count_exact:
            return Plan(page, "end")
        return Plan(page, "offset")

    def choose(self, wanted: Iterable[int]) -> Plan | None:
        """Which of the wanted pages to read next: one a cursor or an end reaches first, so a
        jump reads one page by offset at most and its neighbours by keyset."""
        missing = [p for p in dict.fromkeys(wanted) if p >= 0 and p not in self.pages]
        if self.last_page is not None:
            missing = [p for p in missing if p <= self.last_page]
        if not missing:
            return None
        plans = [self.plan(page) for page in missing]
        for plan in plans:
            if plan.how != "offset":
                return plan
        return plans[0]

    # reading ---------------------------------------------------------------------------------

    async def count(self) -> Count:
        generation = self.generation
        count = await self.reader.count(self.query.filter, self.query.search, exact=self.exact)
        if generation == self.generation:
            self.row_count, self.count_exact = count.value, count.exact
        return count

    async def exact_count(self) -> int:
        """Count exactly (when the estimate must give way: a jump to the end)."""
        generation = self.generation
        count = await self.reader.count(self.query.filter, self.query.search, exact=True)
        if generation == self.generation:
            self.row_count, self.count_exact = count.value, True
            self.needs_exact_count = False
        return count.value

    async def load(self, plan: Plan) -> LoadedPage | None:
        """Read and cache a page; None when the query changed while it was read."""
        generation = self.generation
        loaded = await self._read(plan)
        if generation != self.generation:
            return None
        self.plans.append(plan.how)
        if len(self.plans) > 2 * PLANS_KEPT:
            del self.plans[:PLANS_KEPT]
        self._store(plan.page, loaded)
        self._settle_count(plan.page, loaded)
        return loaded

    async def _read(self, plan: Plan) -> LoadedPage:
        size = self.page_size
        sort = list(self.query.sort)
        options = self.query.options()
        if plan.how == "beyond":
            return LoadedPage([], None, None)
        if plan.how in ("start", "forward", "offset"):
            cursor = plan.cursor if plan.how == "forward" else None
            offset = plan.page * size if plan.how == "offset" else 0
            page = await self.reader.read_page(
                **options, sort=sort, limit=size, after=cursor, offset=offset
            )
            self._count_read(page)
            return LoadedPage(page.items, page.before, page.after)
        limit = size
        if plan.how == "end":
            assert self.row_count is not None
            limit = self.row_count - plan.page * size
        backward = await self.reader.read_page(
            **options, sort=list(reversed_sort(sort)), limit=limit, after=plan.cursor
        )
        self._count_read(backward)
        rows = list(reversed(backward.items))
        after = None if plan.how == "end" else backward.before
        return LoadedPage(rows, backward.after if rows else None, after)

    def _count_read(self, page: Page) -> None:
        self.reads += 1
        self.rows_read += len(page.items)

    def _store(self, page: int, loaded: LoadedPage) -> None:
        self.pages[page] = loaded
        self.pages.move_to_end(page)
        while len(self.pages) > self.capacity:
            self.pages.popitem(last=False)

    def _settle_count(self, page: int, loaded: LoadedPage) -> None:
        """Correct the count from what the reads found: the end is where a page came up short;
        a full page reaching an estimate means it was low; an empty page where rows were
        expected means the end is somewhere before (`needs_exact_count`). A full page always
        carries an `after` cursor, even the last one, so reaching an exact count is no sign of
        more rows."""
        if self.row_count is None:
            return
        end = page * self.page_size + len(loaded.rows)
        if loaded.after is None:
            if loaded.rows or page == 0:
                if end != self.row_count:
                    self.row_count, self.count_exact = end, True
            elif self.row_count > end:
                self.needs_exact_count = True
        elif end > self.row_count or (end == self.row_count and not self.count_exact):
            self.row_count = end + 1

    def clear(self) -> None:
        """Forget every page and the count (the query or the data changed)."""
        self.generation += 1
        self.pages.clear()
        self.row_count = None
        self.count_exact = True
        self.needs_exact_count = False


@dataclass
class QueryItemList:
    """The items in the grid's current order, for the item page's previous/next.

    A neighbour is found by keyset from the item's own position in the query (so it is right
    even after the cache dropped that page); if the item no longer matches the query (it was
    edited out of a filter), its last known place in the cache is used.
    """

    reader: ItemsReader
    query: GridQuery
    primary_key: str
    cache: PageCache | None = None
    last_key: Any = None  # the last neighbour handed out (the grid's cursor follows it)

    async def neighbour(self, key: Any, step: int) -> Any | None:
        found = await self._neighbour(key, step)
        if found is not None:
            self.last_key = found
        return found

    async def _neighbour(self, key: Any, step: int) -> Any | None:
        if step == 0:
            return key
        pk = self.primary_key
        own_filter: dict[str, Any] = {pk: {"_eq": key}}
        where = {"_and": [self.query.filter, own_filter]} if self.query.filter else own_filter
        found = await self.reader.read_page(
            fields=[pk], filter=where, search=self.query.search, sort=list(self.query.sort), limit=1
        )
        if found.items and found.before is not None:
            sort = self.query.sort if step > 0 else reversed_sort(self.query.sort)
            page = await self.reader.read_page(
                fields=[pk],
                filter=self.query.filter,
                search=self.query.search,
                sort=list(sort),
                limit=abs(step),
                after=found.before,
            )
            if len(page.items) < abs(step):
                return None
            return page.items[-1][pk]
        if self.cache is None:
            return None
        index = self.cache.index_of(pk, key)
        if index is None or index + step < 0:
            return None
        row = self.cache.row(index + step)
        return row.get(pk) if row is not None else None
