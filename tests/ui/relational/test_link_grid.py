"""The M2M grid widget on its own, in a tiny app that owns it the way the M2M interface does
(pages over a list of links, the cursor, cell edits staged into the rows with their refusals):
typing in a context cell, moving between rows and cells, selecting, the bulk command, the
list commands and what `allowed` hides, refused values, paging and a read-only grid.

The context fields are the demo's own (`recipes_ingredients.quantity`, a string; and
`headings.level`, an integer with a validation rule) read from the demo's schema."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, ClassVar

from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.pilot import Pilot
from textual.widgets import Footer, Input, Static

from studio.engine import Database
from studio.engine.schema import FieldInfo
from studio.ui.interfaces import InterfaceContext
from studio.ui.o2m_staging import NewId
from studio.ui.widgets.link_grid import GridRow, LinkGrid
from studio.ui.widgets.link_grid_parts import GridCell, GridEmpty, GridSlot, RowHandle
from tests.ui.conftest import wait_until


class GridOwner(App[None]):
    """Stands in for the M2M interface: `size` rows a page, the cursor, and every edit
    staged into its row (with the refusal as the row's error), then drawn again."""

    CSS = "LinkGrid { margin: 1 1 0 1; }"

    def __init__(
        self,
        fields: Sequence[FieldInfo],
        rows: Sequence[GridRow],
        *,
        size: int = 4,
        allowed: Callable[[str], bool | None] | None = None,
        selected: Sequence[Any] = (),
        cursor: int = 0,
        around: bool = False,
        hold: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__()
        self.around = around
        self.hold = hold  # commands answered only by `answer` (a page read, a busy owner)
        self.held: list[tuple[str, Any]] = []
        self.fields = list(fields)
        self.links = list(rows)
        self.page_size = size
        self.allowed = allowed
        self.cursor = cursor
        self.initially_selected = set(selected)
        self.commands: list[tuple[str, Any]] = []
        self.changes: list[LinkGrid.CellChanged] = []
        self.selections: list[frozenset[Any]] = []

    def compose(self) -> ComposeResult:
        if self.around:
            yield Input(id="before")
        yield LinkGrid(self.fields, self.context_for, self.allowed, heading="ingredient")
        if self.around:
            yield Input(id="after")
        yield Footer()

    def context_for(self, field: FieldInfo) -> InterfaceContext:
        return InterfaceContext(field.collection, 1)

    @property
    def grid(self) -> LinkGrid:
        return self.query_one(LinkGrid)

    def on_mount(self) -> None:
        self.grid.selected = set(self.initially_selected)
        self.draw()
        self.call_after_refresh(self._focus)

    def _focus(self) -> None:
        target = self.grid.focus_target()
        assert target is not None
        target.focus()

    @property
    def start(self) -> int:
        return self.cursor // self.page_size * self.page_size

    def draw(self) -> None:
        page = self.links[self.start : self.start + self.page_size]
        self.grid.show(page, self.cursor - self.start)

    def _go(self, index: int) -> None:
        self.cursor = max(0, min(index, len(self.links) - 1))
        self.draw()

    def answer(self, count: int | None = None) -> None:
        """The first `count` held commands (all by default), answered at last, in order."""
        count = len(self.held) if count is None else count
        held, self.held = self.held[:count], self.held[count:]
        for name, argument in held:
            self._answer(name, argument)

    @on(LinkGrid.Command)
    def _command(self, event: LinkGrid.Command) -> None:
        self.commands.append((event.name, event.argument))
        if event.name in self.hold:
            self.held.append((event.name, event.argument))
        else:
            self._answer(event.name, event.argument)

    def _answer(self, name: str, argument: Any) -> None:
        match name:
            case "cursor":
                self._go(self.cursor + argument)
            case "cursor_to":
                self._go(self.start + argument)
            case "page":
                self._go(self.cursor + argument * self.page_size)
            case "edge":
                self._go(0 if argument < 0 else len(self.links) - 1)

    @on(LinkGrid.CellChanged)
    def _changed(self, event: LinkGrid.CellChanged) -> None:
        self.changes.append(event)
        index = next(i for i, link in enumerate(self.links) if link.row == event.row)
        link = self.links[index]
        errors = {k: v for k, v in link.errors.items() if k != event.field}
        if event.error:
            errors[event.field] = event.error
        values = {**link.values, event.field: event.value}
        self.links[index] = replace(link, values=values, errors=errors, mark="● edited",
                                    kinds=("edited",))  # fmt: skip
        self.draw()

    @on(LinkGrid.SelectionChanged)
    def _selection(self, event: LinkGrid.SelectionChanged) -> None:
        self.selections.append(event.selected)


def links(count: int, field: str = "quantity") -> list[GridRow]:
    def value(number: int) -> Any:
        return f"{number} g" if field == "quantity" else number

    return [GridRow(100 + n, n, f"Ingredient {n}", {field: value(n)}) for n in range(1, count + 1)]


async def quantity_field(db: Database) -> FieldInfo:
    return (await db.overview()).collection("recipes_ingredients").fields["quantity"]


async def level_field(db: Database) -> FieldInfo:
    return (await db.overview()).collection("headings").fields["level"]


async def settle(pilot: Pilot) -> None:
    await pilot.pause()
    await pilot.pause()


async def ready(pilot: Pilot) -> GridOwner:
    app = pilot.app
    assert isinstance(app, GridOwner)
    await wait_until(pilot, lambda: isinstance(app.screen.focused, RowHandle | GridEmpty))
    return app


def focused_place(app: GridOwner) -> tuple[int, int] | None:
    """(row on the page, column) of the focused widget, column 0 being the row handle; None
    when the focus is outside the rows."""
    focused = app.screen.focused
    for node in focused.ancestors_with_self if focused is not None else ():
        if isinstance(node, RowHandle):
            return node.slot.index, 0
        if isinstance(node, GridCell):
            return node.slot.index, node.column + 1
    return None


def cell_input(app: GridOwner, index: int, column: int = 1) -> Input:
    slot = app.grid.query(GridSlot)[index]
    return slot.cells[column - 1].query_one(Input)


def error_line(app: GridOwner, index: int) -> str:
    slot = app.grid.query(GridSlot)[index]
    line = slot.query_one(".link-grid--errors", Static)
    return str(line.content) if line.display and slot.has_class("-error") else ""


async def test_typing_in_a_cell_posts_the_value_for_that_link(demo_db: Database) -> None:
    app = GridOwner([await quantity_field(demo_db)], links(3))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("down", "right")  # second link, into its quantity
        assert focused_place(app) == (1, 1)
        await pilot.press("end", "ctrl+u", *"3 tbsp")
        await settle(pilot)
        last = app.changes[-1]
        assert (last.row, last.field, last.value, last.error) == (102, "quantity", "3 tbsp", None)
        assert app.links[1].values["quantity"] == "3 tbsp"
        assert app.links[0].values["quantity"] == "1 g"  # the others are left alone
        assert cell_input(app, 1).value == "3 tbsp"


async def test_up_and_down_keep_the_column_from_inside_a_text_box(demo_db: Database) -> None:
    app = GridOwner([await quantity_field(demo_db)], links(3))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("right")
        await pilot.press("down")
        await settle(pilot)
        assert app.cursor == 1 and focused_place(app) == (1, 1)
        await pilot.press("down", "down")  # the last row: the cursor stays
        await settle(pilot)
        assert app.cursor == 2 and focused_place(app) == (2, 1)
        await pilot.press("up")
        await settle(pilot)
        assert app.cursor == 1 and focused_place(app) == (1, 1)
        await pilot.press("enter")  # Enter in a cell goes down a row, as in a spreadsheet
        await settle(pilot)
        assert app.cursor == 2 and focused_place(app) == (2, 1)
        assert ("edit", None) not in app.commands


async def test_a_new_page_keeps_the_focused_column(demo_db: Database) -> None:
    app = GridOwner([await quantity_field(demo_db)], links(6), size=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("right", "down", "down", "down")
        await settle(pilot)
        assert app.cursor == 3 and focused_place(app) == (3, 1)
        await pilot.press("down")  # onto the second page (two rows)
        await settle(pilot)
        assert app.cursor == 4 and focused_place(app) == (0, 1)
        assert len(app.grid.query(GridSlot)) == 2
        assert cell_input(app, 0).value == "5 g"
        await pilot.press("end", "0")
        await settle(pilot)
        assert (app.changes[-1].row, app.changes[-1].value) == (105, "5 g0")
        await pilot.press("pageup")  # back: four rows again, the cursor on the first
        await settle(pilot)
        assert app.cursor == 0 and focused_place(app) == (0, 1)
        assert [cell_input(app, i).value for i in range(4)] == ["1 g", "2 g", "3 g", "4 g"]
        assert app.links[4].values["quantity"] == "5 g0"


async def test_left_and_right_move_between_cells_from_the_edge_of_the_text(
    demo_db: Database,
) -> None:
    fields = [await quantity_field(demo_db), await level_field(demo_db)]
    rows = [GridRow(1, 1, "Egg", {"quantity": "2", "level": 3})]
    app = GridOwner(fields, rows)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("left")  # nothing left of the row handle
        assert focused_place(app) == (0, 0)
        await pilot.press("right")
        assert focused_place(app) == (0, 1)
        box = cell_input(app, 0)
        await pilot.press("end", "right")  # at the end of "2": on to the level
        assert focused_place(app) == (0, 2)
        await pilot.press("home", "left")  # at its start: back to the quantity
        assert focused_place(app) == (0, 1)
        await pilot.press("home", "right")  # inside the text: the text cursor moves
        assert focused_place(app) == (0, 1) and box.cursor_position == 1
        await pilot.press("shift+tab")
        assert focused_place(app) == (0, 0)
        await pilot.press("tab", "tab")
        assert focused_place(app) == (0, 2)


async def test_space_a_and_v_select_rows_kept_across_pages(demo_db: Database) -> None:
    app = GridOwner([await quantity_field(demo_db)], links(6), size=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("space")
        await settle(pilot)
        assert app.grid.selected == {101}
        assert app.selections[-1] == frozenset({101})
        await pilot.press("space")  # again: left out
        await settle(pilot)
        assert app.grid.selected == set() and app.selections[-1] == frozenset()
        await pilot.press("a")  # the whole page
        await settle(pilot)
        assert app.grid.selected == {101, 102, 103, 104}
        await pilot.press("a")  # all of it already: none
        await settle(pilot)
        assert app.grid.selected == set()
        await pilot.press("down", "down", "v", "v", "v")  # select and go down, onto page 2
        await settle(pilot)
        assert app.grid.selected == {103, 104, 105}
        assert app.cursor == 5 and focused_place(app) == (1, 0)
        handles = [slot.handle.render().plain for slot in app.grid.query(GridSlot)]
        assert handles[0].startswith("✓ 5 Ingredient 5")
        assert handles[1].startswith("  6 Ingredient 6")
        await pilot.press("V")  # up: selects 6 and goes back to 5
        await settle(pilot)
        assert app.grid.selected == {103, 104, 105, 106} and app.cursor == 4
        await pilot.press("pageup")
        await settle(pilot)
        assert app.grid.query(GridSlot)[2].selected  # 3, kept from before
        assert not app.grid.query(GridSlot)[1].selected
        app.grid.clear_selection()
        await settle(pilot)
        assert app.grid.selected == set() and app.selections[-1] == frozenset()
        assert not any(slot.selected for slot in app.grid.query(GridSlot))


async def test_selection_keys_belong_to_the_row_handle(demo_db: Database) -> None:
    level = await level_field(demo_db)
    rows = [GridRow(1, 1, "Intro", {"level": 2}), GridRow(2, 2, "Body", {"level": 3})]
    app = GridOwner([level], rows)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("right", "end", "space", "a", "v")  # typed into the level
        await settle(pilot)
        assert app.grid.selected == set()
        assert cell_input(app, 0).value == "2 av"
        assert app.changes[-1].error is not None  # not a whole number


async def test_b_asks_for_a_bulk_set_of_the_selected_rows(demo_db: Database) -> None:
    app = GridOwner([await quantity_field(demo_db)], links(4))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("space", "down", "down", "space", "b")
        await settle(pilot)
        assert app.commands[-1] == ("bulk", frozenset({101, 103}))


async def test_list_keys_post_commands_only_when_allowed(demo_db: Database) -> None:
    refused = {"new", "delete", "move", "move_to"}
    app = GridOwner(
        [await quantity_field(demo_db)], links(3), allowed=lambda name: name not in refused
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        keys = ["enter", "f4", "f7", "f6", "delete", "f8", "u", "f3", "slash"]
        keys += ["shift+down", "shift+up", "m"]
        await pilot.press(*keys)
        await settle(pilot)
        names = [name for name, _ in app.commands]
        assert names == ["edit", "edit", "add", "unlink", "unlink", "undo", "open", "search"]
        shown = {binding.binding.id for binding in app.screen.active_bindings.values()}
        footer = {b.binding.id for b in app.screen.active_bindings.values() if b.enabled}
        assert "linkgrid.unlink" in footer and "linkgrid.new" not in footer
        assert "linkgrid.delete" not in footer and "linkgrid.bulk" in shown


async def test_f_keys_act_from_inside_a_cell_and_clicks_move_the_cursor(
    demo_db: Database,
) -> None:
    app = GridOwner([await quantity_field(demo_db)], links(3))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("right", "f7", "f6", "f8", "u")
        await settle(pilot)
        assert [name for name, _ in app.commands] == ["new", "add", "unlink"]
        assert cell_input(app, 0).value == "1 gu"  # u is typed, not an undo
        handle = app.grid.query(GridSlot)[2].handle
        await pilot.click(handle, offset=(6, 0))
        await settle(pilot)
        assert ("cursor_to", 2) in app.commands and app.cursor == 2
        assert focused_place(app) == (2, 0)
        await pilot.click(handle, offset=(0, 0))  # on the mark: selects
        await settle(pilot)
        assert app.grid.selected == {103}
        await pilot.click(handle, offset=(6, 0), times=2)
        await settle(pilot)
        assert app.commands[-1] == ("edit", None)


async def test_a_typing_error_in_an_integer_cell_is_posted_and_shown(demo_db: Database) -> None:
    app = GridOwner([await level_field(demo_db)], links(2, "level"))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("right", "end", "x")
        await settle(pilot)
        last = app.changes[-1]
        assert (last.row, last.field, last.value) == (101, "level", 1)  # the last good value
        assert last.error is not None and "whole number" in last.error
        assert "whole number" in error_line(app, 0)
        assert app.grid.query(GridSlot)[0].cells[0].has_class("-error")
        assert app.grid.query(GridSlot)[0].handle.render().plain.startswith("  1 ⚠ Ingredient")
        await pilot.press("backspace")  # a value again: the message goes
        await settle(pilot)
        assert app.changes[-1].error is None and app.changes[-1].value == 1
        assert error_line(app, 0) == ""
        assert not app.grid.query(GridSlot)[0].cells[0].has_class("-error")


async def test_the_validation_rule_and_required_refuse_a_value(demo_db: Database) -> None:
    level = await level_field(demo_db)
    app = GridOwner([level], links(2, "level"))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("right", "end", "backspace", "9")
        await settle(pilot)
        last = app.changes[-1]
        assert (last.row, last.value, last.error) == (101, 9, "A heading level is 1 to 6.")
        assert error_line(app, 0) == "⚠ A heading level is 1 to 6."
        await pilot.press("backspace")
        await settle(pilot)
        empty = app.changes[-1]
        if level.nullable:
            assert (empty.value, empty.error) == (None, None)
        else:
            assert (empty.value, empty.error) == (None, f"{level.name} is required.")
        await pilot.press("4")
        await settle(pilot)
        assert (app.changes[-1].value, app.changes[-1].error) == (4, None)
        assert error_line(app, 0) == ""


async def test_errors_given_with_the_rows_show_under_their_row(demo_db: Database) -> None:
    quantity = await quantity_field(demo_db)
    rows = links(3)
    rows[1] = replace(rows[1], errors={"quantity": "The quantity is too long."})
    app = GridOwner([quantity], rows)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert error_line(app, 0) == "" and error_line(app, 2) == ""
        assert error_line(app, 1) == "⚠ The quantity is too long."
        slot = app.grid.query(GridSlot)[1]
        assert slot.cells[0].has_class("-error")
        assert slot.messages.region.y == slot.handle.region.y + 1  # right under the row


async def test_a_read_only_grid_shows_values_without_editing(demo_db: Database) -> None:
    def allowed(name: str) -> bool:
        return name in {"cursor", "cursor_to", "page", "edge", "open", "search"}

    app = GridOwner([await quantity_field(demo_db)], links(3), allowed=allowed)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        box = cell_input(app, 0)
        assert box.value == "1 g" and box.is_disabled
        await pilot.press("right", "1", "b", "f7", "down")
        await settle(pilot)
        assert focused_place(app) == (1, 0)  # the cells take no focus
        assert app.changes == []
        assert [name for name, _ in app.commands] == ["cursor"]
        await pilot.click(app.grid.query(GridSlot)[1].handle, offset=(6, 0), times=2)
        await settle(pilot)
        assert [name for name, _ in app.commands] == ["cursor"]  # no edit either


async def test_staged_rows_show_their_marks_and_removed_cells_are_locked(
    demo_db: Database,
) -> None:
    rows = [
        GridRow(NewId(1), 1, "Saffron", {"quantity": "1 g"}, "+ new", ("new",)),
        GridRow(7, 2, "Egg", {"quantity": "3"}, "- unlink", ("removed",)),
    ]
    app = GridOwner([await quantity_field(demo_db)], rows)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        new, removed = (slot.handle.render().plain for slot in app.grid.query(GridSlot))
        assert new.startswith("  1 Saffron") and new.endswith(" + new")
        assert removed.startswith("  2 Egg") and removed.endswith(" - unlink")
        assert not cell_input(app, 0).is_disabled and cell_input(app, 1).is_disabled
        await pilot.press("right", "end", "0")
        await settle(pilot)
        assert (app.changes[-1].row, app.changes[-1].value) == (NewId(1), "1 g0")


async def test_an_empty_grid_keeps_the_focus_and_its_keys(demo_db: Database) -> None:
    app = GridOwner([await quantity_field(demo_db)], [])
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        empty = app.grid.query_one(GridEmpty)
        assert empty.has_focus and str(empty.content) == "no links"
        await pilot.press("space", "a", "b", "f6", "f7")
        await settle(pilot)
        assert [name for name, _ in app.commands] == ["add", "new"]
        assert app.selections == []
        app.links = links(1)
        app.draw()
        await settle(pilot)
        assert not empty.display and len(app.grid.query(GridSlot)) == 1
        assert focused_place(app) == (0, 0)


async def test_the_grid_is_one_tab_stop_that_keeps_its_cursor(demo_db: Database) -> None:
    fields = [await quantity_field(demo_db), await level_field(demo_db)]
    rows = [GridRow(n, n, f"Link {n}", {"quantity": f"{n} g", "level": n}) for n in (1, 2, 3)]
    app = GridOwner(fields, rows, around=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("down", "down")
        await settle(pilot)
        assert app.cursor == 2
        await pilot.press("tab", "tab", "tab")  # the cursor row's cells, then out
        assert app.screen.focused is app.query_one("#after")
        await pilot.press("shift+tab")  # back in: the cursor row's last cell
        await settle(pilot)
        assert app.cursor == 2 and focused_place(app) == (2, 2)
        app.query_one("#before").focus()
        await pilot.press("tab")  # from above: the cursor row's handle
        await settle(pilot)
        assert app.cursor == 2 and focused_place(app) == (2, 0)
        assert not any(name == "cursor_to" for name, _ in app.commands)
        await pilot.click(cell_input(app, 0, 2))  # a click goes to any row
        await settle(pilot)
        assert app.cursor == 0 and focused_place(app) == (0, 2)


async def test_home_end_and_page_keys_on_the_row_handle(demo_db: Database) -> None:
    app = GridOwner([await quantity_field(demo_db)], links(9), size=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("end")
        await settle(pilot)
        assert app.cursor == 8 and focused_place(app) == (0, 0)  # page 3: one row
        await pilot.press("pageup")
        await settle(pilot)
        assert app.cursor == 4 and focused_place(app) == (0, 0)
        await pilot.press("home")
        await settle(pilot)
        assert app.cursor == 0
        await pilot.press("pagedown")
        await settle(pilot)
        assert app.cursor == 4
        names = [name for name, _ in app.commands]
        assert names == ["edge", "page", "edge", "page"]


def type_at_once(app: GridOwner, *keys: str) -> None:
    """Keys as a terminal delivers a paste or a fast typist: all queued before any is
    handled (the pilot waits for each)."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        driver.send_message(event)  # as the terminal's driver does (and the pilot, one by one)


async def test_keys_typed_right_after_a_move_land_on_the_new_row(demo_db: Database) -> None:
    app = GridOwner([await quantity_field(demo_db)], links(6), size=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        type_at_once(app, "right", "end", "down", "5", "down", "6")
        await wait_until(pilot, lambda: len(app.changes) == 2)
        await settle(pilot)
        assert [(c.row, c.value) for c in app.changes] == [(102, "2 g5"), (103, "3 g6")]
        assert app.cursor == 2 and focused_place(app) == (2, 1)
        type_at_once(app, "down", "down", "7", "8")  # off the page: what comes before it is
        await wait_until(pilot, lambda: app.cursor == 4 and focused_place(app) == (0, 1))
        await settle(pilot)
        assert all(change.row != 104 for change in app.changes)  # never the row left behind
        assert app.links[3].values["quantity"] == "4 g"
        moved_on = [(c.row, c.value) for c in app.changes[2:]]
        assert moved_on in ([], [(105, "5 g7"), (105, "5 g78")], [(105, "5 g8")])
        assert cell_input(app, 0).value == app.links[4].values["quantity"]


class PageBehind(GridOwner):
    """The grid in front of a page with keys of its own (as the item page has F8 Delete)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f8", "page_key('f8')", show=False),
        Binding("enter", "page_key('enter')", show=False),
        Binding("b", "page_key('b')", show=False),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.page_keys: list[str] = []

    def action_page_key(self, key: str) -> None:
        self.page_keys.append(key)


async def test_keys_while_a_page_is_read_go_nowhere(demo_db: Database) -> None:
    app = PageBehind([await quantity_field(demo_db)], links(6), size=4, hold=frozenset({"page"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("pagedown")
        assert app.screen.focused is app.grid  # waiting for the page
        await pilot.press("f8", "enter", "b", "space", "a", "v", "u", "right", "x")
        await settle(pilot)
        assert app.page_keys == []  # nothing reached the page behind the grid
        assert app.commands == [("page", 1)] and app.selections == []
        app.answer()
        await wait_until(pilot, lambda: focused_place(app) == (0, 0))
        assert app.cursor == 4
        await pilot.press("f8", "b")
        await settle(pilot)
        assert app.commands[-2:] == [("unlink", None), ("bulk", frozenset())]
        assert app.page_keys == [] and all(link.values == {"quantity": f"{link.position} g"}
                                           for link in app.links)  # fmt: skip


async def test_a_cell_moved_into_has_its_text_cursor_at_the_end(demo_db: Database) -> None:
    app = GridOwner([await quantity_field(demo_db)], links(6), size=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("right", "home", "x")  # the first link's cursor left after its x
        await settle(pilot)
        assert app.links[0].values["quantity"] == "x1 g"
        cell_input(app, 1).cursor_position = 0
        await pilot.press("down", "5")
        await settle(pilot)
        assert app.links[1].values["quantity"] == "2 g5"
        await pilot.press("up", "6")  # where the text cursor was left does not count
        await settle(pilot)
        assert app.links[0].values["quantity"] == "x1 g6"
        await pilot.press("pagedown", "7")  # the same cell widgets, another link
        await wait_until(pilot, lambda: app.links[4].values["quantity"] != "5 g")
        assert app.links[4].values["quantity"] == "5 g7"


async def test_a_cell_read_only_by_a_condition_on_its_link_takes_no_edit(
    demo_db: Database,
) -> None:
    high = {"name": "high", "rule": {"level": {"_gte": 5}}, "readonly": True}
    quantity = replace(await quantity_field(demo_db), conditions=(high,))
    rows = [
        GridRow(1, 1, "High", {"quantity": "1 g", "level": 5}),
        GridRow(2, 2, "Low", {"quantity": "2 g", "level": 2}),
    ]
    app = GridOwner([quantity, await level_field(demo_db)], rows)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        assert cell_input(app, 0).is_disabled and not cell_input(app, 1).is_disabled
        await pilot.press("right")  # past the locked quantity to the level
        assert focused_place(app) == (0, 2)
        await pilot.press("down", "home", "left", "end", "0")
        await settle(pilot)
        assert app.links[1].values["quantity"] == "2 g0"
        await pilot.press("right", "end", "backspace", "6")  # the level makes it read-only
        await settle(pilot)
        assert app.links[1].values["level"] == 6 and cell_input(app, 1).is_disabled
        await pilot.press("home", "left")  # the locked quantity is passed over
        assert focused_place(app) == (1, 0)
        assert [(c.row, c.field) for c in app.changes] == [
            (2, "quantity"),
            (2, "level"),
            (2, "level"),
        ]


async def test_every_text_is_drawn_as_text_not_markup(demo_db: Database) -> None:
    rows = [
        GridRow(1, 1, "[bold]Egg[/bold]", {"quantity": "[red]2"}, errors={"quantity": "[b]x"}),
    ]
    app = GridOwner([await quantity_field(demo_db)], rows)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        handle = app.grid.query(GridSlot)[0].handle.render().plain
        assert handle.startswith("  1 ⚠ [bold]Egg[/bold]")
        assert cell_input(app, 0).value == "[red]2"
        assert error_line(app, 0) == "⚠ Quantity: [b]x"
        app.grid.show([], 0, empty="[i]none[/i] [")
        await settle(pilot)
        empty = app.grid.query_one(GridEmpty)
        assert empty.display and empty.render_line(0).text.strip() == "[i]none[/i] ["


async def test_the_answer_to_a_click_does_not_pull_back_a_move_typed_after_it(
    demo_db: Database,
) -> None:
    app = GridOwner(
        [await quantity_field(demo_db)], links(4), hold=frozenset({"cursor_to", "cursor"})
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.click(cell_input(app, 1))  # the owner is busy: no answer yet
        await pilot.press("down")  # the focus moves on at once
        assert focused_place(app) == (2, 1)
        assert app.held == [("cursor_to", 1), ("cursor", 1)]
        app.answer(1)  # the click's answer: the cursor stays where the keys took it
        await settle(pilot)
        assert focused_place(app) == (2, 1) and app.grid.cursor == 2
        app.answer()
        await settle(pilot)
        assert focused_place(app) == (2, 1) and app.cursor == app.grid.cursor == 2


async def test_a_click_on_a_row_that_has_left_the_page_does_nothing(demo_db: Database) -> None:
    app = GridOwner([await quantity_field(demo_db)], links(6), size=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await pilot.press("right", "x")  # a row whose cell had the focus is built afresh
        await settle(pilot)
        gone = app.grid.query(GridSlot)[0].handle
        await pilot.press("pagedown")
        await wait_until(pilot, lambda: gone.slot not in app.grid.query(GridSlot))
        for chain in (1, 2):  # a click that was on its way as the page changed
            for x in (0, 6):
                gone.on_click(events.Click(gone, x, 0, 0, 0, 1, False, False, False, chain=chain))
        await settle(pilot)
        assert app.grid.selected == set() and app.selections == []
        assert [name for name, _ in app.commands] == ["page"]


async def test_moves_leave_the_footer_to_the_focus_change(demo_db: Database) -> None:
    """Each telling rebuilds the whole footer (far slower than a move): a move within the page
    or a selection tells it nothing beyond what the change of focus tells; emptying the grid
    does (its keys change without the focus moving)."""
    told: list[str] = []

    class Counted(LinkGrid):
        def refresh_bindings(self) -> None:
            told.append("told")
            super().refresh_bindings()

    app = GridOwner([await quantity_field(demo_db)], links(3))
    app.compose = lambda: iter([Counted(app.fields, app.context_for, heading="i"), Footer()])
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await settle(pilot)
        told.clear()
        await pilot.press("down", "right", "down", "home", "left", "up", "space", "a", "v")
        await settle(pilot)
        assert told == [] and app.cursor == 2 and app.grid.selected == {101, 102, 103}
        app.links = []
        app.draw()
        await settle(pilot)
        assert told == ["told"]
