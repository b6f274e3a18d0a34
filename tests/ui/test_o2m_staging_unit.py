"""The O2M list's staging and paging, without Textual or a database: what each staged change
sends, undo per row, sort values after moves, and which rows a page shows."""

from __future__ import annotations

from studio.ui.o2m_staging import Mark, NewId, O2MStaging
from studio.ui.o2m_window import ChildWindow

ORDER = [(10, 1), (11, 2), (12, 3), (13, 4), (14, 5)]


def staging(sort: str | None = "sort") -> O2MStaging:
    return O2MStaging("id", sort)


def test_nothing_staged_is_none() -> None:
    s = staging()
    assert s.change_set() is None
    assert not s.has_changes


def test_create_edit_remove_make_one_change_set() -> None:
    s = staging()
    new = s.create({"name": "Lyon"}, "Lyon")
    s.edit(11, {"population": 5})
    s.remove(12)
    assert s.change_set() == {
        "create": [{"name": "Lyon"}],  # no sort: the engine puts creates last
        "update": [{"population": 5, "id": 11}],
        "delete": [12],
    }
    assert s.marks(new) == (Mark.NEW,)
    assert s.marks(11) == (Mark.EDITED,)
    assert s.marks(12) == (Mark.REMOVED,)


def test_editing_a_new_row_replaces_its_values_and_empty_edits_drop() -> None:
    s = staging()
    new = s.create({"name": "Lyon"})
    s.edit(new, {"name": "Lyons", "population": 1})
    s.edit(11, {"population": 5})
    s.edit(11, {})
    assert s.change_set() == {
        "create": [{"name": "Lyons", "population": 1}],
        "update": [],
        "delete": [],
    }
    assert s.staged(new) == {"name": "Lyons", "population": 1}


def test_removing_a_new_or_added_row_drops_it() -> None:
    s = staging()
    new = s.create({"name": "Lyon"})
    s.add(99, "Paris", leaves="France")
    assert s.remove(new) == Mark.NEW
    assert s.remove(99) == Mark.ADDED
    assert s.change_set() is None


def test_undo_each_row_on_its_own() -> None:
    s = staging()
    s.edit(11, {"population": 5})
    s.remove(11)
    s.remove(12)
    assert s.marks(11) == (Mark.REMOVED, Mark.EDITED)
    assert s.undo(12) == (Mark.REMOVED,)
    assert s.change_set() == {
        "create": [],
        "update": [],  # a removed row's edits are not sent
        "delete": [11],
    }
    assert s.undo(11) == (Mark.REMOVED, Mark.EDITED)
    assert s.change_set() is None
    assert s.undo(11) == ()


def test_added_items_are_updates_that_link_and_go_last() -> None:
    s = staging()
    s.max_sort = 16
    s.add(99, "Paris", leaves="France")
    new = s.create({"name": "Lyon"})
    s.edit(99, {"population": 7})
    assert s.add(99) is False  # already there
    assert s.marks(99) == (Mark.ADDED, Mark.EDITED)
    assert s.change_set() == {
        "create": [{"name": "Lyon", "sort": 18}],
        "update": [{"population": 7, "id": 99, "sort": 17}],
        "delete": [],
    }
    assert s.added[99] == "France"
    assert s.marks(new) == (Mark.NEW,)


def test_without_a_sort_field_additions_carry_no_sort() -> None:
    s = staging(None)
    s.add(99)
    assert s.change_set() == {"create": [], "update": [{"id": 99}], "delete": []}


def test_moves_send_only_the_sort_values_that_change() -> None:
    s = staging()
    s.start_order(ORDER)
    s.move(13, 1)  # 10 13 11 12 14
    assert s.order == [10, 13, 11, 12, 14]
    assert s.marks(13) == (Mark.MOVED,)
    assert s.marks(11) == ()
    change = s.change_set()
    assert change is not None
    assert sorted(change["update"], key=lambda e: e["id"]) == [
        {"id": 11, "sort": 3},
        {"id": 12, "sort": 4},
        {"id": 13, "sort": 2},
    ]


def test_moving_back_is_no_move() -> None:
    s = staging()
    s.start_order(ORDER)
    s.move(13, 0)
    s.move(13, 3)
    assert s.moved == set()
    assert s.change_set() is None


def test_undo_a_move_puts_the_row_back() -> None:
    s = staging()
    s.start_order(ORDER)
    s.move(14, 0)
    s.move(10, 4)
    assert s.order == [14, 11, 12, 13, 10]
    s.undo(14)
    assert s.order == [11, 12, 13, 14, 10]
    assert s.marks(10) == (Mark.MOVED,)
    s.undo(10)
    assert s.order == [10, 11, 12, 13, 14]
    assert s.change_set() is None


def test_renumbering_starts_at_the_lowest_value_and_skips_removed_rows() -> None:
    s = staging()
    s.start_order([(10, 5), (11, 6), (12, 7)])
    s.remove(10)
    s.move(12, 1)  # 10(removed) 12 11
    change = s.change_set()
    assert change is not None
    assert change["delete"] == [10]
    assert sorted(change["update"], key=lambda e: e["id"]) == [
        {"id": 11, "sort": 7},
        {"id": 12, "sort": 6},
    ]


