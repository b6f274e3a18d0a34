"""`translations`: an item's translations, one tab per language of the languages collection.

Each tab shows how complete its language is (filled translatable fields / total, "—" without a
translation) and holds a form of the junction's translatable fields for that language, with the
interfaces, required markers and checks of any form (`translations_tabs.py`, checked before a
save in `translations_save.py`). Typing in a
language without a translation creates it on save; edits of the others update them; everything
is one change-set on the field, written by the page's one save.

- alt+←/→ (or ctrl+PageUp/PageDown) go to the previous/next language, from anywhere in the
  field, text boxes included; on the tab strip itself ←/→ do the same.
- ctrl+t splits the view: another language (the source, read-only, its staged values shown)
  beside the one being edited (the target), or above it when the field is narrower than
  `SIDE_BY_SIDE` cells. alt+shift+←/→ change the source; the language keys change the target
  (reaching the source swaps the two).
- ctrl+o copies the value of the field the cursor is in from another language: the source in
  the split view, else the language chosen from those that have a value for it. It is an
  ordinary edit (ctrl+r reverts it with the rest).
- Emptying every field of an existing translation asks, once the cursor leaves its form (or at
  the save), whether to delete it; yes stages the delete (the tab is struck through), and typing
  a value in one of its fields keeps the translation again.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import Static

from studio.ui.interfaces.translations_save import CheckedTranslations
from studio.ui.interfaces.translations_tabs import LanguageEntry
from studio.ui.interfaces.values import display_text, visible
from studio.ui.screens.confirm import ConfirmScreen
from studio.ui.translation_setup import is_filled
from studio.ui.translation_staging import blank

SIDE_BY_SIDE = 96  # the field's width (cells) from which the split view's sides sit side by side


class TranslationsInterface(CheckedTranslations):
    interface_ids = ("translations",)
    relational = True
    relation_kinds = frozenset({"translations"})

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "alt+right,ctrl+pagedown",
            "language(1)",
            "Language",
            id="translations.next-language",
        ),
        Binding(
            "alt+left,ctrl+pageup",
            "language(-1)",
            "Previous language",
            show=False,
            id="translations.previous-language",
        ),
        Binding("ctrl+t", "split", "Split", id="translations.split"),
        Binding(
            "alt+shift+right",
            "source(1)",
            "Next source language",
            show=False,
            id="translations.next-source",
        ),
        Binding(
            "alt+shift+left",
            "source(-1)",
            "Previous source language",
            show=False,
            id="translations.previous-source",
        ),
        Binding("ctrl+o", "copy", "Copy from", show=False, id="translations.copy"),
    ]

    def _setup(self) -> None:
        super()._setup()
        self._asking = False

    # keys --------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.setup is None or not self.entries:
            return False
        if action == "source":
            return self.split and len(self.entries) > 2
        if action == "copy":
            return self.editable and len(self.entries) > 1
        if action in ("language", "split"):
            return len(self.entries) > 1
        return True

    def keys_hint(self) -> str:
        if self.setup is None or len(self.entries) < 2:
            return ""
        parts = ["alt+←/→ language"]
        if self.split:
            parts.append("alt+shift+←/→ source")
            parts.append("ctrl+t one language")
        else:
            parts.append("ctrl+t split")
        if self.editable:
            parts.append("ctrl+o copy from another language")
        return " · ".join(parts)

    async def action_language(self, step: int) -> None:
        codes = self.codes()
        if self.current not in codes:
            return
        await self.go_to(codes[(codes.index(self.current) + step) % len(codes)])

    # split view --------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width >= SIDE_BY_SIDE, "-side")

    def action_split(self) -> None:
        self.split = not self.split
        if self.split and (self.source not in self.entries or self.source == self.current):
            self.source = self._default_source()
        self.set_class(self.split, "-split")
        self._message = None
        self.refresh_bindings()
        self._draw()

    def action_source(self, step: int) -> None:
        others = [code for code in self.codes() if code != self.current]
        if not self.split or not others:
            return
        at = others.index(self.source) if self.source in others else -1
        self.source = others[(at + step) % len(others)]
        self._message = None
        self._draw()

    def draw_split(self, entry: LanguageEntry) -> None:
        heading = self.query_one("#tr-target-heading", Static)
        if not self.split:
            return
        source = self.entries.get(self.source or "")
        if source is None:
            self.source_pane.show("No other language", {})
        else:
            label = source.language.label
            self.source_pane.show(f"{label} · source, read-only", source.state.values)
        role = "editing" if self.editable else "read-only"
        heading.update(visible(f"{entry.language.label} · {role}"))

    # copy from another language ----------------------------------------------------------------

    def action_copy(self) -> None:
        entry = self.entries.get(self.current or "")
        if entry is None or entry.form is None or not self.editable:
            return
        name = self._focused_field()
        if name is None or name not in self.fields:
            self.say("Put the cursor in a field first: ctrl+o copies that field.", error=True)
            return
        field = self.fields[name]
        if entry.form.rows[name].has_class("-readonly"):
            self.say(f"{field.name} is read-only here.", error=True)
            return
        if self.split:
            source = self.entries.get(self.source or "")
            if source is None:
                return
            value = source.state.values.get(name)
            if not is_filled(field, value):
                label = source.language.label
                self.say(f"{label} has no {field.name} to copy.", error=True)
                return
            self._copy(entry, name, value)
            return
        self._choose_copy(entry, name)

    def _choose_copy(self, entry: LanguageEntry, name: str) -> None:
        from studio.ui.screens.language_choice import LanguageChoiceScreen, preview

        field = self.fields[name]
        choices = [
            (other.code, f"{other.language.label}: {preview(display_text(field, value))}")
            for other in self.entries.values()
            if other is not entry and is_filled(field, value := other.state.values.get(name))
        ]
        if not choices:
            self.say(f"No other language has a {field.name} to copy.", error=True)
            return

        def chosen(code: str | None) -> None:
            source = self.entries.get(code or "")
            if source is not None and self.entries.get(entry.code) is entry:
                self._copy(entry, name, source.state.values.get(name))

        title = f"Copy {field.name} into {entry.language.label} from"
        self.app.push_screen(LanguageChoiceScreen(visible(title), choices), chosen)

    def _copy(self, entry: LanguageEntry, name: str, value: Any) -> None:
        """An ordinary edit of the field, as if typed."""
        assert entry.form is not None
        interface = entry.form.rows[name].interface
        interface.set_value(value)
        interface.report(value)
        self.call_after_refresh(entry.form.focus_field, name)

    # emptied translations -----------------------------------------------------------------------

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        super().on_descendant_blur(event)
        self.call_after_refresh(self._ask_about_emptied)

    def _emptied(self) -> LanguageEntry | None:
        """An existing translation whose fields were all emptied and nobody was asked about."""
        for entry in self.entries.values():
            if entry.row is None or entry.deleted or entry.asked or not entry.state.dirty:
                continue
            if blank(self.fields, entry.state.values):
                return entry
        return None

    def _ask_about_emptied(self) -> None:
        """Once the cursor has left the emptied language's form (never while typing in it)."""
        entry = self._emptied()
        if entry is None or self._asking or not self.is_attached:
            return
        if entry.form is not None and entry.form.has_focus_within:
            return
        if self.app.screen is not self.screen:
            return  # a dialog or another page is on top; the save asks
        self.ask_delete(entry)

    def ask_delete(self, entry: LanguageEntry) -> None:
        self._asking = True
        label = entry.language.label
        body = (
            f"Every field of the {label} translation is empty now. Delete the {label} "
            "translation when you save? Cancel keeps it (its fields empty)."
        )

        def answered(yes: bool | None) -> None:
            self._asking = False
            if self.entries.get(entry.code) is not entry:
                return  # read again meanwhile
            entry.asked = True
            if yes:
                entry.deleted = True
                self.say(f"The {label} translation will be deleted when you save.")
            self.stage()

        title = f"Delete the {label} translation"  # plain text: the dialog shows it as is
        self.app.push_screen(ConfirmScreen(visible(title), visible(body)), answered)

    def check(self) -> str | None:
        """An emptied translation nobody was asked about is asked about now, and the save
        waits for the answer; then every language written is checked (`CheckedTranslations`)."""
        entry = self._emptied()
        if entry is not None:
            if not self._asking:
                self._asking = True  # a second save before the question is up asks no more
                self.call_later(self.ask_delete, entry)
            self._switch_now(entry.code)
            label = entry.language.label
            return f"{label}: every field is empty; answer whether to delete it, then save again."
        return super().check()
