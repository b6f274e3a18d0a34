"""Choose one of a few collections: which kind of block a many-to-any field gets (a new one, or
an existing item to add). A small list in a dialog: arrows and Enter, or the number shown before
a name picks at once; Escape picks nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


class CollectionChoiceScreen(ModalScreen[str | None]):
    """`choices`: (collection, name) pairs in the order to show them; `initial` the collection
    highlighted first (the one chosen last time)."""

    DEFAULT_CSS = """
    CollectionChoiceScreen { align: center middle; }
    CollectionChoiceScreen > Vertical {
        width: 44; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $panel; padding: 0 1;
    }
    CollectionChoiceScreen OptionList {
        height: auto; max-height: 14; margin: 1 0 0 0; border: none; padding: 0;
        background: $panel;
    }
    CollectionChoiceScreen .choice-hint { color: $text-muted; height: 1; margin-bottom: 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choice.cancel"),
        *[
            Binding(str(n), f"pick({n - 1})", f"Choose {n}", show=False, id=f"choice.pick-{n}")
            for n in range(1, 10)
        ],
    ]

    def __init__(
        self, title: str, choices: Sequence[tuple[str, str]], initial: str | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.initial = initial

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = Content(self.title_text)  # may hold a field's name
            options = [
                Option(Content(f"{index}  {name}" if index < 10 else f"   {name}"), id=collection)
                for index, (collection, name) in enumerate(self.choices, start=1)
            ]
            yield OptionList(*options, id="choice-list")
            yield Static("enter chooses · esc cancels", classes="choice-hint", markup=False)

    def on_mount(self) -> None:
        listing = self.query_one(OptionList)
        keys = [collection for collection, _ in self.choices]
        listing.highlighted = keys.index(self.initial) if self.initial in keys else 0
        listing.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick" and parameters:
            return int(str(parameters[0])) < len(self.choices)
        return True

    def action_pick(self, index: int) -> None:
        if 0 <= index < len(self.choices):
            self.dismiss(self.choices[index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
