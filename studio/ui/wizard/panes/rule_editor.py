"""A rule edited as a form: the filter builder's rules (field, operator, value; all must hold)
as one widget inside a pane, for a field's validation and its conditions.

Rules are the filter builder's (`studio.ui.filter_rules`), with one operator more that
validation needs (`_regex`). A stored rule the form cannot show as a list of simple rules (an
`_or`, say) is kept as it is until the admin clears it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any, ClassVar, Final

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, OptionList, Select, Static

from studio.engine.errors import InvalidValue
from studio.engine.schema import FieldInfo, SchemaOverview
from studio.ui.filter_rules import (
    OPERATORS,
    FilterField,
    FilterRule,
    Operator,
    check_value,
    combine,
    filterable_fields,
    operators_for,
)

REGEX: Final = Operator("_regex", "matches the pattern", "text")
RULE_OPERATORS: Final = {**OPERATORS, REGEX.key: REGEX}
_HINTS: Final = {"one": "Value", "text": "Text", "list": "Values, separated by commas",
                 "pair": "Low, high", "none": "(no value needed)"}  # fmt: skip


def operators(field: FieldInfo) -> list[Operator]:
    found = operators_for(field)
    if field.type in ("string", "text"):
        found.append(REGEX)
    return found


def describe(rule: FilterRule) -> str:
    operator = RULE_OPERATORS.get(rule.operator)
    words = operator.label if operator else rule.operator
    name = rule.label or rule.path
    if operator is not None and operator.takes == "none":
        return f"{name} {words}"
    return f"{name} {words} {rule.value}"


def rules_from_filter(
    rule: Mapping[str, Any] | None, fields: Mapping[str, FilterField]
) -> list[FilterRule] | None:
    """The simple rules a stored filter is made of, or None if it is not that simple."""
    if not rule:
        return []
    parts = rule.get("_and") if list(rule) == ["_and"] else [rule]
    if not isinstance(parts, list | tuple):
        return None
    found = []
    for part in parts:
        path: list[str] = []
        node: Any = part
        while isinstance(node, Mapping) and len(node) == 1:
            ((key, inner),) = node.items()
            if key.startswith("_"):
                break
            path.append(key)
            node = inner
        if not path or not isinstance(node, Mapping) or len(node) != 1:
            return None
        ((operator, value),) = node.items()
        if operator not in RULE_OPERATORS:
            return None
        dotted = ".".join(path)
        label = fields[dotted].label if dotted in fields else dotted
        takes = RULE_OPERATORS[operator].takes
        found.append(FilterRule(dotted, operator, None if takes == "none" else value, label))
    return found


class RuleEditor(Vertical):
    """Rules over the collection's fields (and the field being made, which is not one yet)."""

    DEFAULT_CSS = """
    RuleEditor { height: auto; }
    RuleEditor #rules { height: auto; max-height: 5; }
    RuleEditor .rule-line { height: auto; }
    RuleEditor .rule-line Select { width: 1fr; }
    RuleEditor #rule-value { width: 1fr; }
    RuleEditor Button { min-width: 0; width: auto; margin-left: 1; }
    RuleEditor #rule-error { color: $error; height: auto; }
    RuleEditor #rule-error.-empty { display: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("delete", "remove", "Remove rule", id="wizard.rule_remove", show=False),
    ]

    def __init__(
        self,
        overview: SchemaOverview,
        collection: str,
        rule: Mapping[str, Any] | None,
        *,
        own: FieldInfo | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.overview = overview
        self.fields: dict[str, FilterField] = {}
        if collection in overview.collections:
            self.fields = {f.path: f for f in filterable_fields(overview, collection)}
        if own is not None and own.field not in self.fields:
            self.fields = {own.field: FilterField(own.field, f"{own.name} (this field)", own)}
            self.fields.update({f.path: f for f in filterable_fields(overview, collection)}
                               if collection in overview.collections else {})  # fmt: skip
        self.rules: list[FilterRule] = []
        self.kept: dict[str, Any] | None = None
        self.load(rule)

    def load(self, rule: Mapping[str, Any] | None) -> None:
        parsed = rules_from_filter(rule, self.fields)
        self.kept = dict(rule) if parsed is None and rule else None
        self.rules = parsed or []
        if self.is_mounted:
            self._show_rules()

    def compose(self) -> ComposeResult:
        yield OptionList(id="rules", markup=False, compact=True)
        with Horizontal(classes="rule-line"):
            yield Select(
                [(Text(f.label), f.path) for f in self.fields.values()],
                prompt="Field",
                id="rule-field",
                compact=True,
            )
            yield Select([], prompt="Operator", id="rule-operator", compact=True)
        with Horizontal(classes="rule-line"):
            yield Input(placeholder="Value", id="rule-value", compact=True)
            yield Button("Add rule", id="rule-add", compact=True)
            yield Button("Remove", id="rule-remove", compact=True)
        yield Static("", id="rule-error", classes="-empty", markup=False)

    def on_mount(self) -> None:
        self._show_rules()

    def value(self) -> dict[str, Any] | None:
        """The rule as the engine's filter JSON (None when there is none)."""
        if self.kept is not None:
            return self.kept
        return combine(self.rules)

    def _show_rules(self) -> None:
        shown = self.query_one("#rules", OptionList)
        shown.clear_options()
        if self.kept is not None:
            text = json.dumps(self.kept, ensure_ascii=False)
            shown.add_option(Text(f"{text} (kept as written; Remove clears it)"))
        elif self.rules:
            shown.add_options([Text(describe(rule)) for rule in self.rules])
            shown.highlighted = len(self.rules) - 1
        else:
            shown.add_option(Text("(no rule)"))

    def error(self, message: str) -> None:
        shown = self.query_one("#rule-error", Static)
        shown.update(message)
        shown.set_class(not message, "-empty")

    @on(Select.Changed, "#rule-field")
    def _field_chosen(self, event: Select.Changed) -> None:
        event.stop()
        chosen = self.fields.get(event.value) if isinstance(event.value, str) else None
        operator = self.query_one("#rule-operator", Select)
        if chosen is None:
            operator.set_options([])
            return
        found = operators(chosen.field)
        operator.set_options([(Text(op.label), op.key) for op in found])
        operator.value = found[0].key
        self.error("")

    @on(Select.Changed, "#rule-operator")
    def _operator_chosen(self, event: Select.Changed) -> None:
        event.stop()
        op = RULE_OPERATORS.get(event.value) if isinstance(event.value, str) else None
        value = self.query_one("#rule-value", Input)
        value.placeholder = _HINTS[op.takes if op else "one"]
        value.disabled = op is not None and op.takes == "none"

    def pending(self) -> bool:
        """Whether a rule is half entered (a field chosen): a store adds it first."""
        return self.query_one("#rule-field", Select).value in self.fields

    def add_rule(self) -> bool:
        """The chosen field, operator and value as a rule; False (and a message) if unfit."""
        path = self.query_one("#rule-field", Select).value
        operator = self.query_one("#rule-operator", Select).value
        value = self.query_one("#rule-value", Input)
        if not isinstance(path, str) or path not in self.fields:
            self.error("Pick a field first.")
            return False
        if not isinstance(operator, str) or operator not in RULE_OPERATORS:
            self.error("Pick an operator.")
            return False
        chosen = self.fields[path]
        typed = value.value.strip()
        try:
            if operator == REGEX.key:
                if not typed:
                    raise InvalidValue("Type the pattern.", field=path)
                try:
                    re.compile(typed)
                except re.error as problem:
                    raise InvalidValue(f"Not a pattern: {problem}.", field=path) from None
                checked: Any = typed
            else:
                checked = check_value(chosen.field, operator, typed, self.overview.dialect)
        except InvalidValue as problem:
            self.error(problem.message)
            return False
        takes = RULE_OPERATORS[operator].takes
        self.kept = None
        self.rules.append(
            FilterRule(path, operator, None if takes == "none" else checked, chosen.label)
        )
        value.value = ""
        self.query_one("#rule-field", Select).clear()
        self.error("")
        self._show_rules()
        return True

    @on(Input.Submitted, "#rule-value")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.add_rule():
            self.query_one("#rule-field", Select).focus()

    @on(Button.Pressed, "#rule-add")
    def _add_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.add_rule()

    @on(Button.Pressed, "#rule-remove")
    def _remove_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_remove()

    def action_remove(self) -> None:
        if self.kept is not None:
            self.kept = None
            self._show_rules()
            return
        index = self.query_one("#rules", OptionList).highlighted
        if self.rules and index is not None and 0 <= index < len(self.rules):
            del self.rules[index]
            self._show_rules()

    def clear(self) -> None:
        self.load(None)
        self.query_one("#rule-field", Select).clear()
        self.query_one("#rule-value", Input).value = ""
        self.error("")
