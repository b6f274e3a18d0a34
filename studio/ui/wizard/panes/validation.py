"""The Validation tab: a rule every saved value must pass (the filter builder's rules over the
item's fields, this one included) and the message shown under the field when it does not."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Static

from studio.engine import types as ft
from studio.engine.schema import FieldInfo
from studio.ui.wizard.panes.parts import FormPane, labelled, line, pane_foot, text_input
from studio.ui.wizard.panes.rule_editor import RuleEditor


def own_field(pane: FormPane) -> FieldInfo | None:
    """The field being made, offered in rules before it exists."""
    draft = pane.draft
    if not draft.key:
        return None
    kind = draft.type or ft.ALIAS
    return FieldInfo(draft.collection, draft.key, kind, ft.format_title(draft.key),
                     db_type=None if kind == ft.ALIAS else kind)  # fmt: skip


class ValidationPane(FormPane):
    TITLE: ClassVar[str] = "Validation"
    INPUTS: ClassVar[frozenset[str]] = frozenset({"validation", "validation_message"})

    def compose(self) -> ComposeResult:
        meta = self.draft.meta
        yield Static("A saved item must match every rule (none: anything goes).",
                     classes="pane-lead")  # fmt: skip
        editor = RuleEditor(self.overview, self.draft.collection, meta.get("validation"),
                            own=own_field(self), id="validation-rule")  # fmt: skip
        yield labelled("Rule", editor)
        yield Static("", id="error-validation", classes="pane-error", markup=False)
        yield line("Message", text_input(meta.get("validation_message"),
                   "shown when the rule fails"), "validation_message")  # fmt: skip
        yield pane_foot()

    def store(self) -> dict[str, str]:
        editor = self.query_one("#validation-rule", RuleEditor)
        if editor.pending() and not editor.add_rule():
            return self.report({"validation": "Finish the rule being added, or clear its field."})
        meta = self.draft.meta
        meta["validation"] = editor.value()
        meta["validation_message"] = self.read("validation_message") or None
        return self.report({})
