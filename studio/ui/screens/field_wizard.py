"""The field-creation wizard: 1 choose a kind, 2 name it (and its related collection), 3 set the
interface's options, 4 read the preview, then create.

Nothing is written before Create: the preview is the schema service's `preview_` twin of the
very call Create makes. Every step edits a `FieldDraft` through panes; Escape backs out one step
and leaves the draft as it was typed, so stepping forward again finds it. Advanced mode (ctrl+a,
after step 1) shows steps 2 and 3 as tabs, beside every other pane that applies to the kind. An
engine refusal goes back to the pane that owns the input it names, with its message there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Button,
    ContentSwitcher,
    Footer,
    Input,
    OptionList,
    Static,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option

from studio.engine.changes import SchemaChange
from studio.engine.errors import StudioError
from studio.ui.widgets.schema_change_view import SchemaChangeView
from studio.ui.wizard.catalog import GROUPS, KINDS
from studio.ui.wizard.draft import FieldDraft
from studio.ui.wizard.key_pane import KeyPane
from studio.ui.wizard.options_pane import OptionsPane
from studio.ui.wizard.pane import DraftPane

if TYPE_CHECKING:
    from studio.ui.session import Session

KIND, NAME, OPTIONS, PREVIEW = 1, 2, 3, 4
STEP_NAMES = {KIND: "Kind", NAME: "Name", OPTIONS: "Options", PREVIEW: "Preview"}
STEP_IDS = {KIND: "step-kind", NAME: "step-name", OPTIONS: "step-options", PREVIEW: "step-preview"}
STANDARD_PANES: dict[int, type[DraftPane]] = {NAME: KeyPane, OPTIONS: OptionsPane}


def advanced_panes() -> list[type[DraftPane]]:
    from studio.ui.wizard.panes import ADVANCED_PANES

    return ADVANCED_PANES


class FieldWizardScreen(Screen[SchemaChange | None]):
    DEFAULT_CSS = """
    FieldWizardScreen #wizard-top { height: 2; background: $panel; padding: 0 1; }
    FieldWizardScreen #wizard-title { text-style: bold; }
    FieldWizardScreen #wizard-steps { color: $text-muted; }
    FieldWizardScreen #wizard-body { height: 1fr; }
    FieldWizardScreen #wizard-body > * { height: 1fr; }
    FieldWizardScreen #step-kind { border: none; padding: 0 1; }
    FieldWizardScreen #step-name { overflow-y: auto; }
    FieldWizardScreen #wizard-message { color: $error; height: auto; padding: 0 1; }
    FieldWizardScreen #wizard-message.-empty { display: none; }
    FieldWizardScreen #wizard-buttons { height: 1; align-horizontal: right; padding: 0 1; }
    FieldWizardScreen #wizard-buttons Button { margin-left: 1; min-width: 10; }
    FieldWizardScreen #preview-wait { color: $text-muted; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="wizard.back"),
        Binding("ctrl+n", "next", "Next", id="wizard.next"),
        Binding("ctrl+s", "create", "Create", id="wizard.create"),
        Binding("ctrl+a", "advanced", "Advanced", id="wizard.advanced", priority=True),
    ]

    class Previewed(Message):
        def __init__(self, change: SchemaChange) -> None:
            super().__init__()
            self.change = change

    class Applied(Message):
        def __init__(self, change: SchemaChange) -> None:
            super().__init__()
            self.change = change

    class Refused(Message):
        """The engine refused the preview or the change (nothing was written)."""

        def __init__(self, message: str, input_name: str | None, applying: bool) -> None:
            super().__init__()
            self.message = message
            self.input_name = input_name
            self.applying = applying

    def __init__(self, collection: str, editing: str | None = None) -> None:
        super().__init__()
        self.collection = collection
        self.editing = editing
        self.draft: FieldDraft | None = None
        self.step = KIND
        self.advanced = False
        self.change: SchemaChange | None = None
        self.applying = False
        self.pane: DraftPane | None = None  # the standard step's pane on screen
        self.tabs: list[DraftPane] = []  # advanced mode's panes on screen

    @property
    def session(self) -> Session:
        return self.app.session  # type: ignore[attr-defined,no-any-return]

    # layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="wizard-top"):
            yield Static(Content(self._title()), id="wizard-title")
            yield Static(Content(""), id="wizard-steps")
        with ContentSwitcher(initial=STEP_IDS[KIND], id="wizard-body"):
            yield OptionList(*self._kind_options(), id=STEP_IDS[KIND])
            yield Container(id=STEP_IDS[NAME])
            yield Container(id=STEP_IDS[OPTIONS])
            yield Container(id="step-advanced")
            yield Container(id=STEP_IDS[PREVIEW])
        yield Static("", id="wizard-message", classes="-empty")
        with Horizontal(id="wizard-buttons"):
            yield Button("Back (esc)", id="wizard-back", compact=True)
            yield Button("Next (ctrl+n)", id="wizard-next", variant="primary", compact=True)
            yield Button("Create (ctrl+s)", id="wizard-create", variant="success", compact=True)
        yield Footer()

    def _title(self) -> str:
        if self.editing is not None:
            return f"Edit field {self.collection}.{self.editing}"
        return f"New field in {self.collection}"

    def _kind_options(self) -> list[Option]:
        options: list[Option] = []
        for index, group in enumerate(GROUPS):
            options.append(
                Option(Content.styled(group.label, "bold $accent"), f"group-{index}", True)
            )
            for kind in group.kinds:
                prompt = Content.assemble(
                    "  ", (f"{kind.label:<14}", "bold"), (kind.description, "dim")
                )
                options.append(Option(prompt, kind.id))
        return options

    async def on_mount(self) -> None:
        if self.editing is not None:
            from studio.ui.wizard.existing import draft_for_field

            overview = self.session.overview
            self.draft = draft_for_field(overview, self.collection, self.editing)
            self.advanced = True  # editing shows every pane that can still change something
            await self._go(OPTIONS)
            return
        kinds = self.query_one(f"#{STEP_IDS[KIND]}", OptionList)
        kinds.highlighted = 1
        await self._go(KIND)

    # steps ----------------------------------------------------------------------------------

    @property
    def first_step(self) -> int:
        return KIND if self.editing is None else OPTIONS

    async def _go(self, step: int, *, tab: int | None = None) -> None:
        """Show a step, its panes built afresh from the draft."""
        self.step = step
        self._message("")
        switcher = self.query_one("#wizard-body", ContentSwitcher)
        self.pane = None
        if step in (NAME, OPTIONS) and self.advanced:
            await self._build_tabs(tab)
            switcher.current = "step-advanced"
        elif step in (NAME, OPTIONS):
            assert self.draft is not None
            holder = self.query_one(f"#{STEP_IDS[step]}", Container)
            await holder.remove_children()
            self.pane = STANDARD_PANES[step](self.draft, self.session.overview)
            await holder.mount(self.pane)
            switcher.current = STEP_IDS[step]
            self._focus_pane(self.pane)
        elif step == PREVIEW:
            self.change = None
            holder = self.query_one(f"#{STEP_IDS[PREVIEW]}", Container)
            await holder.remove_children()
            await holder.mount(Static("Working out what will change…", id="preview-wait"))
            switcher.current = STEP_IDS[PREVIEW]
            self._preview()
        else:
            switcher.current = STEP_IDS[KIND]
            self.query_one(f"#{STEP_IDS[KIND]}", OptionList).focus()
        self._show_step()

    async def _build_tabs(self, tab: int | None) -> None:
        assert self.draft is not None
        holder = self.query_one("#step-advanced", Container)
        await holder.remove_children()
        overview = self.session.overview
        self.tabs = [
            cls(self.draft, overview) for cls in advanced_panes() if cls.applies(self.draft)
        ]
        tabbed = TabbedContent(id="advanced-tabs")
        await holder.mount(tabbed)
        for index, pane in enumerate(self.tabs):
            await tabbed.add_pane(TabPane(pane.TITLE, pane, id=f"tab-{index}"))
        if self.tabs:
            chosen = tab if tab is not None else 0
            tabbed.active = f"tab-{chosen}"
            self._focus_pane(self.tabs[chosen])

    def _focus_pane(self, pane: DraftPane) -> None:
        focus_first = getattr(pane, "focus_first", None)
        if callable(focus_first):
            self.call_after_refresh(focus_first)

    def _show_step(self) -> None:
        parts: list[Content | str] = []
        for step in (KIND, NAME, OPTIONS, PREVIEW):
            if self.advanced and step == OPTIONS:
                continue
            name = STEP_NAMES[step]
            label = f"{step} {name}"
            if self.advanced and step == NAME:
                label = "2-3 Settings (advanced)"
            current = step == self.step or (self.advanced and step == NAME and self.step == OPTIONS)
            if parts:
                parts.append(" · ")
            parts.append(Content.styled(label, "bold reverse $accent") if current else label)
        self.query_one("#wizard-steps", Static).update(Content.assemble(*parts))
        self.query_one("#wizard-next", Button).display = self.step != PREVIEW
        create = self.query_one("#wizard-create", Button)
        create.display = self.step == PREVIEW
        create.disabled = self.change is None or bool(self.change.problems) or self.applying
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.step != PREVIEW
        if action == "create":
            return self.step == PREVIEW
        if action == "advanced":
            return self.step != KIND
        return True

    def _message(self, text: str) -> None:
        line = self.query_one("#wizard-message", Static)
        line.update(Content(text))
        line.set_class(not text, "-empty")

    # moving ---------------------------------------------------------------------------------

    async def action_next(self) -> None:
        if self.applying:
            return
        if self.step == KIND:
            kinds = self.query_one(f"#{STEP_IDS[KIND]}", OptionList)
            if kinds.highlighted is not None:
                await self._pick(kinds.get_option_at_index(kinds.highlighted).id)
            return
        if self.step not in (NAME, OPTIONS):
            return
        if self.advanced:
            if await self._store_tabs():
                await self._go(PREVIEW)
            return
        assert self.pane is not None
        problems = self.pane.store()
        if problems:
            for name, message in problems.items():
                self.pane.show_error(name, message)
            return
        await self._go(OPTIONS if self.step == NAME else PREVIEW)

    async def _store_tabs(self) -> bool:
        """Store every tab; on a problem, show the first tab that has one, with its messages."""
        tabbed = self.query_one("#advanced-tabs", TabbedContent)
        first: int | None = None
        for index, pane in enumerate(self.tabs):
            problems = pane.store()
            for name, message in problems.items():
                pane.show_error(name, message)
            if problems and first is None:
                first = index
        if first is not None:
            tabbed.active = f"tab-{first}"
            return False
        return True

    async def action_back(self) -> None:
        if self.applying:
            return
        if self.step == PREVIEW:
            await self._go(OPTIONS)
        elif self.step == KIND or (self.step == self.first_step and not self.advanced):
            self.dismiss(None)
        elif self.advanced or self.step == NAME:
            if self.first_step != KIND:
                self.dismiss(None)
                return
            self._keep_typed()
            await self._go(KIND)
        else:
            self._keep_typed()
            await self._go(NAME)

    def _keep_typed(self) -> None:
        """Stepping back keeps what was typed (an input with a problem keeps its old value)."""
        for pane in self.tabs if self.advanced else [self.pane] if self.pane else []:
            pane.store()

    async def action_advanced(self) -> None:
        if self.step == KIND or self.applying or self.draft is None:
            return
        if self.step in (NAME, OPTIONS):
            self._keep_typed()
        self.advanced = not self.advanced
        self.tabs = []
        target = self.step if self.step != PREVIEW else OPTIONS
        tab = None
        if self.advanced and self.step == OPTIONS:
            tab = self._tab_of(OptionsPane)
        elif not self.advanced:
            target = NAME if self.first_step == KIND else OPTIONS
        await self._go(target, tab=tab)

    def _tab_of(self, cls: type[DraftPane]) -> int | None:
        assert self.draft is not None
        applying = [c for c in advanced_panes() if c.applies(self.draft)]
        return applying.index(cls) if cls in applying else None

    @on(OptionList.OptionSelected, "#step-kind")
    async def _kind_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        await self._pick(event.option.id)

    async def _pick(self, kind_id: str | None) -> None:
        kind = KINDS.get(kind_id or "")
        if kind is None:
            return
        if self.draft is None or self.draft.kind != kind:
            self.draft = FieldDraft(self.collection, kind)
        await self._go(NAME)

    @on(Input.Submitted, "#key-input, #related-input")
    async def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        await self.action_next()

    @on(Button.Pressed)
    async def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "wizard-back":
            await self.action_back()
        elif event.button.id == "wizard-next":
            await self.action_next()
        elif event.button.id == "wizard-create":
            await self.action_create()

    # preview and create ---------------------------------------------------------------------

    @work(exclusive=True, group="wizard-preview", exit_on_error=False)
    async def _preview(self) -> None:
        assert self.draft is not None
        try:
            change = await self.draft.call().preview(self.session.db)
        except StudioError as error:
            self.post_message(self.Refused(error.message, error.field, applying=False))
            return
        except Exception as error:  # a driver error the engine did not translate
            self.post_message(self.Refused(str(error), None, applying=False))
            return
        self.post_message(self.Previewed(change))

    @on(Previewed)
    async def _previewed(self, message: Previewed) -> None:
        if self.step != PREVIEW:
            return
        self.change = message.change
        holder = self.query_one(f"#{STEP_IDS[PREVIEW]}", Container)
        await holder.remove_children()
        view = SchemaChangeView(message.change, id="preview-view")
        await holder.mount(view)
        view.focus()
        self._show_step()

    async def action_create(self) -> None:
        if self.step != PREVIEW or self.applying:
            return
        if self.change is None:
            self._message("The preview is not ready yet.")
            return
        if self.change.problems:
            self._message("This change cannot be applied (see above).")
            return
        self.applying = True
        self._message("")
        self._show_step()
        self._apply()

    @work(exclusive=True, group="wizard-apply", exit_on_error=False)
    async def _apply(self) -> None:
        assert self.draft is not None
        try:
            change = await self.draft.call().apply(self.session.db)
        except StudioError as error:
            self.post_message(self.Refused(error.message, error.field, applying=True))
            return
        except Exception as error:
            self.post_message(self.Refused(str(error), None, applying=True))
            return
        self.post_message(self.Applied(change))

    @on(Applied)
    async def _applied(self, message: Applied) -> None:
        await self.session.reload_overview()
        self.dismiss(message.change)

    @on(Refused)
    async def _refused(self, message: Refused) -> None:
        self.applying = False
        if self.step != PREVIEW:
            return
        await self._route(message.input_name, message.message)

    async def _route(self, input_name: str | None, text: str) -> None:
        """Back to the pane that owns the refused input, with the message next to it."""
        assert self.draft is not None
        if input_name is not None and not self.advanced:
            for step, cls in STANDARD_PANES.items():
                if input_name in cls.INPUTS and cls.applies(self.draft):
                    await self._go(step)
                    if self.pane is not None:  # after the step's own focus has landed
                        self.call_after_refresh(self.pane.show_error, input_name, text)
                    return
        owners = [c for c in advanced_panes() if c.applies(self.draft)]
        for index, cls in enumerate(owners):
            if input_name is not None and input_name in cls.INPUTS:
                self.advanced = True
                await self._go(NAME, tab=index)
                self.call_after_refresh(self.tabs[index].show_error, input_name, text)
                return
        await self._go(OPTIONS)
        self._message(text)
