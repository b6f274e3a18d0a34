"""The page cache on a real database: each way of reading a page gives exactly the rows of the
full order at that place, the cache stays small, and counts settle on what reads find."""

from __future__ import annotations

from typing import Any

import pytest

from studio.engine import Database
from studio.engine.collections import CollectionsService
from studio.engine.fields import FieldsService
from studio.engine.items import Count, ItemsService
from studio.ui.grid_pages import GridQuery, PageCache, QueryItemList, total_sort

ROWS = 95
SIZE = 10


@pytest.fixture
async def numbers(db: Database) -> ItemsService:
    """95 items whose sort column has ties and NULLs, so keyset edges are exercised."""
    await CollectionsService(db).create("numbers")
    await FieldsService(db).create("numbers", "label", "string")
    await FieldsService(db).create("numbers", "value", "integer")
    service = ItemsService(db, "numbers")
    await service.create_many(
        [{"label": f"n{i:03}", "value": None if i % 7 == 0 else i % 11} for i in range(ROWS)]
    )
    return service


def query(sort: list[str], **options: Any) -> GridQuery:
    return GridQuery(fields=("id", "label"), sort=total_sort(sort, "id"), **options)


async def full_order(service: ItemsService, q: GridQuery) -> list[str]:
    items = await service.read_many(**q.options(), sort=list(q.sort), limit=-1)
    return [item["label"] for item in items]


def labels(cache: PageCache, page: int) -> list[str]:
    loaded = cache.peek(page)
    assert loaded is not None
    return [row["label"] for row in loaded.rows]


@pytest.mark.parametrize("sort", [["-value"], ["value", "-label"]])
async def test_every_way_of_reading_a_page_gives_the_same_rows(
    numbers: ItemsService, sort: list[str]
) -> None:
    q = query(sort)
    expected = await full_order(numbers, q)
    cache = PageCache(numbers, q, page_size=SIZE)
    assert (await cache.count()).value == ROWS
    assert cache.last_page == 9

    await cache.load(cache.plan(0))
    await cache.load(cache.plan(1))
    far = cache.plan(6)
    await cache.load(far)
    await cache.load(cache.plan(5))
    end = cache.plan(9)
    await cache.load(end)
    await cache.load(cache.plan(8))
    assert (far.how, end.how) == ("offset", "end")
    assert cache.plans == ["start", "forward", "offset", "backward", "end", "backward"]
    for page in (0, 1, 5, 6, 8, 9):
        assert labels(cache, page) == expected[page * SIZE : page * SIZE + SIZE], page
    assert cache.row(94) is not None and cache.row(94)["label"] == expected[94]
    assert cache.row(95) is None
    assert cache.plan(10).how == "beyond"


async def test_choose_prefers_a_page_a_cursor_reaches(numbers: ItemsService) -> None:
    cache = PageCache(numbers, query(["label"]), page_size=SIZE)
    await cache.count()
    assert cache.choose([3, 4]) == cache.plan(3)  # nothing cached: one offset read
    await cache.load(cache.plan(3))
    plan = cache.choose([7, 2, 4])
    assert plan is not None and (plan.page, plan.how) == (2, "backward")
    assert cache.choose([3, 12]) is None  # cached, or past the end


async def test_the_cache_keeps_only_its_capacity(numbers: ItemsService) -> None:
    cache = PageCache(numbers, query(["label"]), page_size=SIZE, capacity=3)
    await cache.count()
    for page in range(5):
        await cache.load(cache.plan(page))
    assert list(cache.pages) == [2, 3, 4]
    assert cache.row(5) is None  # page 0 was evicted
    assert (cache.reads, cache.rows_read) == (5, 50)
    cache.row(21)  # page 2 is used again, so page 3 is the oldest now
    await cache.load(cache.plan(5))
    assert list(cache.pages) == [4, 2, 5]  # least recently used first


