"""Choose and order the browser's columns: the shown ones first, in their order, then the rest.
Space toggles a column, shift+up/down moves it. Returns the chosen keys in order.

A translatable field (the title of `translations`) is not listed once per language: it has one
unticked entry ("Title (de-DE)") whose language ←/→ switches, or typing a language's code or
name; ticking it adds that column and a new unticked entry appears for another language. A
ticked entry switches its language the same way. So eight languages or a hundred make one
line per translatable field plus one per translated column shown.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, SelectionList, Static
from textual.widgets.selection_list import Selection

from studio.ui.columns import Column, TranslatedChoice

TYPED_PAUSE = 1.0  # seconds: typing after a longer pause starts a new language name


class ColumnPickerScreen(ModalScreen[list[str] | None]):
    DEFAULT_CSS = """
    ColumnPickerScreen { align: center middle; }
    ColumnPickerScreen > Vertical {
        width: 56; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    ColumnPickerScreen SelectionList { height: auto; max-height: 14; }
    ColumnPickerScreen .picker-help { color: $text-muted; }
    ColumnPickerScreen #picker-error { color: $error; height: auto; }
    ColumnPickerScreen Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    ColumnPickerScreen Button { margin-left: 1; min-width: 0; width: auto; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="columns.cancel"),
        Binding("ctrl+s", "apply", "Apply", id="columns.apply"),
        Binding("shift+up", "move(-1)", "Move up", id="columns.up"),
        Binding("shift+down", "move(1)", "Move down", id="columns.down"),
        Binding("ctrl+r", "defaults", "Defaults", id="columns.defaults"),
        Binding("left", "language(-1)", "Previous language", id="columns.language-previous",
                show=False),
        Binding("right", "language(1)", "Next language", id="columns.language-next", show=False),
    ]  # fmt: skip

    def __init__(
        self,
        title: str,
        available: Sequence[Column],
        shown: Sequence[str],
        defaults: Sequence[str],
        translations: Sequence[TranslatedChoice] = (),
    ) -> None:
        super().__init__()
        self.title_text = title
        self.translations = list(translations)
        self.available = {c.key: c for c in available}
        for choice in self.translations:
            for column in choice.columns.values():
                self.available.setdefault(column.key, column)
        self.shown = [key for key in shown if key in self.available]
        self.defaults = [key for key in defaults if key in self.available]
        self._typed = ""
        self._typed_at = 0.0

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            yield Static(
                "space shows/hides · shift+↑/↓ moves",
                classes="picker-help",
                markup=False,
            )
            if any(choice.languages for choice in self.translations):
                yield Static(
                    "Translations: ←/→ or type a name to switch language",
                    classes="picker-help",
                    markup=False,
                )
            yield SelectionList[str](id="picker-list", compact=True)
            yield Static("", id="picker-error", markup=False)
            with Horizontal():
                yield Button("Defaults (ctrl+r)", id="picker-defaults", compact=True)
                yield Button("Cancel (esc)", id="picker-cancel", compact=True)
                yield Button("Apply (ctrl+s)", id="picker-apply", variant="primary", compact=True)

    def on_mount(self) -> None:
        self._fill(self._arranged(self.shown), set(self.shown), 0)
        self.query_one(SelectionList).focus()

    # the list --------------------------------------------------------------------------------

    def _arranged(self, order: Sequence[str]) -> list[str]:
        """`order` first, then the other fields' columns, each translatable field's unticked
        entry right after its translations field's own entry (the count)."""
        keys = list(order)
        for key, column in self.available.items():
            if key in keys or column.kind == "translation":
                continue
            keys.append(key)
            for choice in self._choices_of_field(key):
                keys.extend(filter(None, [self._spare(choice, keys)]))
        for choice in self.translations:  # a translations field whose count is shown already
            if not any(choice.owns(self.available[key]) for key in keys if key not in order):
                keys.extend(filter(None, [self._spare(choice, keys)]))
        return keys

    def _choices_of_field(self, field: str) -> list[TranslatedChoice]:
        return [choice for choice in self.translations if choice.field == field]

    def _spare(self, choice: TranslatedChoice, keys: Sequence[str]) -> str:
        """The key of a new unticked entry: a language no entry of `choice` uses ("" if
        every language is taken)."""
        free = choice.first_free(self._languages_used(choice, keys))
        column = choice.column(free.code) if free is not None else None
        return column.key if column is not None else ""

    def _languages_used(self, choice: TranslatedChoice, keys: Sequence[str]) -> list[object]:
        return [self.available[key].language for key in keys if choice.owns(self.available[key])]

    def _choice_for(self, key: str) -> TranslatedChoice | None:
        column = self.available.get(key)
        if column is None or column.kind != "translation":
            return None
        return next((choice for choice in self.translations if choice.owns(column)), None)

    def _normalised(self, keys: list[str], chosen: set[str], keep: str | None) -> list[str]:
        """One unticked entry per translatable field: a new one after a tick took the last,
        and one fewer after an untick left two (the one just unticked stays)."""
        for choice in self.translations:
            owned = [key for key in keys if choice.owns(self.available[key])]
            unticked = [key for key in owned if key not in chosen]
            if not unticked and owned:
                spare = self._spare(choice, keys)
                if spare:
                    keys.insert(keys.index(owned[-1]) + 1, spare)
            elif len(unticked) > 1:
                kept = keep if keep in unticked else unticked[0]
                keys = [key for key in keys if key == kept or key not in unticked]
        return keys

    def _fill(self, keys: Sequence[str], chosen: set[str], highlighted: int) -> None:
        picker = self.query_one(SelectionList)
        picker.clear_options()
        picker.add_options([Selection(self._prompt(key), key, key in chosen) for key in keys])
        picker.highlighted = max(0, min(highlighted, len(keys) - 1))

    def _prompt(self, key: str) -> Text:
        column = self.available[key]
        if column.kind == "translation":
            choice = self._choice_for(key)
            language = choice.language(column.language) if choice is not None else None
            name = language.label if language is not None else "no such language"
            switch = choice is not None and len(choice.languages) > 1
            prompt = Text(column.label)
            prompt.append("  ◂ " if switch else "  ", "dim")
            prompt.append(name)
            if switch:
                prompt.append(" ▸", "dim")
            return prompt
        kinds = {"m2o": "  (related item)", "count": "  (number of items)"}
        return Text(column.label + kinds.get(column.kind, ""))

    def _state(self) -> tuple[list[str], set[str]]:
        picker = self.query_one(SelectionList)
        keys = [picker.get_option_at_index(i).value for i in range(picker.option_count)]
        return keys, set(picker.selected)

    @property
    def chosen(self) -> list[str]:
        keys, chosen = self._state()
        return [key for key in keys if key in chosen]

    @on(SelectionList.SelectionToggled)
    def _toggled(self, event: SelectionList.SelectionToggled[str]) -> None:
        key = event.selection.value
        if self._choice_for(key) is None:
            return
        keys, chosen = self._state()
        arranged = self._normalised(list(keys), chosen, key)
        if arranged != keys:
            self._fill(arranged, chosen, arranged.index(key))

    # keys ------------------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        picker = self.query_one(SelectionList)
        index = picker.highlighted
        if index is None:
            return
        keys, chosen = self._state()
        target = index + step
        if not 0 <= target < len(keys):
            return
        keys[index], keys[target] = keys[target], keys[index]
        self._fill(keys, chosen, target)

    def action_language(self, step: int) -> None:
        """The highlighted translated entry in the next (or previous) language its field does
        not show yet."""
        found = self._highlighted_choice()
        if found is None:
            return
        index, choice, keys = found
        codes = [str(language.code) for language in choice.languages]
        current = str(self.available[keys[index]].language)
        start = codes.index(current) if current in codes else (-1 if step > 0 else len(codes))
        ordered = [codes[(start + step * n) % len(codes)] for n in range(1, len(codes) + 1)]
        self._switch(index, choice, keys, ordered)

    def _highlighted_choice(self) -> tuple[int, TranslatedChoice, list[str]] | None:
        index = self.query_one(SelectionList).highlighted
        if index is None:
            return None
        keys, _ = self._state()
        choice = self._choice_for(keys[index])
        if choice is None or not choice.languages:
            return None
        return index, choice, keys

    def _switch(
        self, index: int, choice: TranslatedChoice, keys: list[str], candidates: Sequence[str]
    ) -> bool:
        """Put the entry at `index` on the first of `candidates` (codes) no other entry of its
        field uses; False (and a bell) when there is none."""
        used = {
            str(code) for code in self._languages_used(choice, keys[:index] + keys[index + 1 :])
        }
        for code in candidates:
            column = choice.column(code)
            if code not in used and column is not None:
                break
        else:
            self.app.bell()
            return False
        _, chosen = self._state()
        old = keys[index]
        if column.key == old:
            return True
        keys[index] = column.key
        if old in chosen:
            chosen = (chosen - {old}) | {column.key}
        self._fill(keys, chosen, index)
        return True

    def on_key(self, event: events.Key) -> None:
        """Letters typed on a translated entry pick the language whose code or name starts
        with them (a pause starts over)."""
        character = event.character
        if not character or not character.isprintable() or character == " ":
            return
        found = self._highlighted_choice()
        if found is None:
            return
        event.stop()
        event.prevent_default()
        now = time.monotonic()
        self._typed = (self._typed if now - self._typed_at < TYPED_PAUSE else "") + character
        self._typed_at = now
        index, choice, keys = found
        typed = self._typed.casefold()
        matches = [
            str(language.code)
            for language in choice.languages
            if str(language.code).casefold().startswith(typed)
            or language.name.casefold().startswith(typed)
        ]
        if not matches:
            self.app.bell()
            return
        self._switch(index, choice, keys, matches)

    def action_defaults(self) -> None:
        self._fill(self._arranged(self.defaults), set(self.defaults), 0)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_apply(self) -> None:
        chosen = self.chosen
        if not chosen:
            self.query_one("#picker-error", Static).update("Show at least one column.")
            return
        self.dismiss(chosen)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        actions = {
            "picker-defaults": self.action_defaults,
            "picker-cancel": self.action_cancel,
            "picker-apply": self.action_apply,
        }
        action = actions.get(event.button.id or "")
        if action is not None:
            action()
