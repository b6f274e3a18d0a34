"""Where an item is used: the relations pointing at it, each with how many items it lists.

Which relations and the filter of each come from `studio.ui.usages` (no Textual); this screen
counts them (one query per relation, in a worker, each line filled in as its count arrives) and
opens the chosen one as a list of those items (`UsageListScreen`). It is a full screen, not a
dialog: items opened from it may be edited, so the screens below it refresh when it closes, and
the counts and the item's title are read again when it comes back into view.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from studio.engine.errors import StudioError
from studio.engine.templates import template_fields
from studio.ui.columns import item_title
from studio.ui.interfaces.values import visible
from studio.ui.usages import Usage, count_usage, usages

COUNT_WIDTH = 9


class WhereUsedScreen(Screen[None]):
    DEFAULT_CSS = """
    WhereUsedScreen #where-title {
        height: 1; padding: 0 1; background: $panel; text-style: bold;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    WhereUsedScreen #where-list { height: 1fr; border: none; padding: 0 0; }
    WhereUsedScreen #where-status {
        height: 1; padding: 0 1; color: $text-muted; text-wrap: nowrap; text-overflow: ellipsis;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="where-used.back"),
        Binding("r", "recount", "Count again", id="where-used.recount", show=False),
    ]

    class Retitled(Message):
        def __init__(self, title: str) -> None:
            super().__init__()
            self.title = title

    class Counted(Message):
        def __init__(self, index: int, count: int | None, error: str | None = None) -> None:
            super().__init__()
            self.index = index
            self.count = count
            self.error = error

    def __init__(self, collection: str, key: Any, title: str) -> None:
        """`title` names the item ("Paris (France)"); the heading adds its collection."""
        super().__init__()
        self.collection = collection
        self.key = key
        self.title_text = title
        self.usages: list[Usage] = []
        self.counts: dict[int, int | None] = {}
        self.errors: dict[int, str] = {}
        self._recount_on_resume = False

    @property
    def session(self) -> Any:
        return self.app.session  # type: ignore[attr-defined]

    @property
    def options(self) -> OptionList:
        return self.query_one("#where-list", OptionList)

    @property
    def heading(self) -> str:
        name = self.session.overview.collection(self.collection).name
        return f"{name} / {self.title_text}"

    def back_label(self) -> str:
        """How a page opened from here names the way back."""
        return f"where {self.heading} is used"

    def compose(self) -> ComposeResult:
        yield Static(visible(f"Where is {self.heading} used"), id="where-title", markup=False)
        yield OptionList(id="where-list", markup=False)
        yield Static("", id="where-status", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.usages = usages(self.session.overview, self.collection, self.key)
        options = self.options
        options.set_options(Option(self._prompt(i), id=str(i)) for i in range(len(self.usages)))
        if self.usages:
            options.highlighted = 0
        options.focus()
        self._show_status()
        self._count()

    # counting --------------------------------------------------------------------------------

    @work(exclusive=True, group="where-used-count", exit_on_error=False)
    async def _count(self) -> None:
        for index, usage in enumerate(self.usages):
            try:
                count = await count_usage(self.session, usage)
            except StudioError as error:
                self.post_message(self.Counted(index, None, error.message))
                continue
            self.post_message(self.Counted(index, count.value))

    @on(Counted)
    def _counted(self, message: Counted) -> None:
        self.counts[message.index] = message.count
        if message.error is not None:
            self.errors[message.index] = message.error
        else:
            self.errors.pop(message.index, None)
        self.options.replace_option_prompt_at_index(message.index, self._prompt(message.index))
        self._show_status()

    def action_recount(self) -> None:
        self.counts = {}
        self.errors = {}
        for index in range(len(self.usages)):
            self.options.replace_option_prompt_at_index(index, self._prompt(index))
        self._show_status()
        self._count()

    def on_screen_suspend(self) -> None:
        above = self.app.screen
        self._recount_on_resume = above is not self and not isinstance(above, ModalScreen)

    def on_screen_resume(self) -> None:
        """Items opened from here may have been edited or deleted: count again."""
        if self._recount_on_resume:
            self._recount_on_resume = False
            self.action_recount()
            self._read_title()

    @work(exclusive=True, group="where-used-title", exit_on_error=False)
    async def _read_title(self) -> None:
        """The item may have been renamed on a page opened from here."""
        info = self.session.overview.collection(self.collection)
        if not info.display_template:
            return
        try:
            item = await self.session.items(self.collection).read_one(
                self.key, template_fields(info.display_template)
            )
        except StudioError:
            return  # the heading keeps the name it has
        if item is not None:
            self.post_message(self.Retitled(item_title(info, item)))

    @on(Retitled)
    def _retitled(self, message: Retitled) -> None:
        if message.title and message.title != self.title_text:
            self.title_text = message.title
            self.query_one("#where-title", Static).update(visible(f"Where is {self.heading} used"))

    # drawing ---------------------------------------------------------------------------------

    def _prompt(self, index: int) -> Content:
        usage = self.usages[index]
        if index in self.errors:
            number, style = "?", "$error"
        elif index not in self.counts:
            number, style = "…", "$text-muted"
        else:
            count = self.counts[index] or 0
            number, style = f"{count:,}", "bold" if count else "$text-muted"
        text = visible(usage.text())
        parts: list[str | tuple[str, str]] = [(number.rjust(COUNT_WIDTH), style), "  ", text]
        if not usage.listable:
            parts.append(("  (cannot be listed: no primary key)", "$text-muted"))
        if index in self.errors:
            parts.append((f"  ({visible(self.errors[index])})", "$error"))
        return Content.assemble(*parts)

    def _show_status(self) -> None:
        status = self.query_one("#where-status", Static)
        if not self.usages:
            status.update("No relation points at this collection.")
            return
        total = len(self.usages)
        noun = "relation points" if total == 1 else "relations point"
        pending = total - len(self.counts)
        counting = f" · counting {pending}…" if pending else ""
        status.update(
            f"{total} {noun} at {self._collection_name()}{counting} · enter lists the items"
        )

    def _collection_name(self) -> str:
        return visible(self.session.overview.collection(self.collection).name)

    # actions ---------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#where-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(event.option_index)

    def _open(self, index: int) -> None:
        from studio.ui.screens.usage_list import UsageListScreen

        usage = self.usages[index]
        if not usage.listable:
            self.notify(
                f"The items of {visible(usage.noun)} cannot be listed: it has no primary key.",
                markup=False,
            )
            return
        if self.counts.get(index) == 0:
            self.notify(f"No {usage.noun} point at this item.", markup=False)
            return
        title = usage.text(self.title_text)
        self.app.push_screen(UsageListScreen(usage, title=title))

    def action_back(self) -> None:
        self.dismiss()
