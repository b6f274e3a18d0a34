"""A related item's form opened from a relational field: it writes nothing itself.

"Done" (ctrl+s) checks the form as a save would and hands its edits back to the field that
opened it (`Staged`); that field keeps them in the parent's change-set, and the parent's one save
writes everything in one transaction. Nesting goes as deep as relations do: a nested form's own
relational fields stage into its edits the same way. Leaving with edits asks whether to keep
them (staged with the parent), discard them, or stay.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from textual.binding import Binding, BindingType

from studio.engine.schema import FieldInfo
from studio.ui.form.form import ItemForm
from studio.ui.interfaces.base import TRAIL_SEPARATOR
from studio.ui.related import title_of
from studio.ui.screens.confirm import UnsavedChangesScreen
from studio.ui.screens.item import ItemScreen

NOT_NESTED = frozenset(
    {"save_stay", "save_new", "save_next", "save_previous", "delete", "duplicate"}
)


@dataclass(frozen=True)
class Staged:
    """A nested form's result: the edits in the engine's write format (for a new item, every
    value typed; for an existing one, the changed fields only) and the item's title now."""

    values: dict[str, Any] = field(default_factory=dict)
    title: str = ""


class NestedItemScreen(ItemScreen):
    """`key=None` creates (nothing exists until the parent is saved); a key edits that item.
    `staged` re-opens edits kept earlier; `hidden` fields are left off the form (an O2M child's
    FK back to the parent, which the parent's save sets)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Done", id="nested.done"),
    ]

    def __init__(
        self,
        collection: str,
        key: Any = None,
        *,
        trail: str,
        staged: Mapping[str, Any] | None = None,
        hidden: Collection[str] = (),
    ) -> None:
        super().__init__(collection, key, prefill=staged)
        self.trail = trail
        self.hidden = frozenset(hidden)
        self._opened: dict[str, Any] = {}

    @property
    def dirty(self) -> bool:
        """Edited since this form opened (edits staged earlier are not news)."""
        form = self.form
        if form is None:
            return False
        return bool(form.state.input_errors) or form.state.values != self._opened

    def form_ready(self, form: ItemForm) -> None:
        self._opened = dict(form.state.values)

    def _on_form(self, field: FieldInfo, creating: bool) -> bool:
        return field.field not in self.hidden and super()._on_form(field, creating)

    def _title(self, item: Mapping[str, Any] | None) -> str:
        """A new item is named by what was staged for it so far, never "a copy"."""
        if item is None:
            staged = title_of(self.info.display_template or "", self.prefill or {})
            return staged or "New item"
        return super()._title(item)

    def heading(self) -> str:
        """The trail ends with the field's name; a field named as its collection ("Cities")
        is not said twice."""
        trail = self.trail.removesuffix(f"{TRAIL_SEPARATOR}{self.info.name}")
        return f"{trail}{TRAIL_SEPARATOR}{super().heading()}"

    def status_text(self, edited: list[str]) -> str:
        info = self.info
        if not info.editable:
            return super().status_text(edited)
        marks = f"● {len(edited)} edited: {', '.join(edited)} · " if edited else ""
        what = "new: written" if self.creating else "written"
        return f"{marks}{what} when the item above is saved"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NOT_NESTED:
            return False
        return super().check_action(action, parameters)

    def _save(self, after: Callable[[Any], None]) -> None:
        """Keep the edits with the parent: check them now, write nothing."""
        form = self.form
        if form is None or not self.info.editable:
            return
        if self._refuse(form, verb="done"):
            return
        values = form.state.payload()
        for name in self.hidden:
            values.pop(name, None)
        title = title_of(self.info.display_template or "", form.state.values)
        if self.app.screen is self:
            self.dismiss(Staged(values, title or self.title_text))
        after(self.key)

    def unsaved_question(self, what: str) -> UnsavedChangesScreen:
        return UnsavedChangesScreen(
            what,
            self.edited_labels(),
            save_label="Keep",
            detail=" Keep them with the item above (written when it is saved)?",
        )