async def test_a_query_change_drops_a_read_in_flight(numbers: ItemsService) -> None:
    class Changing:
        """The query changes (the user typed a search) while the page is being read."""

        async def read_page(self, query: Any = None, **options: Any):
            cache.clear()
            return await numbers.read_page(query, **options)

    cache = PageCache(Changing(), query(["label"]), page_size=SIZE)  # type: ignore[arg-type]
    cache.row_count = ROWS
    assert await cache.load(cache.plan(0)) is None
    assert cache.pages == {} and cache.row_count is None


class Estimating:
    """An ItemsService whose count is a (wrong) estimate, as PostgreSQL's can be."""

    def __init__(self, service: ItemsService, estimate: int) -> None:
        self.service = service
        self.estimate = estimate

    async def read_page(self, query: Any = None, **options: Any):
        return await self.service.read_page(query, **options)

    async def count(self, filter=None, search=None, *, exact: bool = True) -> Count:
        if exact:
            return await self.service.count(filter, search)
        return Count(self.estimate, exact=False)


async def test_an_estimated_count_settles_where_the_end_turns_out(numbers: ItemsService) -> None:
    high = PageCache(Estimating(numbers, 150), query(["label"]), page_size=SIZE)
    await high.count()
    assert (high.row_count, high.count_exact) == (150, False)
    assert high.plan(14).how == "offset"  # never "end" on an estimate
    await high.load(high.plan(12))  # empty: the end is somewhere before
    assert high.needs_exact_count
    assert await high.exact_count() == ROWS and high.count_exact
    await high.load(high.plan(9))  # a short page is the end
    assert high.row_count == ROWS

    low = PageCache(Estimating(numbers, 30), query(["label"]), page_size=SIZE)
    await low.count()
    for page in range(3):
        await low.load(low.plan(page))
    assert (low.row_count, low.count_exact) == (31, False)  # there is more than estimated
    for page in range(3, 10):
        await low.load(low.plan(page))
    assert (low.row_count, low.count_exact) == (ROWS, True)


async def test_neighbours_follow_the_query_order(numbers: ItemsService) -> None:
    q = query(["-value"], filter={"value": {"_gte": 9}})
    expected = await full_order(numbers, q)
    keys = [i["id"] for i in await numbers.read_many(**q.options(), sort=list(q.sort), limit=-1)]
    assert len(expected) > 3
    items = QueryItemList(numbers, q, "id")
    assert await items.neighbour(keys[1], 1) == keys[2]
    assert await items.neighbour(keys[1], -1) == keys[0]
    assert await items.neighbour(keys[0], 2) == keys[2]
    assert await items.neighbour(keys[0], -1) is None
    assert await items.neighbour(keys[-1], 1) is None
    # an item edited out of the filter still finds its neighbours where the grid had it
    cache = PageCache(numbers, q, page_size=SIZE)
    await cache.count()
    await cache.load(cache.plan(0))
    await numbers.update_one(keys[1], {"value": 0})
    items = QueryItemList(numbers, q, "id", cache)
    assert await items.neighbour(keys[1], 1) == keys[2]


async def test_an_exact_count_holds_when_the_last_page_is_full(numbers: ItemsService) -> None:
    """95 rows in pages of 5: the last page is full, so it carries an `after` cursor like any
    full page; that is no sign of more rows when the count is exact."""
    cache = PageCache(numbers, query(["label"]), page_size=5)
    await cache.count()
    for page in range(19):
        await cache.load(cache.plan(page))
    assert cache.plans[-1] == "forward"
    assert (cache.row_count, cache.count_exact, cache.needs_exact_count) == (ROWS, True, False)
    assert cache.choose([19]) is None
    whole = PageCache(numbers, query(["label"]), page_size=ROWS)  # one page, read from the start
    await whole.count()
    await whole.load(whole.plan(0))
    assert (whole.row_count, whole.count_exact) == (ROWS, True)
