"""The link form: a related item and the link's own fields in one nested form (an M2M's F7, F4).

A link is a junction row: the related item it points at (an ingredient) and its "context" fields
(the quantity). The form shows both, each part under its heading, the context fields below the
related item's (or above, per the field's `junctionFieldLocation` option), in one scroll, so Tab
walks through both. Like every nested form it writes nothing: Done (ctrl+s) checks both parts as a
save would and hands back the link in the junction's write format (`Staged.values`):

- a new related item: `{<context>: …, <related_field>: {its values}}`;
- a new link to an existing item: `{<context>: …, <related_field>: key}` (or `{pk: key, …edits}`);
- an existing link: its changed context fields, plus `<related_field>: {pk: key, …edits}` only
  when the related item was edited.

Leaving with edits in either part asks Keep / Discard / Stay.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from textual import on, work
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from studio.engine.errors import StudioError
from studio.engine.relations import RelationKind
from studio.engine.schema import CollectionInfo, FieldInfo
from studio.ui.form.form import ItemForm
from studio.ui.form.layout import build_layout, field_nodes
from studio.ui.form.state import FormState, default_values
from studio.ui.interfaces import InterfaceContext
from studio.ui.interfaces.values import visible
from studio.ui.related import title_of
from studio.ui.screens.nested_item import NestedItemScreen, Staged


class LinkItemScreen(NestedItemScreen):
    """`key`: the related item (None: a new one); `junction_key`: the link (None: a new one);
    `staged` and `context_staged` re-open what was kept earlier for each part."""

    DEFAULT_CSS = """
    LinkItemScreen #item-body { height: 1fr; }
    LinkItemScreen #item-body > ItemForm { height: auto; overflow-y: hidden; }
    LinkItemScreen .link-part {
        height: 1; margin: 1 1 0 1; border-top: solid $primary-muted;
        border-title-color: $text-muted; border-title-style: bold;
    }
    LinkItemScreen .link-part.-first { margin: 0 1; }
    """

    class _LinkRead(Message):
        def __init__(self, values: dict[str, Any] | None, error: str | None = None) -> None:
            super().__init__()
            self.values, self.error = values, error

    def __init__(
        self,
        collection: str,
        key: Any = None,
        *,
        trail: str,
        staged: Mapping[str, Any] | None = None,
        junction: str,
        junction_key: Any = None,
        related_field: str,
        context: Sequence[str] = (),
        context_staged: Mapping[str, Any] | None = None,
        context_on_top: bool = False,
        hidden: Collection[str] = (),
    ) -> None:
        super().__init__(collection, key, trail=trail, staged=staged, hidden=hidden)
        self.related_key = key
        self.junction = junction
        self.junction_key = junction_key
        self.related_field = related_field
        self.context = tuple(context)
        self.context_staged = dict(context_staged or {})
        self.context_on_top = context_on_top
        self.context_form: ItemForm | None = None
        self._link: dict[str, Any] | None = None  # the link's values as read (or defaults)
        self._context_opened: dict[str, Any] = {}

    @property
    def junction_info(self) -> CollectionInfo:
        return self.session.overview.collection(self.junction)

    def _body(self) -> Widget:
        return VerticalScroll(id="item-body")

    # reading: the link first, then the related item -------------------------------------------

    def load(self, key: Any, *, prefill: Mapping[str, Any] | None = None) -> None:
        if self._link is None and self.context:
            self.key = key
            self.form = None
            self.prefill = dict(prefill) if prefill else None
            self._read_link()
            return
        super().load(key, prefill=prefill)

    @work(exclusive=True, group="link-read", exit_on_error=False)
    async def _read_link(self) -> None:
        info = self.junction_info
        if self.junction_key is None:
            self.post_message(self._LinkRead(default_values(info, self.session.db.dialect)))
            return
        try:
            row = await self.session.items(self.junction).read_one(
                self.junction_key, list(self.context)
            )
        except StudioError as error:
            self.post_message(self._LinkRead(None, error.message))
            return
        self.post_message(self._LinkRead(dict(row or {})))

    @on(_LinkRead)
    def _link_read(self, message: _LinkRead) -> None:
        if message.values is None:
            self.post_message(self.LoadFailed(message.error or "Cannot read the link."))
            return
        self._link = message.values
        self.load(self.key, prefill=self.prefill)

    # the two parts ----------------------------------------------------------------------------

    def form_ready(self, form: ItemForm) -> None:
        super().form_ready(form)
        if not self.context:
            return
        info = self.junction_info
        names = set(self.context)
        nodes = build_layout(info, lambda field: field.field in names)
        state = FormState(
            info,
            field_nodes(nodes),
            self._link or {},
            creating=self.junction_key is None,
            editable=info.editable,
            prefilled=self.context_staged,
        )
        context = ItemForm(
            self.session.overview, nodes, state, self._context_interface, id="link-form"
        )
        self.context_form = context
        self._context_opened = dict(state.values)
        related = _heading(self.info.name)
        own = _heading("Link fields")
        body = self.query_one("#item-body")
        if self.context_on_top:
            own.add_class("-first")
            body.mount(own, context, related, before=form)
            self.call_after_refresh(self._focus_top)
        else:
            related.add_class("-first")
            body.mount(related, before=form)
            body.mount(own, context)

    def _focus_top(self) -> None:
        if self.context_form is not None and self.info.editable:
            self.context_form.focus_first()
        self.query_one("#item-body", VerticalScroll).scroll_home(animate=False, immediate=True)

    def _context_interface(self, field: FieldInfo) -> InterfaceContext:
        relation = self.session.overview.relation_info(field.collection, field.field)
        return InterfaceContext(
            collection=self.junction,
            key=self.junction_key,
            relation=relation if relation.kind != RelationKind.NONE else None,
            session=self.session,
            dialect=self.session.db.dialect,
        )

    def _forms(self) -> list[ItemForm]:
        """Both parts, in the order they are shown."""
        forms = [form for form in (self.form, self.context_form) if form is not None]
        return forms[::-1] if self.context_on_top else forms

    # edits ------------------------------------------------------------------------------------

    @property
    def dirty(self) -> bool:
        context = self.context_form
        if context is not None and (
            context.state.input_errors or context.state.values != self._context_opened
        ):
            return True
        return super().dirty

    def edited_labels(self) -> list[str]:
        labels = super().edited_labels()
        context = self.context_form
        if context is not None:
            fields = context.state.fields
            labels += [visible(fields[name].name) for name in context.state.edited()]
        return labels

    def action_revert(self) -> None:
        reverted = [form for form in self._forms() if form.state.dirty]
        for form in reverted:
            form.reset()
        if reverted:
            self._tell("Edits reverted.")

    # done -------------------------------------------------------------------------------------

    def _save(self, after: Callable[[Any], None]) -> None:
        """Check both parts, then hand back the link; nothing is written."""
        if self.form is None or (self.context and self.context_form is None):
            return
        if self._refuse_link():
            return
        values = self.link_values()
        title = title_of(self.info.display_template or "", self.form.state.values)
        if self.app.screen is self:
            self.dismiss(Staged(values, title or self.title_text))
        after(self.key)

    def _refuse_link(self) -> bool:
        """Every problem of both parts at once; the cursor goes to the first one shown."""
        found: list[tuple[ItemForm, dict[str, str]]] = []
        for form in self._forms():
            problems = form.problems() if form.state.editable else {}
            if problems:
                found.append((form, problems))
        if not found:
            return False
        elsewhere: list[str] = []
        for form, problems in found:
            elsewhere += form.show_errors(problems)
        for form, problems in found:
            first = next((name for name in problems if form.shows(name)), None)
            if first is not None and form.focus_field(first):
                break
        count = sum(len(problems) for _, problems in found)
        summary = f"Not done: {count} field{'s' if count > 1 else ''} to fix."
        self._tell(" ".join([summary, *elsewhere]), severity="error")
        return True

    def link_values(self) -> dict[str, Any]:
        """The link in the junction's write format (see the module's docstring)."""
        assert self.form is not None
        related = self.form.state.payload()
        for name in self.hidden:
            related.pop(name, None)
        link = self.context_form.state.payload() if self.context_form is not None else {}
        key_field = str(self.info.primary_key)
        if self.related_key is None:
            link[self.related_field] = related
        elif related:
            link[self.related_field] = {key_field: self.related_key, **related}
        elif self.junction_key is None:
            link[self.related_field] = self.related_key
        return link


def _heading(text: str) -> Static:
    """A part's heading: a rule with its name in it."""
    heading = Static("", classes="link-part", markup=False)
    heading.border_title = Content(visible(text))
    return heading
