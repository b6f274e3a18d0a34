"""The Conditions tab: rules that change the field while an item is edited — hide it, make it
read-only or required, or override its interface options — stored as Directus's list of
`{name, rule, hidden?, readonly?, required?, options?}`. As in the item form, the last matching
condition wins; only the flags a condition ticks are stored, so it changes nothing else."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Button, Checkbox, Input, OptionList, Static

from studio.ui.wizard.panes.parts import FormPane, flag, labelled, line, pane_foot, text_input
from studio.ui.wizard.panes.rule_editor import RuleEditor
from studio.ui.wizard.panes.validation import own_field

FLAGS = ("hidden", "readonly", "required")


def describe(condition: dict[str, Any]) -> str:
    sets = [name for name in FLAGS if condition.get(name)]
    if condition.get("options"):
        sets.append("options")
    return f"{condition.get('name') or '(unnamed)'}: sets {', '.join(sets) or 'nothing'}"


class ConditionsPane(FormPane):
    TITLE: ClassVar[str] = "Conditions"
    INPUTS: ClassVar[frozenset[str]] = frozenset({"conditions"})
    DEFAULT_CSS = (
        FormPane.DEFAULT_CSS
        + """
    ConditionsPane #conditions { height: auto; max-height: 5; }
    ConditionsPane .condition-buttons { height: auto; padding-left: 20; }
    ConditionsPane .pane-gap { height: 1; }
    ConditionsPane .condition-buttons Button { min-width: 0; width: auto; margin-right: 1; }
    """
    )

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.conditions: list[dict[str, Any]] = [
            dict(c) for c in self.draft.meta.get("conditions") or () if isinstance(c, dict)
        ]
        self.editing: int | None = None

    def compose(self) -> ComposeResult:
        lead = "Rules that change the field while an item is edited; the last match wins."
        yield Static(lead, classes="pane-lead")
        yield labelled("Conditions", OptionList(id="conditions", markup=False, compact=True))
        yield Static("", classes="pane-gap")
        yield line("Name", text_input("", "what the condition is for"), "condition_name")
        yield labelled("When", RuleEditor(self.overview, self.draft.collection, None,
                                          own=own_field(self), id="condition-rule"))  # fmt: skip
        yield Static("", id="error-conditions", classes="pane-error", markup=False)
        yield line("Hidden", flag("hide the field", False), "condition_hidden")
        yield line("Read-only", flag("make it read-only", False), "condition_readonly")
        yield line("Required", flag("make it required", False), "condition_required")
        yield line("Options", text_input("", 'none, or JSON such as {"placeholder": "…"}'),
                   "condition_options")  # fmt: skip
        with Horizontal(classes="condition-buttons"):
            yield Button("Save condition", id="condition-save", compact=True)
            yield Button("New", id="condition-new", compact=True)
            yield Button("Delete condition", id="condition-delete", compact=True)
        yield pane_foot()

    def on_mount(self) -> None:
        self._show_list()

    def _show_list(self) -> None:
        shown = self.query_one("#conditions", OptionList)
        shown.clear_options()
        if self.conditions:
            shown.add_options([Text(describe(c)) for c in self.conditions])
        else:
            shown.add_option(Text("(no conditions)"))

    @on(OptionList.OptionSelected, "#conditions")
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.conditions):
            self.load(event.option_index)

    def load(self, index: int) -> None:
        condition = self.conditions[index]
        self.editing = index
        self.query_one("#in-condition_name", Input).value = str(condition.get("name") or "")
        self.query_one("#condition-rule", RuleEditor).load(condition.get("rule"))
        for name in FLAGS:
            self.query_one(f"#in-condition_{name}", Checkbox).value = bool(condition.get(name))
        options = condition.get("options")
        self.query_one("#in-condition_options", Input).value = (
            json.dumps(options, ensure_ascii=False) if options else ""
        )

    def _clear(self) -> None:
        self.editing = None
        self.query_one("#in-condition_name", Input).value = ""
        self.query_one("#condition-rule", RuleEditor).clear()
        for name in FLAGS:
            self.query_one(f"#in-condition_{name}", Checkbox).value = False
        self.query_one("#in-condition_options", Input).value = ""

    def started(self) -> bool:
        """Whether the editor holds a condition not saved to the list yet."""
        editor = self.query_one("#condition-rule", RuleEditor)
        return bool(self.read("condition_name")) or editor.pending() or bool(editor.rules)

    def save_condition(self) -> dict[str, str]:
        """The editor's condition into the list (replacing the one opened); problems if unfit."""
        editor = self.query_one("#condition-rule", RuleEditor)
        problems: dict[str, str] = {}
        if editor.pending() and not editor.add_rule():
            problems["conditions"] = "Finish the rule being added, or clear its field."
        name = self.read("condition_name")
        if not name:
            problems["condition_name"] = "Give the condition a name."
        rule = editor.value()
        if not rule and "conditions" not in problems:
            problems["conditions"] = "Add the rule that turns the condition on."
        condition: dict[str, Any] = {"name": name, "rule": rule}
        for flag_name in FLAGS:
            if self.read(f"condition_{flag_name}"):
                condition[flag_name] = True
        typed = self.read("condition_options")
        if typed:
            try:
                options = json.loads(typed)
            except ValueError:
                options = None
            if not isinstance(options, dict):
                problems["condition_options"] = 'Options are a JSON object, such as {"a": 1}.'
            else:
                condition["options"] = options
        if problems:
            return self.report(problems)
        if self.editing is not None and self.editing < len(self.conditions):
            self.conditions[self.editing] = condition
        else:
            self.conditions.append(condition)
        self._clear()
        self._show_list()
        return self.report({})

    @on(Button.Pressed, "#condition-save")
    def _save(self, event: Button.Pressed) -> None:
        event.stop()
        self.save_condition()

    @on(Button.Pressed, "#condition-new")
    def _new(self, event: Button.Pressed) -> None:
        event.stop()
        self._clear()
        self.report({})

    @on(Button.Pressed, "#condition-delete")
    def _delete(self, event: Button.Pressed) -> None:
        event.stop()
        index = self.editing
        if index is None:
            index = self.query_one("#conditions", OptionList).highlighted
        if index is not None and 0 <= index < len(self.conditions):
            del self.conditions[index]
        self._clear()
        self._show_list()

    def store(self) -> dict[str, str]:
        if self.started():
            problems = self.save_condition()
            if problems:
                return problems
        self.draft.meta["conditions"] = [dict(c) for c in self.conditions] or None
        return self.report({})
