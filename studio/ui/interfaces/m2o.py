"""`select-dropdown-m2o`: one related item (M2O, and O2O: an M2O whose FK is unique).

Closed, the field is one focusable line: the related item's title through the template (the
field's `template` option, else the related collection's, else its key), marked "(new)" for an
item staged for creation and "(edited)" for staged edits. Enter (or typing) opens a search box
whose results come from the engine's typeahead (`ItemsService.suggest`: index range scans, fast
on a million rows); F6 browses the whole related table in the picker screen; F7 creates a new
related item and F4 edits the current one in a nested form; F3 opens the related item's page;
Delete clears (refused, with a message under the field, when a value is required).

Nothing here writes: every choice is reported in the engine's write format (a key, None, or an
object — without a key a new item, with one that item's edits), so the item page's one save
writes the parent and the related item in one transaction. An O2O offers only related items no
other parent has taken (one sub-select in the engine's filter).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from studio.engine.errors import StudioError
from studio.engine.schema import CollectionInfo
from studio.engine.templates import template_fields
from studio.ui.interfaces.base import Interface
from studio.ui.interfaces.m2o_value import (
    is_new,
    merged_for_title,
    pick_filter,
    related_key,
    staged_edits,
    with_edits,
)
from studio.ui.interfaces.values import visible
from studio.ui.related import related_template, title_of, title_paths
from studio.ui.widgets.typeahead import Suggestion, Typeahead

SUGGESTIONS = 10
EMPTY = "— no item"


class M2OCurrent(Widget, can_focus=True):
    """The closed field: the related item's title. Typing here starts a search."""

    DEFAULT_CSS = """
    M2OCurrent { height: 1; width: 1fr; background: $panel; }
    M2OCurrent:focus { background: $panel-lighten-1; }
    M2OCurrent.-readonly { background: transparent; }
    M2OCurrent.-readonly:focus { background: $panel-lighten-1; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"m2o--mark", "m2o--empty"}
    DEFAULT_CSS += """
    M2OCurrent > .m2o--mark { color: $warning; }
    M2OCurrent > .m2o--empty { color: $text-muted; }
    """

    class Typed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__()
        self.title = "…"
        self.mark = ""

    def show(self, title: str, mark: str = "") -> None:
        self.title = title
        self.mark = mark
        self.refresh()

    def render(self) -> Text:
        if not self.title:
            return Text(EMPTY, style=self.get_component_rich_style("m2o--empty"))
        text = Text(visible(self.title), no_wrap=True, overflow="ellipsis")
        if self.mark:
            text.append(f"  ({self.mark})", style=self.get_component_rich_style("m2o--mark"))
        return text

    def on_key(self, event: events.Key) -> None:
        if event.is_printable and event.character and event.key != "space":
            event.stop()
            event.prevent_default()
            self.post_message(self.Typed(event.character))

    def on_paste(self, event: events.Paste) -> None:
        event.stop()
        self.post_message(self.Typed(" ".join(event.text.split())))


class M2OInterface(Interface):
    interface_ids = ("select-dropdown-m2o",)
    relational = True
    relation_kinds = frozenset({"m2o", "o2o"})

    DEFAULT_CSS = """
    M2OInterface.-typing M2OCurrent { display: none; }
    M2OInterface .m2o-message { color: $error; display: none; }
    M2OInterface.-message .m2o-message { display: block; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "search", "Search", id="m2o.search"),
        Binding("down", "search", "Results", show=False, id="m2o.results"),
        Binding("f6", "browse", "Browse", id="m2o.browse"),
        Binding("f7", "create", "New", id="m2o.new"),
        Binding("f4", "edit", "Edit", id="m2o.edit"),
        Binding("f3", "follow", "Open", id="m2o.open"),
        Binding("delete,backspace", "clear", "Clear", id="m2o.clear"),
    ]

    class TitleRead(Message):
        def __init__(self, value: Any, title: str, mark: str) -> None:
            super().__init__()
            self.value = value
            self.title = title
            self.mark = mark

    def compose(self) -> ComposeResult:
        yield M2OCurrent()
        hints = ["no match"]
        if self._option("enableCreate"):
            hints.append("F7 creates a new one")
        hints.append("F6 browses all")
        yield Typeahead(
            self._suggest,
            placeholder=f"search {self._related_info.name}" if self._usable else "",
            empty_hint=" · ".join(hints),
        )
        yield Static("", classes="m2o-message", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.show_value(self.value)

    # what the field points at ----------------------------------------------------------------

    @property
    def _usable(self) -> bool:
        relation = self.context.relation
        return (
            relation is not None
            and self.context.session is not None
            and relation.related_collection in self.context.session.overview.collections
        )

    # A related item created here with a key typed by the user (a language's code): the value
    # holds its key, yet it does not exist until the parent is saved.
    _created: dict[str, Any] | None = None

    def _is_new(self, value: Any) -> bool:
        if is_new(value, self._key_field):
            return True
        return isinstance(value, Mapping) and self._created is not None and value == self._created

    @property
    def _related(self) -> str:
        assert self.context.relation is not None
        return self.context.relation.related_collection or ""

    @property
    def _related_info(self) -> CollectionInfo:
        assert self.context.session is not None
        return self.context.session.overview.collection(self._related)

    @property
    def _key_field(self) -> str:
        return str(self._related_info.primary_key)

    @property
    def _template(self) -> str:
        assert self.context.session is not None
        overview = self.context.session.overview
        return related_template(overview, self._related, self.options.get("template"))

    def _filter(self) -> dict[str, Any] | None:
        assert self.context.session is not None and self.context.relation is not None
        overview = self.context.session.overview
        relation = self.context.relation
        return pick_filter(overview, relation, self.context.key, self.selectable_filter())

    def _option(self, name: str) -> bool:
        return self.options.get(name) is not False  # Directus's enableCreate / enableSelect

    # showing the value -----------------------------------------------------------------------

    def show_value(self, value: Any) -> None:
        self._say("")
        self._close_typeahead()
        if not self._usable:
            shown = "(relation not set up)" if value is None else str(value)
            self.query_one(M2OCurrent).show(shown)
            return
        if value is None:
            self.query_one(M2OCurrent).show("")
            return
        if self._is_new(value):
            edits = staged_edits(value, self._key_field)
            title = title_of(self._template, edits) or "new item"
            self.query_one(M2OCurrent).show(title, "new")
            return
        self._read_title(value)

    def related_changed(self) -> None:
        """Back from the related item's page (or a nested form): its title may have changed."""
        if self.is_mounted and not self.query_one(Typeahead).is_open:
            self.show_value(self.value)

    @work(exclusive=True, group="m2o-title", exit_on_error=False)
    async def _read_title(self, value: Any) -> None:
        assert self.context.session is not None
        key = related_key(value, self._key_field)
        edits = staged_edits(value, self._key_field)
        paths = title_paths(self._template, self._key_field)
        try:
            found = await self.context.session.items(self._related).read_by_keys([key], paths)
        except StudioError as error:
            self.post_message(self.TitleRead(value, f"{key} (cannot read: {error.message})", ""))
            return
        if not found:
            missing = f"{key} (missing in {self._related_info.name})"
            self.post_message(self.TitleRead(value, missing, ""))
            return
        item = merged_for_title(found[0], edits)
        title = title_of(self._template, item, self._key_field) or str(key)
        self.post_message(self.TitleRead(value, title, "edited" if edits else ""))

    @on(TitleRead)
    def _title_read(self, message: TitleRead) -> None:
        message.stop()
        if message.value == self.value:
            self.query_one(M2OCurrent).show(message.title, message.mark)

    def _say(self, text: str) -> None:
        """A message under the field (a refused clear, a key that cannot act now)."""
        self.query_one(".m2o-message", Static).update(visible(text))
        self.set_class(bool(text), "-message")

    def _choose(self, value: Any, title: str | None = None, mark: str = "") -> None:
        """The user picked a value: report it and show it."""
        self._say("")
        self.report(value)
        if title is not None:
            self.query_one(M2OCurrent).show(title, mark)
        else:
            self.show_value(value)

    def _pick(self, key: Any, title: str) -> None:
        """An existing item was picked (typeahead or browse). Picking the item already chosen
        keeps the edits staged for it with F4; only picking another one lets them go."""
        current = self.value
        kept = isinstance(current, Mapping) and not self._is_new(current)
        if kept and related_key(current, self._key_field) == key:
            self._say("")
            self.show_value(current)
            return
        self._choose(key, title)

    # readonly ---------------------------------------------------------------------------------

    def apply_readonly(self, readonly: bool) -> None:
        """Read-only still lets the cursor in, to open (F3) the related item."""
        self.query_one(M2OCurrent).set_class(readonly, "-readonly")
        if readonly:
            self._close_typeahead()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("search", "browse", "create", "edit", "clear"):
            if self.readonly or not self._usable:
                return False
            if action in ("search", "browse") and not self._option("enableSelect"):
                return False
            if action == "create" and not self._option("enableCreate"):
                return False
        return True

    def focus_target(self) -> Widget | None:
        return self.query_one(M2OCurrent)

    # typeahead --------------------------------------------------------------------------------

    @on(M2OCurrent.Typed)
    def _typed(self, message: M2OCurrent.Typed) -> None:
        message.stop()
        if self.check_action("search", ()):
            self._open(message.text)

    def action_search(self) -> None:
        self._open("")

    def _open(self, text: str) -> None:
        self._say("")
        self.add_class("-typing")
        self.query_one(Typeahead).open(text)

    async def _suggest(self, text: str) -> Sequence[Suggestion]:
        assert self.context.session is not None
        key_field = self._key_field
        template = self._template
        match = [path for path in template_fields(template) if "." not in path]
        items = await self.context.session.items(self._related).suggest(
            text,
            match,
            fields=title_paths(template, key_field),
            filter=self._filter(),
            limit=SUGGESTIONS,
        )
        return [Suggestion(item[key_field], title_of(template, item, key_field)) for item in items]

    @on(Typeahead.Picked)
    def _picked(self, message: Typeahead.Picked) -> None:
        message.stop()
        self.remove_class("-typing")
        self.query_one(M2OCurrent).focus()
        self._pick(message.suggestion.key, message.suggestion.title)

    @on(Typeahead.Closed)
    def _closed(self, message: Typeahead.Closed) -> None:
        message.stop()
        self.remove_class("-typing")
        if message.escaped:
            self.query_one(M2OCurrent).focus()

    def _typed_text(self) -> str:
        """What is in the search box (closing it), to carry into the picker or a new item."""
        typeahead = self.query_one(Typeahead)
        if not typeahead.is_open:
            return ""
        text = typeahead.text.strip()
        self._close_typeahead()
        return text

    def _close_typeahead(self) -> None:
        """Close the search box without a pick; the cursor, if it was there, goes back to the
        closed field (a hidden box would otherwise keep it)."""
        typeahead = self.query_one(Typeahead)
        inside = typeahead.has_focus_within
        typeahead.close(announce=False)
        self.remove_class("-typing")
        if inside:
            self.query_one(M2OCurrent).focus()

    # browse, create, edit, follow, clear -----------------------------------------------------

    def action_browse(self) -> None:
        from studio.ui.screens.picker import Picked, PickerScreen

        def picked(chosen: list[Picked] | None) -> None:
            if chosen:
                self._pick(chosen[0].key, chosen[0].title)
                if self._template != self._related_info.display_template:
                    self.show_value(self.value)  # the picker titles with the collection's

        title = f"Pick {self._related_info.name} for {self.field.name}"
        screen = PickerScreen(
            self._related, title=title, restrict=self._filter(), search=self._typed_text()
        )
        self.app.push_screen(screen, picked)

    def action_create(self) -> None:
        typed = self._typed_text()
        prefill = None
        first = next(iter(template_fields(self._template)), "")
        info = self._related_info.fields.get(first)
        if typed and info is not None and not info.is_alias and info.type in ("string", "text"):
            prefill = {first: typed}
        self._nested(None, prefill)

    def action_edit(self) -> None:
        self._typed_text()
        value = self.value
        if value is None:
            self._say("Nothing to edit: pick an item (Enter, F6) or create one (F7).")
            return
        if self._is_new(value):
            self._nested(None, staged_edits(value, self._key_field))
            return
        key = related_key(value, self._key_field)
        self._nested(key, staged_edits(value, self._key_field) or None)

    def _nested(self, key: Any, staged: dict[str, Any] | None) -> None:
        from studio.ui.screens.nested_item import NestedItemScreen, Staged

        def done(result: Staged | None) -> None:
            if result is None:
                self.related_changed()
                return
            if key is None:
                title = title_of(self._template, result.values) or result.title
                self._created = dict(result.values)
                self._choose(dict(result.values), title, "new")
            else:
                self._choose(with_edits(key, result.values, self._key_field))

        screen = NestedItemScreen(self._related, key, trail=self.trail(), staged=staged)
        self.app.push_screen(screen, done)

    def action_follow(self) -> None:
        self._typed_text()
        value = self.value
        if value is None or not self._usable:
            self._say("No related item to open.")
            return
        if self._is_new(value):
            self._say("This item is not created yet: it is written when you save. F4 edits it.")
            return
        self._say("")
        self.app.open_item(self._related, related_key(value, self._key_field))  # type: ignore[attr-defined]

    def action_clear(self) -> None:
        if self.value is None:
            return
        if self._required():
            self._say(f"{self.field.name} needs a value: pick another item instead (Enter, F6).")
            self.app.bell()
            return
        self._choose(None)

    def _required(self) -> bool:
        row = self.parent
        marked = row is not None and row.has_class("-required")  # a condition may require it
        return self.field.required or not self.field.nullable or marked
