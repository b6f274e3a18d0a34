"""The item page: one item's form, with save (and its variants), revert, delete and duplicate.

The form is built from the fields' metadata once the item is read (a worker); every edit is
collected in the form and saved as one payload in one engine call, which is one transaction:
a refused save writes nothing, the message goes under the field it names, and the user's input
stays. The same screen creates (`key=None`), edits, and moves on to the next or previous item
of the list it was opened from. Leaving with edits asks first (`request_leave`).

Following a relation pushes the related item's page on top (`app.open_item`), so the screen
stack is the back stack: each level keeps its own edits and asks about them when left, and the
title line names the page Escape returns to. When a full screen above closes (a followed page, a
nested form, a picker, "where used"), related items may have changed: the title is read again
and every relational interface is told (`related_changed`). After a dialog, nothing is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal
from textual.markup import escape
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from studio.engine.errors import InvalidValue, StudioError
from studio.engine.relations import RelationKind
from studio.engine.schema import CollectionInfo, FieldInfo
from studio.engine.templates import template_fields
from studio.ui.form.form import ItemForm
from studio.ui.form.layout import build_layout, field_nodes
from studio.ui.form.state import FormState, default_values, duplicate_values, generated
from studio.ui.interfaces import InterfaceContext
from studio.ui.interfaces.base import TRAIL_SEPARATOR
from studio.ui.interfaces.values import visible
from studio.ui.item_list import ItemList
from studio.ui.related import title_of
from studio.ui.screens.confirm import ConfirmScreen, LeaveChoice, UnsavedChangesScreen

SAVES = ("save", "save_stay", "save_new", "save_next", "save_previous")


class ItemScreen(Screen[None]):
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (90, "-wide")]

    DEFAULT_CSS = """
    ItemScreen #item-top { height: 1; background: $panel; }
    ItemScreen #item-title {
        width: 1fr; height: 1; padding: 0 1; text-style: bold;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    ItemScreen #item-back {
        width: 1fr; height: 1; padding: 0 1; color: $text-muted; text-align: right;
        text-wrap: nowrap; text-overflow: ellipsis; display: none;
    }
    ItemScreen #item-top.-back #item-title { width: auto; max-width: 60%; }
    ItemScreen #item-top.-back #item-back { display: block; }
    ItemScreen #item-status { height: auto; padding: 0 1; color: $text-muted; }
    ItemScreen #item-status.-edited { color: $warning; }
    ItemScreen #item-status.-locked { color: $error; }
    ItemScreen #item-body { height: 1fr; }
    ItemScreen .item-loading { padding: 1 2; color: $text-muted; }
    ItemScreen.-narrow FormGrid { grid-size: 1; grid-columns: 1fr; }
    ItemScreen.-narrow FormGrid > .form-spacer { display: none; }
    ItemScreen.-narrow FormGrid > .-full, ItemScreen.-narrow FormGrid > .-fill {
        column-span: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="item.back", show=False),
        Binding("ctrl+s", "save", "Save", id="item.save"),
        Binding("f2", "save_stay", "Save & stay", id="item.save-stay"),
        Binding("ctrl+n", "save_new", "Save & new", id="item.save-new", show=False),
        Binding("alt+down,ctrl+down", "save_next", "Save & next", id="item.save-next", show=False),
        Binding(
            "alt+up,ctrl+up",
            "save_previous",
            "Save & previous",
            id="item.save-previous",
            show=False,
        ),
        Binding("ctrl+r", "revert", "Revert", id="item.revert"),
        Binding("f8", "delete", "Delete", id="item.delete"),
        Binding("f5", "duplicate", "Duplicate", id="item.duplicate", show=False),
        Binding("f9", "where_used", "Where is this item used", id="item.where-used", show=False),
    ]

    # messages from workers --------------------------------------------------------------------

    class Loaded(Message):
        def __init__(
            self, key: Any, item: dict[str, Any] | None, links: Mapping[str, str] | None = None
        ) -> None:
            super().__init__()
            self.key = key
            self.item = item
            self.links = links or {}

        def values(self) -> dict[str, Any] | None:
            """The item's own values: a related item read for the title becomes its key."""
            if self.item is None:
                return None
            values = dict(self.item)
            for name, key_field in self.links.items():
                related = values.get(name)
                if isinstance(related, Mapping):
                    values[name] = related.get(key_field)
            return values

    class LoadFailed(Message):
        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    class Saved(Message):
        def __init__(self, key: Any) -> None:
            super().__init__()
            self.key = key

    class SaveFailed(Message):
        def __init__(self, error: StudioError) -> None:
            super().__init__()
            self.error = error

    class DeletePlanned(Message):
        def __init__(self, body: str) -> None:
            super().__init__()
            self.body = body

    class Deleted(Message):
        pass

    class Failed(Message):
        """Something other than a field went wrong (a delete refused, a neighbour not found)."""

        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    class Retitled(Message):
        """The item's title, read again after a page above closed (it may have changed)."""

        def __init__(self, key: Any, title: str) -> None:
            super().__init__()
            self.key = key
            self.title = title

    class Moved(Message):
        def __init__(self, key: Any, step: int, found: bool) -> None:
            super().__init__()
            self.key = key
            self.step = step
            self.found = found

    def __init__(
        self,
        collection: str,
        key: Any = None,
        *,
        item_list: ItemList | None = None,
        prefill: Mapping[str, Any] | None = None,
        language: Any = None,
    ) -> None:
        super().__init__()
        self.collection = collection
        self.key = key
        self.language = language
        self.item_list = item_list
        self.prefill = dict(prefill) if prefill else None
        self.form: ItemForm | None = None
        self.title_text = ""
        self._after_save: Callable[[Any], None] | None = None
        self._refocus: str | None = None
        self._busy = False
        self._was_dirty = False
        self._status_text = ""
        self._heading = ""
        self._back = ""
        self._related_stale = False

    # properties -------------------------------------------------------------------------------

    @property
    def session(self) -> Any:
        return self.app.session  # type: ignore[attr-defined]

    @property
    def info(self) -> CollectionInfo:
        return self.session.overview.collection(self.collection)

    @property
    def creating(self) -> bool:
        return self.key is None

    @property
    def dirty(self) -> bool:
        return self.form is not None and self.form.state.dirty

    def edited_labels(self) -> list[str]:
        if self.form is None:
            return []
        names = [self.form.state.fields[name].name for name in self.form.state.edited()]
        return [visible(name) for name in names]

    # building ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="item-top"):
            yield Static("", id="item-title", markup=False)
            yield Static("", id="item-back", markup=False)
        yield Static("", id="item-status", markup=False)
        with self._body():
            yield Static("Loading…", classes="item-loading", markup=False)
        yield Footer()

    def _body(self) -> Widget:
        """What the form goes in (a screen showing more than one form scrolls them together)."""
        return Container(id="item-body")

    def on_mount(self) -> None:
        self.load(self.key, prefill=self.prefill)

    def load(self, key: Any, *, prefill: Mapping[str, Any] | None = None) -> None:
        """Show item `key` (None: a new item's form), replacing the current form. Until it is
        on screen there is no form, so a key pressed meanwhile cannot save the old one again."""
        self.key = key
        self.form = None
        self.prefill = dict(prefill) if prefill else None
        if key is None:
            self.post_message(self.Loaded(None, None))
        else:
            self._read(key)

    @work(exclusive=True, group="item-read", exit_on_error=False)
    async def _read(self, key: Any) -> None:
        fields, links = self._read_paths()
        try:
            item = await self.session.items(self.collection).read_one(key, fields)
        except StudioError as error:
            self.post_message(self.LoadFailed(error.message))
            return
        self.post_message(self.Loaded(key, item, links))

    def _read_paths(self) -> tuple[list[str], dict[str, str]]:
        """The columns and the title's paths, in one read. An M2O the title goes through comes
        back as the related item, so its key is read with it ({field: related key field})."""
        info = self.info
        overview = self.session.overview
        paths = [f.field for f in info.fields.values() if not f.is_alias]
        links: dict[str, str] = {}
        for path in template_fields(info.display_template):
            head = path.split(".", 1)[0]
            relation = overview.relation_info(self.collection, head) if "." in path else None
            if relation is not None and relation.related_primary_key and not relation.is_to_many:
                links[head] = relation.related_primary_key
                paths.append(f"{head}.{relation.related_primary_key}")
            paths.append(path)
        return list(dict.fromkeys(paths)), links

    @on(Loaded)
    async def _loaded(self, message: Loaded) -> None:
        if message.key != self.key:
            return  # an older read, overtaken by a move
        info = self.info
        creating = message.key is None
        dialect = self.session.db.dialect
        loaded = message.values()
        values = loaded if loaded is not None else default_values(info, dialect)
        nodes = build_layout(info, lambda field: self._on_form(field, creating))
        state = FormState(
            info,
            field_nodes(nodes),
            values,
            creating=creating,
            editable=info.editable,
            prefilled=self.prefill,
        )
        context = self._interface_context
        form = ItemForm(self.session.overview, nodes, state, context, id="item-form")
        body = self.query_one("#item-body")
        await body.remove_children()
        self.form = form
        await body.mount(form)
        self.title_text = self._title(message.item)
        self.form_ready(form)
        self._was_dirty = self.dirty
        self._show_status()
        self.refresh_bindings()
        refocus, self._refocus = self._refocus, None
        if refocus is None and self.language is not None:
            refocus = self._translations_field()
        if info.editable and not (refocus and form.focus_field(refocus)):
            form.focus_first()

    def _translations_field(self) -> str | None:
        """A page opened on a language starts in its translations, not at the form's top."""
        for name in self.form.rows if self.form is not None else ():
            if self._relation(self.info.fields[name]) == RelationKind.TRANSLATIONS:
                return name
        return None

    def form_ready(self, form: ItemForm) -> None:
        """The form is on screen (a nested form notes what it opened with)."""

    def _on_form(self, field: FieldInfo, creating: bool) -> bool:
        """Which fields the form shows (hidden ones are on it, out of sight)."""
        if field.is_alias:
            return self._relation(field) != RelationKind.NONE
        return not (creating and field.is_primary_key and generated(field))

    def _relation(self, field: FieldInfo) -> RelationKind:
        return self.session.overview.relation_info(field.collection, field.field).kind

    def _interface_context(self, field: FieldInfo) -> InterfaceContext:
        overview = self.session.overview
        relation = overview.relation_info(field.collection, field.field)
        return InterfaceContext(
            collection=self.collection,
            key=self.key,
            relation=relation if relation.kind != RelationKind.NONE else None,
            session=self.session,
            dialect=self.session.db.dialect,
            language=self.language if relation.kind == RelationKind.TRANSLATIONS else None,
        )

    def _title(self, item: Mapping[str, Any] | None) -> str:
        info = self.info
        if item is None:
            return "New item" + (" (a copy)" if self.prefill else "")
        title = title_of(info.display_template, item) if info.display_template else ""
        return title or str(self.key)

    @on(LoadFailed)
    async def _load_failed(self, message: LoadFailed) -> None:
        body = self.query_one("#item-body")
        await body.remove_children()
        await body.mount(Static(message.message, classes="item-loading", markup=False))
        self.form = None
        self.title_text = str(self.key)
        self._show_status()
        self.refresh_bindings()

    # status line ------------------------------------------------------------------------------

    def heading(self) -> str:
        """The title line: collection and item (a nested form adds where it sits)."""
        return f"{self.info.name} / {self.title_text}"

    def back_label(self) -> str:
        """How a page opened from this one names the way back."""
        return f"{self.info.name} / {self.title_text}"

    def back_hint(self) -> str:
        """Where Escape goes, when that is not the browser and the heading does not say it
        already (a nested form's trail starts with the page below)."""
        stack = self.app.screen_stack
        if self not in stack:
            return ""
        index = stack.index(self)
        below = stack[index - 1] if index > 0 else None
        label = getattr(below, "back_label", None)
        text = label() if callable(label) else ""
        if not text:
            return ""
        heading = getattr(below, "heading", None)
        if callable(heading) and self.heading().startswith(heading() + TRAIL_SEPARATOR):
            return ""  # a nested form: its trail already names the page below
        return f"esc: back to {text}"

    def status_text(self, edited: list[str]) -> str:
        info = self.info
        if not info.editable:
            return f"Read-only: {info.not_editable_reason or 'this collection cannot be edited'}"
        if edited:
            return f"● {len(edited)} edited: {', '.join(edited)}"
        if self.creating:
            return "A new item: nothing is written until you save."
        return ""

    def _show_status(self) -> None:
        info = self.info
        heading = visible(self.heading())
        if heading != self._heading:
            self._heading = heading
            self.query_one("#item-title", Static).update(heading)
        back = visible(self.back_hint())
        if back != self._back:
            self._back = back
            self.query_one("#item-back", Static).update(back)
            self.query_one("#item-top").set_class(bool(back), "-back")
        status = self.query_one("#item-status", Static)
        edited = self.edited_labels()
        text = self.status_text(edited)
        if text != self._status_text:
            self._status_text = text
            status.update(text)
        status.set_class(bool(edited), "-edited")
        status.set_class(not info.editable, "-locked")

    @on(ItemForm.Edited)
    def _edited(self, event: ItemForm.Edited) -> None:
        event.stop()
        self._show_status()
        if self.dirty != self._was_dirty:  # revert's availability changed
            self._was_dirty = self.dirty
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        info = self.info
        if action in SAVES or action in ("revert", "delete", "duplicate"):
            if not info.editable:
                return False
            if self.form is None:
                return None
        if action == "save_new" and info.singleton:
            return False
        if action in ("save_next", "save_previous") and self.item_list is None:
            return False
        if action == "delete" and (info.singleton or self.creating):
            return False
        if action == "duplicate" and (info.singleton or self.creating):
            return False
        if action == "where_used":
            return not self.creating
        if action == "revert" and not self.dirty:
            return None
        return True

    # saving -----------------------------------------------------------------------------------

    def action_save(self) -> None:
        self._save(lambda key: self._leave())

    def action_save_stay(self) -> None:
        self._save(self._stay)

    def action_save_new(self) -> None:
        self._save(lambda key: self.load(None))

    def action_save_next(self) -> None:
        self._save(lambda key: self._move(key, 1))

    def action_save_previous(self) -> None:
        self._save(lambda key: self._move(key, -1))

    def _stay(self, key: Any) -> None:
        """Read the saved item again, with the cursor back in the field it was in."""
        form = self.form
        if form is not None:
            self._refocus = next(
                (name for name, row in form.rows.items() if row.has_focus_within), None
            )
        self.load(key)

    def _save(self, after: Callable[[Any], None]) -> None:
        """Check the form, then write its one payload; `after(key)` runs once it is written
        (at once when there is nothing to write)."""
        form = self.form
        if form is None or not self.info.editable or self._busy:
            return
        if self._refuse(form):
            return
        payload = form.state.payload()
        if not payload and not self.creating:
            after(self.key)
            return
        self._busy = True
        self._after_save = after
        self._write(payload)

    def _refuse(self, form: ItemForm, verb: str = "saved") -> bool:
        """Show every problem the form can find before the engine is asked; True if any."""
        problems = form.problems()
        if not problems:
            return False
        elsewhere = form.show_errors(problems)
        first = next((name for name in problems if form.shows(name)), None)
        if first is not None:
            form.focus_field(first)
        count = len(problems)
        summary = f"Not {verb}: {count} field{'s' if count > 1 else ''} to fix."
        self._tell(" ".join([summary, *elsewhere]), severity="error")
        return True

    @work(exclusive=True, group="item-write", exit_on_error=False)
    async def _write(self, payload: dict[str, Any]) -> None:
        items = self.session.items(self.collection)
        try:
            if self.creating:
                key = await items.create_one(payload)
            else:
                key = await items.update_one(self.key, payload)
        except StudioError as error:
            self.post_message(self.SaveFailed(error))
            return
        except Exception as error:  # a driver error the engine did not translate
            self.post_message(self.SaveFailed(StudioError(f"Not saved: {error}")))
            return
        self.post_message(self.Saved(key))

    @on(Saved)
    def _saved(self, message: Saved) -> None:
        self._busy = False
        after, self._after_save = self._after_save, None
        self._tell(f"Saved {self.info.name} item.")
        if self.form is not None:
            self.form.reset(self.form.state.values)  # written: nothing is edited any more
        self.key = message.key
        if after is not None:
            after(message.key)

    @on(SaveFailed)
    def _save_failed(self, message: SaveFailed) -> None:
        self._busy = False
        self._after_save = None
        error = message.error
        text = error.message
        if isinstance(error, InvalidValue) and error.path:
            where = ".".join(str(part) for part in error.path)
            text = f"{text} (in {where})"
        row = self.form.rows.get(error.field) if self.form is not None and error.field else None
        if row is not None:
            text = row.interface.explain_error(error) or text  # a list names the row it blames
        if self.form is not None and error.field:
            elsewhere = self.form.show_errors({error.field: text})
            if not elsewhere:
                self.form.focus_field(error.field)
                self._tell(f"Not saved: {text}", severity="error")
                return
        self._tell(f"Not saved: {text}", severity="error")

    # moving on --------------------------------------------------------------------------------

    def _move(self, key: Any, step: int) -> None:
        if self.item_list is None:
            self.load(key)
            return
        self._find_neighbour(key, step)

    @work(exclusive=True, group="item-move", exit_on_error=False)
    async def _find_neighbour(self, key: Any, step: int) -> None:
        assert self.item_list is not None
        try:
            found = await self.item_list.neighbour(key, step)
        except StudioError as error:
            self.post_message(self.Failed(error.message))
            self.post_message(self.Moved(key, step, False))
            return
        self.post_message(self.Moved(found if found is not None else key, step, found is not None))

    @on(Moved)
    def _moved(self, message: Moved) -> None:
        if not message.found:
            where = "last" if message.step > 0 else "first"
            self._tell(f"This is the {where} item of the list.")
        self.load(message.key)

    # revert, delete, duplicate ----------------------------------------------------------------

    def action_revert(self) -> None:
        if self.form is not None and self.form.state.dirty:
            self.form.reset()
            self._tell("Edits reverted.")

    def action_delete(self) -> None:
        if self.form is None or self.creating or self.info.singleton or not self.info.editable:
            return
        self._plan_delete()

    @work(exclusive=True, group="item-delete", exit_on_error=False)
    async def _plan_delete(self) -> None:
        from studio.ui.delete_consequences import delete_preview

        try:
            body = await delete_preview(self.session, self.collection, self.key, self.title_text)
        except StudioError as error:
            self.post_message(self.Failed(error.message))
            return
        self.post_message(self.DeletePlanned(body))

    @on(DeletePlanned)
    def _confirm_delete(self, message: DeletePlanned) -> None:
        body = message.body
        if self.dirty:
            body += "\nYour unsaved edits go with it."

        def answered(yes: bool | None) -> None:
            if yes:
                self._delete()

        title = escape(f"Delete {self.info.name} item")  # the modal's border title is markup
        self.app.push_screen(ConfirmScreen(visible(title), visible(body, multiline=True)), answered)

    @work(exclusive=True, group="item-delete", exit_on_error=False)
    async def _delete(self) -> None:
        try:
            await self.session.items(self.collection).delete_one(self.key)
        except StudioError as error:
            self.post_message(self.Failed(error.message))
            return
        self.post_message(self.Deleted())

    @on(Deleted)
    def _deleted(self) -> None:
        self._tell(f"Deleted {self.info.name} item “{self.title_text}”.")
        if self.form is not None:
            self.form.state.reset()
        self._leave()

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self._tell(message.message, severity="error")

    def action_duplicate(self) -> None:
        if self.form is None or self.creating or self.info.singleton:
            return
        values = duplicate_values(self.info, self.form.state.values)
        self.app.push_screen(
            ItemScreen(self.collection, None, item_list=self.item_list, prefill=values)
        )

    def _tell(self, message: str, severity: SeverityLevel = "information") -> None:
        """A notification; it may quote a value, so control characters are made visible."""
        self.notify(visible(message), severity=severity, markup=False)

    # coming back -------------------------------------------------------------------------------

    def on_screen_suspend(self) -> None:
        """Only a full screen above can change related items; a dialog (a question, help, the
        palette) cannot."""
        above = self.app.screen
        self._related_stale = above is not self and not isinstance(above, ModalScreen)

    def on_screen_resume(self) -> None:
        if not self._related_stale:
            return
        self._related_stale = False
        self.related_changed()

    def related_changed(self) -> None:
        """Back in view after a followed page, nested form or picker: read the title again and
        let every relational interface re-read what it shows."""
        if self.form is None:
            return
        if not self.creating:
            self._read_title(self.key)
        for row in self.form.rows.values():
            if row.interface.relational:
                row.interface.related_changed()

    @work(exclusive=True, group="item-title", exit_on_error=False)
    async def _read_title(self, key: Any) -> None:
        template = self.info.display_template
        if not template:
            return
        try:
            item = await self.session.items(self.collection).read_one(
                key, template_fields(template)
            )
        except StudioError:
            return  # the page keeps its title; a save or reload will say what is wrong
        if item is not None:
            self.post_message(self.Retitled(key, self._title(item)))

    @on(Retitled)
    def _retitled(self, message: Retitled) -> None:
        if message.key == self.key and message.title != self.title_text:
            self.title_text = message.title
            self._show_status()

    # where used ---------------------------------------------------------------------------------

    def action_where_used(self) -> None:
        if self.creating:
            return
        self.app.show_where_used(  # type: ignore[attr-defined]
            self.collection, self.key, self.title_text
        )

    # leaving ----------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.request_leave(self._leave)

    def request_leave(self, then: Callable[[], Any]) -> None:
        """Run `then` (which leaves this page) once the edits are saved or discarded; with
        no edits at once. App navigation calls this before taking the page away."""
        if not self.dirty:
            then()
            return

        def answered(choice: LeaveChoice | None) -> None:
            if choice == "save":
                self._save(lambda key: then())
            elif choice == "discard":
                if self.form is not None:
                    self.form.state.reset()
                then()

        what = visible(f"{self.info.name} / {self.title_text}")
        self.app.push_screen(self.unsaved_question(what), answered)

    def unsaved_question(self, what: str) -> UnsavedChangesScreen:
        return UnsavedChangesScreen(what, self.edited_labels())

    def _leave(self) -> None:
        if self.app.screen is self:
            self.dismiss()
