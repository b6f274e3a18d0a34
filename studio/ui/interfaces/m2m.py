"""`list-m2m`: the items linked to this one through a junction, as a list or as a grid.

The list (`m2m_list.M2MList`) names each link by its template and edits it in the link form. The
grid (`g`, or from the start with the option `layout: "table"`) shows the same page of links,
one row each: the related item's title and one cell per context field of the junction, edited
in place with the field's own interface (`widgets/link_grid.py`). A cell's edit is staged on its
junction row like any other edit (a new link's values, or an update of the changed field; back
to the value read means no edit), checked as the form checks it (type, required, validation
rule) with the message under the row; while a cell holds a refused value the page's save is
refused with it. Several links selected (space), `b` sets one context field on all of them
(`screens/bulk_set.py`), or on the cursor row when none is selected. The list's keys work the
same in the grid. Everything stays one change-set on the junction, written by the page's save.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.widget import Widget

from studio.engine.relations import RelationKind
from studio.engine.schema import FieldInfo
from studio.ui.interfaces.base import InterfaceContext
from studio.ui.interfaces.m2m_list import M2MList
from studio.ui.o2m_staging import NewId, RowId

if TYPE_CHECKING:
    from studio.ui.widgets.link_grid import GridRow, LinkGrid


class M2MInterface(M2MList):
    interface_ids = ("list-m2m",)
    relational = True
    relation_kinds = frozenset({"m2m"})

    DEFAULT_CSS = """
    M2MInterface.-grid #o2m-list { display: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "layout('grid')", "Grid", id="m2m.grid"),
        Binding("g", "layout('list')", "List", id="m2m.list"),
    ]

    def _setup(self) -> None:
        self._cell_errors: dict[tuple[RowId, str], str] = {}  # refused cell values
        self._grid: LinkGrid | None = None
        super()._setup()
        self.grid_fields = self._grid_fields()

    def _grid_fields(self) -> list[FieldInfo]:
        """The junction's context fields, as the grid's columns (the `fields` option, when it
        names some of them, chooses and orders them, as Directus's table layout does)."""
        if self.source is None or self.context.session is None:
            return []
        junction = self.context.session.overview.collection(self.junction.collection)
        context = [junction.fields[name] for name in self.junction.context]
        chosen = self.options.get("fields")
        if isinstance(chosen, list | tuple):
            named = {field.field: field for field in context}
            picked = [named[name] for name in chosen if isinstance(name, str) and name in named]
            if picked:
                return picked
        return context

    def on_mount(self) -> None:
        if self.source is not None and self.grid_fields and self.options.get("layout") == "table":
            self._show_grid(True)

    # switching ---------------------------------------------------------------------------------

    @property
    def grid_mode(self) -> bool:
        return self._grid is not None and self.has_class("-grid")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "layout":
            wanted = parameters[0] == "grid" if parameters else True
            return self.source is not None and bool(self.grid_fields) and wanted != self.grid_mode
        return True

    def action_layout(self, layout: str) -> None:
        self._show_grid(layout == "grid")
        self._message = None
        self._draw()
        self._focus_rows()
        self.refresh_bindings()

    def _show_grid(self, on: bool) -> None:
        if on and self._grid is None:
            from studio.ui.interfaces.m2m_grid import LinkRows

            name = self._related_name()
            self._grid = LinkRows(
                self.grid_fields, self._cell_context, self._allowed, heading=name, id="m2m-grid"
            )
            self.mount(self._grid, after=self.child_list)
        if self._grid is not None:
            self._grid.display = on
        self.set_class(on, "-grid")

    def _related_name(self) -> str:
        assert self.context.session is not None
        return self.context.session.overview.collection(self.junction.related_collection).name

    def _cell_context(self, field: FieldInfo) -> InterfaceContext:
        assert self.context.session is not None
        relation = self.context.session.overview.relation_info(field.collection, field.field)
        return InterfaceContext(
            collection=field.collection,
            relation=relation if relation.kind != RelationKind.NONE else None,
            session=self.context.session,
            dialect=self.context.dialect,
        )

    def _focus_rows(self) -> None:
        if self.grid_mode:
            self.call_after_refresh(self._focus_grid)
        else:
            self.child_list.focus()

    def _focus_grid(self) -> None:
        target = self._grid.focus_target() if self._grid is not None else None
        if target is not None:
            target.focus()

    def focus_target(self) -> Widget | None:
        if self.grid_mode and self._grid is not None:
            return self._grid.focus_target() or self._grid
        return super().focus_target()

    def _rows_focused(self) -> bool:
        if self.grid_mode and self._grid is not None:
            return self._grid.has_focus_within
        return super()._rows_focused()

    def _close_search(self) -> None:
        super()._close_search()
        self._focus_rows()

    def _close_prompt(self) -> None:
        super()._close_prompt()
        self._focus_rows()

    # drawing -----------------------------------------------------------------------------------

    def _draw(self) -> None:
        super()._draw()
        if not self.grid_mode or self._grid is None or not self.is_mounted:
            return
        window = self.window
        rows = window.rows()
        start = window.page * window.size
        shown = [self._grid_row(row, start + i + 1) for i, row in enumerate(rows or [])]
        empty = "reading…" if rows is None and self.source is not None else self._empty_text()
        self._grid.show(shown, window.cursor - start, empty)

    def _grid_row(self, row: RowId, position: int) -> GridRow:
        from studio.ui.widgets.link_grid import GridRow

        line = self._line(row, position)
        errors = {field: text for (at, field), text in self._cell_errors.items() if at == row}
        return GridRow(
            row=row,
            position=position,
            title=self._related_title(row) if self._related_known(row) else line.title,
            values=self._context_values(row),
            mark=line.mark,
            kinds=line.kinds,
            errors=errors,
        )

    def _related_known(self, row: RowId) -> bool:
        """The related item is named by what was read or staged (not a bare "…")."""
        return isinstance(row, NewId) or row in self.window.items

    def _context_values(self, row: RowId) -> dict[str, Any]:
        """The context values the row shows: what is staged over what was read."""
        read = self.window.items.get(row, {}) if not isinstance(row, NewId) else {}
        staged = self.staging.staged(row) or {}
        return {
            field.field: staged.get(field.field, read.get(field.field))
            for field in self.grid_fields
        }

    # cells -------------------------------------------------------------------------------------

    # the grid's messages (named handlers: the grid's module cannot be imported up front)

    def on_link_grid_command(self, event: LinkGrid.Command) -> None:
        event.stop()
        if self.source is None or self._allowed(event.name) is False:
            return
        self._message = None
        if event.name == "bulk":
            self._bulk(event.argument)
        else:
            getattr(self, f"_do_{event.name}")(event.argument)
        self._draw()

    def on_link_grid_selection_changed(self, event: LinkGrid.SelectionChanged) -> None:
        event.stop()
        count = len(event.selected)
        if count:
            self._say(f"{count} selected · b sets a value on {'them' if count > 1 else 'it'}")
        else:
            self._message = None
            self._show_hint()

    def on_link_grid_cell_changed(self, event: LinkGrid.CellChanged) -> None:
        event.stop()
        row, name = event.row, event.field
        if row in self.staging.removed:
            self._say("This link is removed: u undoes the removal before editing.", error=True)
            self._draw()  # the cell shows the value it had
            return
        if event.error:
            self._cell_errors[(row, name)] = event.error
        else:
            self._cell_errors.pop((row, name), None)
        self._stage_cell(row, name, event.value)
        self._message = None
        self._changed(self.window.current())  # the cursor stays where the keys took it

    def _stage_cell(self, row: RowId, name: str, value: Any) -> None:
        """One context value on one link: a new link takes it into its values; an existing one
        stages the change, or drops it when the value is back to the one read."""
        if isinstance(row, NewId):
            values = {**(self.staging.new.get(row) or {}), name: value}
        else:
            values = dict(self.staging.edits.get(row) or {})
            if _same(value, self.window.items.get(row, {}).get(name)):
                values.pop(name, None)
            else:
                values[name] = value
        base = None if isinstance(row, NewId) else self.window.items.get(row)
        title = self._staged_title(row, values, base) if values else ""
        self.staging.edit(row, values, title)

    def report(self, value: Any, error: str | None = None) -> None:
        """While a grid cell holds a refused value, every report carries it, so the page's
        save is refused with it (the message under the field)."""
        if error is None and self._cell_errors:
            (row, _), text = next(iter(self._cell_errors.items()))
            where = self._related_title(row) if self._related_known(row) else str(row)
            error = f"{where}: {text}"
        super().report(value, error)

    def _forget_cells(self, row: RowId) -> None:
        for key in [key for key in self._cell_errors if key[0] == row]:
            del self._cell_errors[key]

    def show_value(self, value: Any) -> None:
        self._cell_errors.clear()
        if self._grid is not None:
            self._grid.clear_selection()
        super().show_value(value)

    def _do_undo(self, _: Any = None) -> None:
        row = self.window.current()
        if row is not None:
            self._forget_cells(row)
        super()._do_undo()

    def _remove(self) -> None:
        row = self.window.current()
        super()._remove()
        gone = row in self.staging.removed or (
            isinstance(row, NewId) and row not in self.staging.new
        )
        if row is None or not gone:
            return
        if self._grid is not None:
            self._grid.selected.discard(row)  # a bulk set never reaches it
        if any(at == row for at, _ in self._cell_errors):
            self._forget_cells(row)  # a removed link's cells are not saved
            self.report(self.staging.change_set())

    # bulk --------------------------------------------------------------------------------------

    def _bulk(self, selected: Any) -> None:
        from studio.ui.screens.bulk_set import BulkSetScreen

        chosen_rows = list(selected or ()) or [self.window.current()]
        rows = [row for row in chosen_rows if self._live(row)]
        if not rows:
            self._say("No link to set a value on (removed links are left out).", error=True)
            return
        screen = BulkSetScreen(
            self.grid_fields,
            self._cell_context,
            len(rows),
            [self._context_values(row) for row in rows],
        )

        def chosen(result: tuple[str, Any] | None) -> None:
            if result is None:
                return
            name, value = result
            for row in rows:
                self._cell_errors.pop((row, name), None)
                self._stage_cell(row, name, value)
            field = next(f for f in self.grid_fields if f.field == name)
            count = len(rows)
            self._say(f"{field.name} set on {count} link{'s' if count != 1 else ''}.")
            self._changed(self.window.current())
            self._draw()

        self.app.push_screen(screen, chosen)

    def _live(self, row: RowId | None) -> bool:
        """A link a value can be set on: staged new and not dropped since, or read and not
        removed."""
        if row is None or row in self.staging.removed:
            return False
        return row in self.staging.new if isinstance(row, NewId) else True

    def _staged_words(self) -> list[str]:
        words = super()._staged_words()
        if self._cell_errors:
            count = len(self._cell_errors)
            words.append(f"{count} value{'s' if count != 1 else ''} to fix")
        return words


def _same(a: Any, b: Any) -> bool:
    from studio.ui.widgets.link_grid_parts import same

    return same(a, b)
