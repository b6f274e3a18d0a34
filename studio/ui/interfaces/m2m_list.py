"""The M2M list without its grid mode: the items linked through a junction, a page at a time.

The list is the O2M list over the JUNCTION's rows (`m2m_reads.JunctionSource`): paging, the
staged change-set, undo and reordering (with the junction's sort field) are the O2M machinery's,
unchanged. A row is named by a template that mixes the related item with the link's own
"context" fields ("eggs — 3"); the search reaches the related item's text. What the keys do is
said in terms of links:

- F6 picks existing related items (several at once; those already linked are left out unless the
  field allows duplicates, and so is the item itself when the `filter` option says so); each
  becomes a new junction row `{related_field: key}`.
- F7 opens the link form (`screens/link_item.py`): a new related item and the link's context
  fields in one form; Enter/F4 the same for an existing link (its related item and its context).
- Delete/F8 removes the link: the junction row is deleted or emptied per the relation's deselect
  action, never the related item. F3 opens the related item's page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from textual import on, work
from textual.message import Message

from studio.engine.errors import StudioError
from studio.engine.relations import RelationKind
from studio.ui.interfaces.m2m_links import LinkList
from studio.ui.interfaces.o2m import O2MInterface
from studio.ui.interfaces.o2m_list import option
from studio.ui.m2m_reads import JunctionSource, junction_source, link_title, read_related
from studio.ui.o2m_reads import ChildSource
from studio.ui.o2m_staging import CHANGE_KEYS, Mark, NewId, RowId
from studio.ui.related import title_of
from studio.ui.widgets.child_list import ChildList, Line


class M2MList(O2MInterface):
    """The links as a list; `m2m.M2MInterface` adds the grid."""

    class _RelatedRead(Message):
        """Related items read to name staged links (picked ones, or a change-set given back)."""

        def __init__(self, rows: list[dict[str, Any]], then: Callable[[], None]) -> None:
            super().__init__()
            self.rows, self.then = rows, then

    def _setup(self) -> None:
        self._related: dict[Any, dict[str, Any]] = {}  # related items read, by key
        super()._setup()

    def _source(self) -> ChildSource | None:
        relation, session = self.context.relation, self.context.session
        assert relation is not None and session is not None
        collections = session.overview.collections
        if (
            relation.kind != RelationKind.M2M
            or relation.junction_collection not in collections
            or relation.related_collection not in collections
            or not relation.junction_related_field
        ):
            return None
        return junction_source(
            session.overview,
            self.context.collection,
            self.field.field,
            self.context.key,
            self.options.get("template"),
            self.context.dialect,
        )

    @property
    def junction(self) -> JunctionSource:
        assert isinstance(self.source, JunctionSource)
        return self.source

    def _single(self) -> bool:
        return False

    def _list_widget(self) -> ChildList:
        return LinkList(self._allowed, empty=self._empty_text(), id="o2m-list")

    def _start(self) -> None:
        """A change-set given back (a form re-opened): the items its new links point at are read
        for their titles first (one read), then it is staged as the O2M list stages one."""
        value = self.value
        if isinstance(value, Mapping) and value and set(value) <= set(CHANGE_KEYS):
            towards = self.junction.related_field
            keys = [
                entry.get(towards)
                for entry in value.get("create") or ()
                if isinstance(entry, Mapping) and not isinstance(entry.get(towards), Mapping)
            ]
            if any(key is not None for key in keys):
                self._read_related(keys, super()._start)
                return
        super()._start()

    # naming ------------------------------------------------------------------------------------

    def _related_key(self, row: RowId) -> Any:
        """The key of the item `row` links to (None: a new item, or the link points nowhere)."""
        towards = self.junction.related_field
        staged = (self.staging.staged(row) or {}).get(towards)
        if isinstance(staged, Mapping):
            key = staged.get(self.junction.related_pk)
            if key is not None or isinstance(row, NewId):
                return key
        elif staged is not None:
            return staged
        return self.junction.related_key(self.window.items.get(row))

    def _links_existing(self, row: RowId) -> bool:
        """A staged new link to an item that exists (picked), not a new item."""
        return isinstance(row, NewId) and self._related_key(row) is not None

    def _related_title(self, row: RowId) -> str:
        """The related item alone, as the related collection names it."""
        assert self.context.session is not None
        source = self.junction
        key = self._related_key(row)
        staged = (self.staging.staged(row) or {}).get(source.related_field)
        item = dict(self._related.get(key, {}))
        read = self.window.items.get(row, {}).get(source.related_field)
        if isinstance(read, Mapping):
            item.update(read)
        if isinstance(staged, Mapping):
            item.update(staged)
        info = self.context.session.overview.collection(source.related_collection)
        template = info.display_template or "{{" + source.related_pk + "}}"
        return title_of(template, item, source.related_pk) or "the item"

    def _title(self, row: RowId) -> str:
        title = super()._title(row)
        item = self.window.items.get(row)
        if isinstance(row, NewId) or item is None or self.staging.staged(row):
            return title
        if self.junction.related_key(item) is None:
            return f"(links no item) {title}" if title != str(row) else "(links no item)"
        return title

    def _staged_title(self, row: RowId, values: Mapping[str, Any] | None, base: Any) -> str:
        assert self.context.session is not None
        overview = self.context.session.overview
        title = link_title(overview, self.junction, base, values, self._related)
        return title or str(row)

    def _line(self, row: RowId, position: int | None) -> Line:
        line = super()._line(row, position)
        if self._links_existing(row):
            return replace(line, mark=line.mark.replace("+ new", "+ added"))
        return line

    def _removed_text(self) -> str:
        return "✕ link removed"

    def _mark_word(self, mark: Mark) -> str:
        return "link removed" if mark == Mark.REMOVED else mark.value

    def _staged_words(self) -> list[str]:
        """Links to existing items are counted apart from new items: "2 added, 1 new"."""
        counts = self.staging.counts()
        added = sum(1 for row in self.staging.new if self._links_existing(row))
        new = counts.pop(Mark.NEW, 0) - added
        words = [f"{added} added"] if added else []
        words += [f"{new} new"] if new else []
        for mark, count in counts.items():
            if mark == Mark.REMOVED:
                words.append(f"{count} link{'s' if count != 1 else ''} removed")
            else:
                words.append(f"{count} {mark.value}")
        return words

    def _effect(self) -> str:
        return "link removed"

    def _row_hint(self) -> str:
        """What the cursor row's staged change does, in words about links."""
        if self.source is None or not self._rows_focused():
            return ""
        row = self.window.current()
        if row is None or not self.staging.marks(row):
            return ""
        if row in self.staging.removed:
            name = self._related_title(row)
            return f"link removed when saved; {name} itself stays · u undoes"
        words = []
        for mark in self.staging.marks(row):
            if mark == Mark.NEW:
                words.append("added" if self._links_existing(row) else "new item")
            else:
                words.append(mark.value)
        return f"{', '.join(words)} · u undoes"

    def explain_error(self, error: StudioError) -> str | None:
        """A save refused inside a link (a new ingredient's name already taken): the message
        names the link's item instead of its place in the change-set, and the cursor goes to
        that row."""
        row = self._blamed(error)
        if row is None:
            return None
        index = getattr(error, "path", ())[1]
        text = error.message.removeprefix(f"{self.field.name}, item {index + 1}: ")
        towards = self._towards_name()
        if towards:
            text = text.removeprefix(f"{towards}: ")
        index_of = self.window.index_of(row)
        if index_of is not None:
            self.window.move_cursor(index_of)
            self._request()
        return f"{self._related_title(row)}: {text}"

    def _towards_name(self) -> str | None:
        """The name of the junction's field towards the related items ("Ingredients ID")."""
        if self.source is None or self.context.session is None:
            return None
        junction = self.context.session.overview.collection(self.junction.collection)
        field = junction.fields.get(self.junction.related_field)
        return field.name if field is not None else None

    def _blamed(self, error: StudioError) -> RowId | None:
        """The staged row a change-set error points at (`path` = (field, index, ...), its
        index counted in `change`'s list), or None."""
        path = getattr(error, "path", ())
        change = getattr(error, "change", None)
        if self.source is None or len(path) < 2 or not isinstance(path[1], int):
            return None
        index = path[1]
        if change == "create":
            created = [row for row in self.staging.extras if isinstance(row, NewId)]
            return created[index] if index < len(created) else None
        if change == "update":
            updates = (self.staging.change_set() or {}).get("update") or []
            return updates[index].get(self.junction.pk) if index < len(updates) else None
        return None

    # keys --------------------------------------------------------------------------------------

    def _allowed(self, name: str) -> bool | None:
        """One removal key ("unlink", named Remove link) whatever the deselect action."""
        if name in ("unlink", "delete"):
            if self.source is None or self.readonly:
                return False
            return name == "unlink"
        return super()._allowed(name)

    def _do_open(self, _: Any = None) -> None:
        """F3 follows the link to the related item's page (not the junction row)."""
        row = self.window.current()
        if row is None:
            return
        key = self._related_key(row)
        if key is None:
            if isinstance(row, NewId):
                self._say("A new item has no page until this item is saved.")
            else:
                self._say("This link points at no item.", error=True)
            return
        self.app.open_item(self.junction.related_collection, key)  # type: ignore[attr-defined]

    # remove ------------------------------------------------------------------------------------

    def _refusal(self, row: RowId) -> str:
        return (
            f"Cannot remove the link to “{self._related_title(row)}”: the link's "
            f"{self.fk_field.name} cannot be empty. Change the relation's deselect action to "
            "delete."
        )

    def _remove(self) -> None:
        row = self.window.current()
        if row is None:
            return
        if self._is_child(row) and self._unlink_refused and row not in self.staging.removed:
            self._say(self._refusal(row), error=True)
            return
        name = self._related_title(row)
        outcome = self.staging.remove(row)
        if outcome == Mark.REMOVED:
            self._say(f"Link to “{name}” removed when you save; {name} itself stays · u undoes")
        elif outcome == Mark.NEW:
            self._say(f"Dropped the new link to “{name}”.")
        self._changed(row if outcome == Mark.REMOVED else None)

    # the link form -----------------------------------------------------------------------------

    def _link_form(
        self,
        row: RowId | None,
        staged: Mapping[str, Any] | None,
        then: Callable[[Any], None],
    ) -> None:
        from studio.ui.screens.link_item import LinkItemScreen

        assert self.context.relation is not None
        source = self.junction
        staged = dict(staged or {})
        towards = staged.pop(source.related_field, None)
        related_key = None if row is None else self._related_key(row)
        related_staged: dict[str, Any] | None = None
        if isinstance(towards, Mapping):
            related_staged = {k: v for k, v in towards.items() if k != source.related_pk}
        location = self.options.get("junctionFieldLocation")
        screen = LinkItemScreen(
            source.related_collection,
            related_key,
            trail=self.trail(),
            staged=related_staged,
            junction=source.collection,
            junction_key=None if row is None or isinstance(row, NewId) else row,
            related_field=source.related_field,
            context=source.context,
            context_staged=staged,
            context_on_top=location == "top",
            hidden=(back,) if (back := self.context.relation.related_field) else (),
        )
        self.app.push_screen(screen, then)

    def _do_new(self, _: Any = None) -> None:
        def created(result: Any) -> None:
            if result is None:
                return
            row = self.staging.create(result.values)
            self.staging.titles[row] = self._staged_title(row, result.values, None)
            self._changed(row)

        self._link_form(None, None, created)

    def _do_edit(self, _: Any = None) -> None:
        row = self.window.current()
        if row is None:
            return
        if row in self.staging.removed:
            self._say("This link is removed: u undoes the removal before editing.", error=True)
            return

        def edited(result: Any) -> None:
            if result is None:
                return
            base = None if isinstance(row, NewId) else self.window.items.get(row)
            self.staging.edit(row, result.values)
            if result.values or isinstance(row, NewId):
                self.staging.titles[row] = self._staged_title(row, result.values, base)
            self._changed(row)

        self._link_form(row, self.staging.staged(row), edited)

    # add existing ------------------------------------------------------------------------------

    def _do_add(self, _: Any = None) -> None:
        from studio.ui.screens.picker import PickerScreen

        source = self.junction
        rules: list[dict[str, Any]] = []
        if not option(self.options, "allowDuplicates", False):
            if source.parent_key is not None:
                linked = f"$FOLLOW({source.collection}, {source.related_field})"
                rules.append({linked: {"_none": {source.fk: {"_eq": source.parent_key}}}})
            staged = [self._related_key(row) for row in self.staging.new]
            staged = [key for key in staged if key is not None]
            if staged:
                rules.append({source.related_pk: {"_nin": staged}})
        selectable = self.selectable_filter()
        if selectable:
            rules.append(selectable)
        restrict = rules[0] if len(rules) == 1 else ({"_and": rules} if rules else None)
        picker = PickerScreen(
            source.related_collection,
            title=f"Add to {self.trail()}",
            multiple=True,
            restrict=restrict,
        )

        def picked(result: Any) -> None:
            if result:
                keys = [p.key for p in result]
                self._read_related(keys, lambda: self._link(keys))

        self.app.push_screen(picker, picked)

    @work(exclusive=True, group="m2m-related", exit_on_error=False)
    async def _read_related(self, keys: list[Any], then: Callable[[], None]) -> None:
        """Read the items, then go on (`then`): after a failed read too, with none read, so a
        change-set given back is still staged (its new links named by their keys)."""
        try:
            rows = await read_related(self.context.session, self.junction, keys)
        except StudioError as error:
            self.post_message(self._ReadFailed(error.message))
            rows = []
        self.post_message(self._RelatedRead(rows, then))

    @on(_RelatedRead)
    def _related_read(self, message: _RelatedRead) -> None:
        pk = self.junction.related_pk
        self._related.update({row[pk]: row for row in message.rows})
        message.then()

    def _link(self, keys: list[Any]) -> None:
        """New junction rows for the picked items, in the order picked; an item gone
        meanwhile is left out."""
        source = self.junction
        first = None
        linked = 0
        for key in keys:
            if key not in self._related:
                continue
            values = {source.related_field: key}
            row = self.staging.create(values)
            self.staging.titles[row] = self._staged_title(row, values, None)
            first = row if first is None else first
            linked += 1
        if linked:
            self._say(f"Added {linked} link{'s' if linked != 1 else ''} (written when you save).")
        self._changed(first)
        self._draw()
