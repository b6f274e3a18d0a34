"""The translations field's frame: one tab per language, each holding a form of the junction's
translatable fields for that language, and the staged edits of every language reported as one
change-set on the field. The checks before a save are layered on top (`translations_save.py`),
then the split view, copying and the delete question (`translations.py`).

Two reads, whatever the number of languages: the languages collection, and every translation
of this item (`TranslationSetup.rows_query`). Each language has its own `FormState` over the
junction (so required markers, conditions, validation and typing checks are a form's), created
when the rows arrive; its `ItemForm` is built the first time its tab is shown and shares that
state. What a save sends follows from the states alone (`translation_staging.change_set`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Container, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from studio.engine.errors import StudioError
from studio.engine.relations import RelationKind
from studio.engine.schema import CollectionInfo, FieldInfo
from studio.ui.form.layout import build_layout, field_nodes
from studio.ui.form.state import FormState, default_values
from studio.ui.interfaces.base import Interface, InterfaceContext
from studio.ui.interfaces.values import visible
from studio.ui.translation_setup import (
    Language,
    TranslationSetup,
    find_language,
    read_languages,
)
from studio.ui.translation_staging import (
    Draft,
    blank,
    change_set,
    effect,
    filled,
    restore,
)

if TYPE_CHECKING:  # these import the interfaces' package: imported where they are used
    from studio.ui.form.form import ItemForm
    from studio.ui.widgets.language_tabs import LanguageTabs, Tab
    from studio.ui.widgets.translation_source import TranslationSource


@dataclass
class LanguageEntry:
    """One language on the tabs: its row as read (None: no translation yet), its form's state,
    its form once built, and whether its delete is staged (`deleted`) or the editor was asked
    about it since its fields were last emptied (`asked`)."""

    language: Language
    row: dict[str, Any] | None
    state: FormState
    form: ItemForm | None = None
    deleted: bool = False
    asked: bool = False

    @property
    def code(self) -> str:
        return str(self.language.code)


class TranslationTabs(Interface):
    DEFAULT_CSS = """
    TranslationTabs { height: auto; }
    TranslationTabs #tr-note { color: $text-muted; height: auto; }
    TranslationTabs #tr-note.-warns { color: $text-error; }
    TranslationTabs #tr-panes { height: auto; layout: vertical; margin-top: 1; }
    TranslationTabs.-side #tr-panes { layout: horizontal; }
    TranslationTabs #tr-source { display: none; }
    TranslationTabs.-split #tr-source { display: block; margin-bottom: 1; }
    TranslationTabs.-split.-side #tr-source { width: 1fr; margin: 0 2 0 0; }
    TranslationTabs #tr-target { height: auto; }
    TranslationTabs.-split.-side #tr-target { width: 1fr; }
    TranslationTabs #tr-target-heading {
        display: none; height: 1; color: $text-muted; text-style: bold;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    TranslationTabs.-split #tr-target-heading { display: block; }
    TranslationTabs #tr-target ItemForm { height: auto; overflow-y: hidden; padding: 0; }
    /* the rows inside: marked by their own state, not by this field's row around them */
    TranslationTabs #tr-target FieldRow .field-required,
    TranslationTabs #tr-target FieldRow .field-edited,
    TranslationTabs #tr-target FieldRow .field-readonly,
    TranslationTabs #tr-target FieldRow .field-error { display: none; }
    TranslationTabs #tr-target FieldRow.-required .field-required,
    TranslationTabs #tr-target FieldRow.-edited .field-edited,
    TranslationTabs #tr-target FieldRow.-readonly .field-readonly,
    TranslationTabs #tr-target FieldRow.-error .field-error { display: block; }
    TranslationTabs #tr-target FieldRow .field-label { color: $foreground; }
    TranslationTabs #tr-target FieldRow.-error .field-label { color: $error; }
    TranslationTabs #tr-target FieldRow:focus-within .field-label { color: $accent; }
    TranslationTabs #tr-hint { color: $text-muted; height: auto; display: none; }
    TranslationTabs #tr-hint.-shown { display: block; }
    """

    class _Read(Message):
        def __init__(
            self, generation: int, languages: list[Language] | None, rows: list[dict[str, Any]]
        ) -> None:
            super().__init__()
            self.generation, self.languages, self.rows = generation, languages, rows

    class _ReadFailed(Message):
        def __init__(self, generation: int, message: str) -> None:
            super().__init__()
            self.generation, self.message = generation, message

    # building ----------------------------------------------------------------------------------

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
        super().__init__(field, options, value, context, id=id, classes=classes)
        self._setup()

    def compose(self) -> ComposeResult:
        from studio.ui.widgets.language_tabs import LanguageTabs
        from studio.ui.widgets.translation_source import TranslationSource

        yield LanguageTabs(id="tr-tabs")
        yield Static("", id="tr-note", markup=False)
        with Container(id="tr-panes"):
            yield TranslationSource(self.form_fields, id="tr-source")
            with Vertical(id="tr-target"):
                yield Static("", id="tr-target-heading", markup=False)
        yield Static("", id="tr-hint", markup=False)

    def _setup(self) -> None:
        self.languages: list[Language] = []
        self.rows: list[dict[str, Any]] = []
        self.entries: dict[str, LanguageEntry] = {}
        self.current: str | None = None
        self.split = False
        self.source: str | None = None
        self._generation = 0
        self._message: tuple[str, bool] | None = None
        self._reported: tuple[Any, str | None] = (self.value, None)
        self._problem: str | None = None  # the field a refused save points at
        self._focus_form = False  # focus the form once it is built (asked before the read)
        self.setup: TranslationSetup | None = None
        self.form_fields: list[FieldInfo] = []
        self.fields: dict[str, FieldInfo] = {}
        session = self.context.session
        relation = self.context.relation
        if session is None or relation is None or relation.kind != RelationKind.TRANSLATIONS:
            return
        self.setup = TranslationSetup.of(
            session.overview, self.context.collection, self.field.field, self.options
        )
        if self.setup is None:
            return
        wanted = set(self.setup.fields)
        self.nodes = build_layout(self.junction, lambda field: field.field in wanted)
        self.form_fields = field_nodes(self.nodes)
        self.fields = {field.field: field for field in self.form_fields}

    @property
    def junction(self) -> CollectionInfo:
        assert self.setup is not None and self.context.session is not None
        return self.context.session.overview.collection(self.setup.junction)

    @property
    def tabs(self) -> LanguageTabs:
        return self.query_one("#tr-tabs")  # type: ignore[return-value]

    @property
    def source_pane(self) -> TranslationSource:
        return self.query_one("#tr-source")  # type: ignore[return-value]

    @property
    def editable(self) -> bool:
        return not self.readonly and self.setup is not None and self.junction.editable

    def on_mount(self) -> None:
        super().on_mount()
        if self.setup is None:
            self.tabs.show([], 0, empty="(translations not set up)")
            return
        self._read(self._generation, True)

    # reading -----------------------------------------------------------------------------------

    @work(exclusive=True, group="translations-read", exit_on_error=False)
    async def _read(self, generation: int, languages_too: bool) -> None:
        setup, session = self.setup, self.context.session
        assert setup is not None and session is not None
        try:
            languages = await read_languages(session, setup) if languages_too else None
            rows: list[dict[str, Any]] = []
            if self.context.key is not None:
                found = await session.items(setup.junction).read_many(
                    setup.rows_query(self.context.key)
                )
                rows = [dict(row) for row in found]
        except StudioError as error:
            self.post_message(self._ReadFailed(generation, error.message))
            return
        self.post_message(self._Read(generation, languages, rows))

    @on(_ReadFailed)
    def _read_failed(self, message: _ReadFailed) -> None:
        if message.generation == self._generation:
            self.tabs.show([], 0, empty=f"Cannot read the translations: {message.message}")

    @on(_Read)
    async def _read_done(self, message: _Read) -> None:
        if message.generation != self._generation or self.setup is None:
            return
        setup = self.setup
        if message.languages is not None:
            self.languages = message.languages
        self.rows = message.rows
        focused = self._focused_field()
        had_focus = self.has_focus_within and not self.tabs.has_focus
        by_code = {str(row.get(setup.language_field)): row for row in self.rows}
        staged = restore(setup, self.value, self.rows)
        target = self.query_one("#tr-target")
        await target.remove_children([e.form for e in self.entries.values() if e.form])
        self.entries = {}
        for language in self.languages:
            code = str(language.code)
            again = staged.get(code)
            entry = self._entry(language, by_code.get(code), again.values if again else None)
            entry.deleted = bool(again and again.deleted and entry.row is not None)
            entry.asked = entry.deleted
            self.entries[code] = entry
        self._reported = (self._change_set(), None)
        if self.current not in self.entries:
            first = setup.initial(self.languages, self.context.language)
            self.current = str(first.code) if first is not None else None
        if self.source not in self.entries or self.source == self.current:
            self.source = self._default_source() if self.split else None
        if self.current is not None:
            await self._show_language(self.current)
            self.call_after_refresh(self._settle_focus, focused, had_focus)
        self._draw()

    def _settle_focus(self, focused: str | None, had_focus: bool) -> None:
        """Back into the form after a re-read, or into it for the first time when the cursor
        was sent to this field before there was a form (it waited on the tabs)."""
        wanted = self._focus_form and self.tabs.has_focus
        self._focus_form = False
        if had_focus or wanted:
            self._focus_in_form(focused)

    def _entry(
        self, language: Language, row: dict[str, Any] | None, staged: Mapping[str, Any] | None
    ) -> LanguageEntry:
        junction = self.junction
        dialect = self.context.dialect
        initial = dict(row) if row is not None else default_values(junction, dialect)
        state = FormState(
            junction,
            self.form_fields,
            initial,
            creating=row is None,
            editable=self.editable,
            prefilled=staged,
        )
        return LanguageEntry(language, row, state)

    # forms -------------------------------------------------------------------------------------

    def _field_context(self, field: FieldInfo) -> InterfaceContext:
        session = self.context.session
        assert session is not None and self.setup is not None
        relation = session.overview.relation_info(field.collection, field.field)
        entry = self.entries.get(self.current or "")
        key = entry.row.get(self.setup.junction_key) if entry and entry.row else None
        return InterfaceContext(
            collection=self.setup.junction,
            key=key,
            relation=relation if relation.kind != RelationKind.NONE else None,
            session=session,
            dialect=self.context.dialect,
        )

    async def _show_language(self, code: str) -> None:
        """Put `code`'s form on screen (built the first time), the others out of sight."""
        entry = self.entries[code]
        self.current = code
        if entry.form is None:
            from studio.ui.form.form import ItemForm

            assert self.context.session is not None
            entry.form = ItemForm(
                self.context.session.overview, self.nodes, entry.state, self._field_context
            )
            entry.form.display = False
            await self.query_one("#tr-target").mount(entry.form)
        self._display(entry)

    def _display(self, entry: LanguageEntry) -> None:
        """The built form of `entry` in view, the others out of sight."""
        self.current = entry.code
        for other in self.entries.values():
            if other.form is not None:
                other.form.display = other is entry
        screen = self.screen
        if hasattr(screen, "language"):
            screen.language = entry.language.code  # a save-and-stay reopens this tab

    def _focused_field(self) -> str | None:
        entry = self.entries.get(self.current or "")
        if entry is None or entry.form is None:
            return None
        return next((name for name, row in entry.form.rows.items() if row.has_focus_within), None)

    def _focus_in_form(self, name: str | None = None) -> None:
        entry = self.entries.get(self.current or "")
        if entry is None or entry.form is None:
            return
        form = entry.form

        def focus() -> None:
            if not form.is_attached:
                return
            if not (name and form.focus_field(name)):
                self._focus_first(form)

        self.call_after_refresh(focus)

    def _focus_first(self, form: ItemForm) -> None:
        """The first field that takes the cursor (a read-only form's too, for reading)."""
        for name, row in form.rows.items():
            if not row.has_class("-readonly") and form.focus_field(name):
                return
        self.tabs.focus()

    def focus_target(self) -> Widget | None:
        entry = self.entries.get(self.current or "")
        if entry is None or entry.form is None or not entry.form.is_mounted:
            self._focus_form = self.setup is not None  # the form once it is there
            return self.tabs if self.is_mounted else None
        form = entry.form
        names = [self._problem] if self._problem else []
        names += [name for name in form.rows if form.state.message(name)]
        names += list(form.rows)
        for name in names:
            row = form.rows.get(name or "")
            if row is None or row.has_class("-hidden"):
                continue
            if row.has_class("-readonly") and name != self._problem:
                continue
            target = row.interface.focus_target()
            if target is not None:
                return target
        return self.tabs

    # switching ---------------------------------------------------------------------------------

    def codes(self) -> list[str]:
        return list(self.entries)

    async def go_to(self, code: str, *, keep_focus: bool = True) -> None:
        """Show language `code`; the cursor moves with it to the same field when it was in
        the form (on the tabs it stays there)."""
        if code not in self.entries or self.setup is None:
            return
        focused = self._focused_field()
        in_form = self.has_focus_within and not self.tabs.has_focus
        if self.split and code == self.source:
            self.source = self.current  # the two sides swap
        self._message = None
        await self._show_language(code)
        if in_form and keep_focus:
            self._focus_in_form(focused)
        self._draw()

    async def on_language_tabs_chosen(self, event: LanguageTabs.Chosen) -> None:
        event.stop()
        codes = self.codes()
        if 0 <= event.index < len(codes):
            await self.go_to(codes[event.index])

    def _default_source(self) -> str | None:
        """The split view's source: the default language unless it is the target, else the
        first other language with something in it, else the first other one."""
        others = [entry for code, entry in self.entries.items() if code != self.current]
        if not others:
            return None
        assert self.setup is not None
        default = find_language(self.languages, self.setup.default_language)
        if default is not None and str(default.code) != self.current:
            return str(default.code)
        written = [entry for entry in others if filled(self.fields, entry.state.values)]
        return (written or others)[0].code

    # edits -------------------------------------------------------------------------------------

    def on_item_form_edited(self, event: ItemForm.Edited) -> None:
        event.stop()
        entry = next((e for e in self.entries.values() if e.form is event.form), None)
        if entry is None:
            return  # a form taken away by a re-read
        self.edited(entry)

    def edited(self, entry: LanguageEntry) -> None:
        """A language's form changed: a value typed into a translation staged for deletion
        keeps it; the change-set is reported when it differs from the last one."""
        if not blank(self.fields, entry.state.values):
            entry.deleted = False
            entry.asked = False
        self._problem = None
        self._message = None
        self.stage()

    def drafts(self) -> list[Draft]:
        assert self.setup is not None
        key_field = self.setup.junction_key
        return [
            Draft(
                entry.language.code,
                entry.row.get(key_field) if entry.row is not None else None,
                entry.state.payload(),
                entry.state.values,
                entry.deleted,
            )
            for entry in self.entries.values()
        ]

    def _change_set(self) -> dict[str, list[Any]] | None:
        if self.setup is None:
            return None
        return change_set(self.setup, self.fields, self.drafts())

    def stage(self) -> None:
        self._drop_moot_errors()
        value = self._change_set()
        error = self._typing_error()
        if (value, error) != self._reported:
            self._reported = (value, error)
            self.report(value, error)
        self._draw()

    def _drop_moot_errors(self) -> None:
        """A refusal shown on a language the save no longer writes (its typing given up, its
        delete staged) is moot: it goes, so no language without a translation shows one."""
        for entry in self.entries.values():
            if entry.state.errors and self.effect_of(entry) not in ("create", "update"):
                entry.state.errors.clear()
                if entry.form is not None:
                    entry.form.refresh_rows()

    def _typing_error(self) -> str | None:
        """Text typed in some language that is not a value yet, named by its language."""
        for entry in self.entries.values():
            for name, text in entry.state.input_errors.items():
                if name in self.fields:
                    return f"{entry.language.label}: {text}"
        return None

    def effect_of(self, entry: LanguageEntry) -> str | None:
        assert self.setup is not None
        key = entry.row.get(self.setup.junction_key) if entry.row is not None else None
        draft = Draft(entry.code, key, entry.state.payload(), entry.state.values, entry.deleted)
        return effect(self.fields, draft)

    # form → interface --------------------------------------------------------------------------

    def show_value(self, value: Any) -> None:
        """A revert, or the page saved: the translations are read again and what `value`
        stages (a nested form's starting point) is staged over them; the tab stays."""
        if self.setup is None:
            return
        self._generation += 1
        self._message = None
        self._problem = None
        self._read(self._generation, not self.languages)

    def apply_readonly(self, readonly: bool) -> None:
        """Read-only still shows every language (and the split view); the forms lock."""
        if not self.is_mounted or self.setup is None:
            return
        for entry in self.entries.values():
            entry.state.editable = self.editable
            if entry.form is not None:
                entry.form.refresh_rows()
        self.refresh_bindings()
        self._draw()

    def _switch_now(self, code: str) -> None:
        """Show `code` from a synchronous caller (a check, an engine error): at once when its
        form is built (so the cursor can be sent into it), else once it is."""
        entry = self.entries[code]
        if entry.form is not None:
            self._display(entry)
            self._draw()
            return
        self.run_worker(self._show_and_draw(code), exclusive=False)

    async def _show_and_draw(self, code: str) -> None:
        await self._show_language(code)
        self._draw()
        if self._problem:
            self._focus_in_form(self._problem)

    # drawing -----------------------------------------------------------------------------------

    def tab_of(self, entry: LanguageEntry) -> Tab:
        from studio.ui.widgets.language_tabs import Tab

        total = len(self.fields)
        done = self.effect_of(entry)
        if entry.row is None and done is None:
            return Tab(entry.language.label, "—")
        count = filled(self.fields, entry.state.values)
        tone = "complete" if count == total else "partial" if count else "missing"
        if done == "delete":
            return Tab(entry.language.label, f"{count}/{total}", tone, "✕", "deleted")
        if done == "create":
            return Tab(entry.language.label, f"{count}/{total}", tone, "+", "new")
        if done == "update":
            return Tab(entry.language.label, f"{count}/{total}", tone, "●", "edited")
        return Tab(entry.language.label, f"{count}/{total}", tone)

    def _draw(self) -> None:
        if not self.is_mounted or self.setup is None or not self.entries:
            return
        codes = self.codes()
        current = codes.index(self.current) if self.current in codes else 0
        source = codes.index(self.source) if self.split and self.source in codes else None
        self.tabs.show([self.tab_of(entry) for entry in self.entries.values()], current, source)
        entry = self.entries.get(self.current or "")
        if entry is None:
            return
        self._show_note(entry)
        self.draw_split(entry)
        self._show_hint()

    def _show_note(self, entry: LanguageEntry) -> None:
        """The line under the tabs: a message (a copy refused, a delete staged), else what
        happens to the shown language's translation."""
        note = self.query_one("#tr-note", Static)
        if self._message is not None:
            text, warns = self._message
        else:
            text, warns = self.note(entry)
        note.update(visible(text))
        note.display = bool(text)
        note.set_class(warns, "-warns")

    def note(self, entry: LanguageEntry) -> tuple[str, bool]:
        """A line about the shown language's translation as a whole (and whether it warns)."""
        label = entry.language.label
        done = self.effect_of(entry)
        if done == "delete":
            text = f"The {label} translation is deleted when saved; typing in a field keeps it."
            return text, True
        if done == "create":
            return f"A new {label} translation, created when saved.", False
        if entry.row is None:
            if not self.editable:
                return f"No {label} translation.", False
            return f"No {label} translation yet: typing in a field creates it.", False
        return "", False

    def draw_split(self, entry: LanguageEntry) -> None:
        """The split view's parts (see `translations.py`)."""

    # messages and keys ---------------------------------------------------------------------------

    def keys_hint(self) -> str:
        return ""

    def say(self, text: str, *, error: bool = False) -> None:
        """A message under the tabs (close to the cursor, wherever the form is scrolled) until
        the next edit or language."""
        self._message = (text, error)
        entry = self.entries.get(self.current or "")
        if entry is not None and self.is_mounted:
            self._show_note(entry)

    def _show_hint(self) -> None:
        """The keys, under the field while the cursor is in it."""
        if not self.is_mounted:
            return
        hint = self.query_one("#tr-hint", Static)
        text = self.keys_hint() if self.has_focus_within else ""
        hint.update(visible(text))
        hint.set_class(bool(text), "-shown")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._show_hint()
        if self._message is not None and self._message[1] and event.widget is not self.tabs:
            self._message = None  # a refusal is read once the cursor has moved on
            entry = self.entries.get(self.current or "")
            if entry is not None:
                self._show_note(entry)
        entry = self.entries.get(self.current or "")
        ready = entry is not None and entry.form is not None and entry.form.is_mounted
        if self._focus_form and ready and event.widget is self.tabs:
            self._focus_form = False
            self._focus_in_form()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        self._show_hint()