def test_a_new_row_moved_up_gets_its_sort() -> None:
    s = staging()
    s.start_order(ORDER)
    new = s.create({"name": "Lyon"})
    assert s.order is not None and s.order[-1] == new
    s.move(new, 0)
    change = s.change_set()
    assert change is not None
    assert change["create"] == [{"name": "Lyon", "sort": 1}]
    assert {e["id"]: e["sort"] for e in change["update"]} == {10: 2, 11: 3, 12: 4, 13: 5, 14: 6}


def test_additions_after_start_order_go_after_the_last_child() -> None:
    s = staging()
    s.start_order([(10, 3), (11, 9)])
    s.add(99)
    new = s.create({"name": "x"})
    assert s.sort_values() == {99: 10, new: 11}


def test_restore_rebuilds_the_staging_from_its_change_set() -> None:
    s = staging()
    s.start_order(ORDER)
    s.max_sort = 5
    new = s.create({"name": "Lyon"})
    s.add(99, leaves="France")
    s.edit(11, {"population": 5})
    s.remove(12)
    s.move(new, 0)
    change = s.change_set()
    assert change is not None

    again = staging()
    again.restore(change, children=[10, 11, 12, 13, 14], order=ORDER)
    assert again.change_set() == change
    restored_new = next(row for row in again.extras if isinstance(row, NewId))
    assert again.marks(restored_new) == (Mark.NEW, Mark.MOVED)
    assert again.marks(99) == (Mark.ADDED,)
    assert again.marks(11) == (Mark.EDITED,)
    assert again.marks(12) == (Mark.REMOVED,)


def test_restore_without_sorts_needs_no_order() -> None:
    s = staging(None)
    s.restore({"create": [{"name": "a"}], "update": [{"id": 5, "x": 1}], "delete": [3]}, [5])
    assert s.counts() == {Mark.NEW: 1, Mark.EDITED: 1, Mark.REMOVED: 1}
    assert s.change_set() == {
        "create": [{"name": "a"}],
        "update": [{"x": 1, "id": 5}],
        "delete": [3],
    }


# the window ----------------------------------------------------------------------------------


def test_pages_are_server_rows_then_staged_additions() -> None:
    s = staging()
    window = ChildWindow(s, 4)
    assert window.rows() is None  # nothing counted yet
    window.count = 6
    window.pages[0] = [10, 11, 12, 13]
    new = s.create({"name": "x"}, "x")
    s.add(99, "y")
    assert window.total == 8
    assert window.page_count == 2
    assert window.rows(0) == [10, 11, 12, 13]
    assert window.rows(1) is None  # server rows 4-5 unread
    window.pages[1] = [14, 15]
    assert window.rows(1) == [14, 15, new, 99]
    window.move_cursor(100)
    assert window.cursor == 7 and window.page == 1
    assert window.current() == 99
    assert window.index_of(new) == 6
    assert window.index_of(11) == 1


def test_search_narrows_staged_additions_by_title() -> None:
    s = staging()
    window = ChildWindow(s, 4)
    s.create({"name": "Lyon"}, "Lyon")
    paris = s.create({"name": "Paris"}, "Paris")
    window.search = "par"
    window.count = 0
    assert window.rows() == [paris]


def test_ordered_pages_are_slices_of_the_order() -> None:
    s = staging()
    window = ChildWindow(s, 2)
    window.count = 5
    s.start_order(ORDER)
    s.move(14, 0)
    assert window.ordered
    assert window.rows(0) == [14, 10]
    assert window.missing(0) == [14, 10]
    window.items[14] = {"id": 14}
    assert window.missing(0) == [10]
    window.search = "x"
    assert not window.ordered  # a search shows the server's matches again


def test_additions_carry_no_sort_until_the_highest_is_known() -> None:
    s = staging()
    s.add(99)
    assert s.change_set() == {"create": [], "update": [{"id": 99}], "delete": []}
    s.max_sort = 0  # read: no child has a sort value
    assert s.change_set() == {"create": [], "update": [{"id": 99, "sort": 1}], "delete": []}


def test_a_row_put_back_in_place_by_others_moves_stays_marked() -> None:
    """c to the top, then b up one: b is at its old index but now after c and before a, so
    it is still moved; undoing c leaves b's move shown (and undoable), not a silent change."""
    s = staging()
    s.start_order(ORDER[:3])  # 10 11 12
    s.move(12, 0)  # 12 10 11
    s.move(11, 1)  # 12 11 10
    assert s.order == [12, 11, 10]
    assert s.moved == {12, 11}
    s.undo(12)
    assert s.moved  # the order still differs: some row says so
    assert s.change_set() is not None
    for row in list(s.moved):
        s.undo(row)
    assert s.order == [10, 11, 12]
    assert s.change_set() is None


def test_every_staged_order_is_explained_by_its_marks() -> None:
    """Whatever the moves and undos, the rows not marked moved keep their original order,
    so an order with no mark is the original one."""
    import random

    rng = random.Random(6)
    for _ in range(300):
        s = staging()
        s.start_order([(k, k) for k in range(6)])
        for _ in range(rng.randint(1, 6)):
            assert s.order is not None
            row = rng.choice(s.order)
            if rng.random() < 0.25:
                s.undo(row)
            else:
                s.move(row, rng.randrange(6))
            still = [row for row in s.order if row not in s.moved]
            assert still == sorted(still), (s.order, s.moved)
        assert (s.change_set() is None) == (not s.moved)
