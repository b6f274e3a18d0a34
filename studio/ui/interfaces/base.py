"""The contract every field interface keeps, so the item form can hold any of them.

An interface is built from the field (`FieldInfo`), its options (already merged with whatever a
matching condition overrides) and the current value. It shows the value, and on every edit posts
`Interface.Changed` with the new value in the engine's write format, or with `error` set when what
was typed cannot become a value yet (the form shows the message next to the field and refuses to
save until it is fixed). The form never reads an interface's widgets; it only listens.

The form talks back through three calls: `set_value` (revert, reload after a save),
`set_readonly` and `set_options` (a condition started or stopped matching).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from textual.message import Message
from textual.widget import Widget

from studio.engine.errors import StudioError
from studio.engine.schema import FieldInfo, thaw

if TYPE_CHECKING:
    from studio.engine.relations import RelationInfo
    from studio.ui.session import Session


TRAIL_SEPARATOR = " \u203a "  # between the levels of a breadcrumb


@dataclass(frozen=True)
class InterfaceContext:
    """Where the field lives: which item (None while creating), the field's relation, and the
    session, for interfaces that read related items themselves. `language` is the language a
    translations field opens on when the page was opened for one (a coverage matrix cell)."""

    collection: str
    key: Any = None
    relation: RelationInfo | None = None
    session: Session | None = None
    dialect: str | None = None
    language: Any = None

    @property
    def creating(self) -> bool:
        return self.key is None


class Interface(Widget):
    """Base of every interface; a subclass composes its widgets and calls `report`."""

    DEFAULT_CSS = """
    Interface { height: auto; width: 1fr; }
    """

    # The id(s) the registry files this class under (the first is its own).
    interface_ids: ClassVar[tuple[str, ...]] = ()
    # True for interfaces that edit a relation; others never replace a relational field.
    relational: ClassVar[bool] = False
    # The relation kinds a relational interface edits (empty: any).
    relation_kinds: ClassVar[frozenset[str]] = frozenset()

    class Changed(Message):
        """An edit. `value` is in the engine's write format; when `error` is set, what was
        typed is not a value yet and `value` is the last good one."""

        def __init__(self, interface: Interface, value: Any, error: str | None = None) -> None:
            super().__init__()
            self.interface = interface
            self.value = value
            self.error = error

        @property
        def field(self) -> str:
            return self.interface.field.field

        @property
        def control(self) -> Interface:
            return self.interface

    def __init__(
        self,
        field: FieldInfo,
        options: Mapping[str, Any] | None,
        value: Any,
        context: InterfaceContext,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.field = field
        self.options: dict[str, Any] = thaw(options) if options else {}
        self.value = value
        self.context = context
        self.readonly = False

    @classmethod
    def edits(cls, relation_kind: str) -> bool:
        return not cls.relation_kinds or relation_kind in cls.relation_kinds

    # form → interface ---------------------------------------------------------------------

    def set_value(self, value: Any) -> None:
        """Show `value` (a revert or a reload); posts nothing."""
        self.value = value
        if self.is_mounted:
            self.show_value(value)

    def set_readonly(self, readonly: bool) -> None:
        self.readonly = readonly
        if self.is_mounted:
            self.apply_readonly(readonly)

    def set_options(self, options: Mapping[str, Any] | None) -> None:
        """A condition changed the options (e.g. other choices); most interfaces ignore it."""
        self.options = thaw(options) if options else {}

    # for subclasses -----------------------------------------------------------------------

    def on_mount(self) -> None:
        self.apply_readonly(self.readonly)

    def show_value(self, value: Any) -> None:
        """Put `value` into the widgets without reporting it."""

    def apply_readonly(self, readonly: bool) -> None:
        self.disabled = readonly

    def focus_target(self) -> Widget | None:
        """The widget that takes focus when the form sends the cursor to this field."""
        return next((w for w in self.query("*") if w.focusable), None)

    def check(self) -> str | None:
        """Before a save: what the field's own contents would be refused for (a required field
        inside one of its nested forms), shown under the field; None when nothing. An interface
        that answers also points its cursor at the problem, so `focus_target` lands on it."""
        return None

    def related_changed(self) -> None:
        """The page came back into view (from a followed item or a nested form): related items
        may have changed, so an interface showing them reads them again."""

    def explain_error(self, error: StudioError) -> str | None:
        """A save refused for something inside this field's value: the message to show under
        the field instead of the engine's (a list names the row by its place), or None."""
        return None

    def trail(self) -> str:
        """Where this field sits, for the heading of a nested form opened from it."""
        heading = getattr(self.screen, "heading", None)
        where = heading() if callable(heading) else self.context.collection
        return f"{where}{TRAIL_SEPARATOR}{self.field.name}"

    def form_values(self) -> dict[str, Any]:
        """The values on the form this field sits on now (its key included), for placeholders
        such as `{{id}}` in a `filter` option; empty outside a form."""
        for ancestor in self.ancestors:
            state = getattr(ancestor, "state", None)
            values = getattr(state, "values", None)
            if isinstance(values, Mapping):
                return dict(values)
        return {}

    def selectable_filter(self) -> dict[str, Any] | None:
        """The field's `filter` option (which related items may be picked), placeholders
        filled from the form."""
        from studio.ui.option_filter import fill_placeholders

        return fill_placeholders(self.options.get("filter"), self.form_values())

    def report(self, value: Any, error: str | None = None) -> None:
        if error is None:
            self.value = value
        self.post_message(self.Changed(self, value if error is None else self.value, error))

    @property
    def nullable(self) -> bool:
        return self.field.nullable or self.field.is_alias

    def empty_value(self) -> Any:
        """What clearing the field writes: null where the column allows it, else ""."""
        return None if self.nullable else ""
