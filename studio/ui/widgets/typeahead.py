"""A search box with its results under it, for picking one item out of a big collection.

The owner gives a `search(text)` coroutine (the engine's typeahead). Typing waits for a pause
(`DELAY`) and then searches in an exclusive worker, so only the latest text's results are ever
shown and a slow search never blocks typing. Up/down move through the results, Enter picks
(`Typeahead.Picked`), Escape closes (`Typeahead.Closed`); focus leaving the box closes it too.
Enter pressed before the results for the current text are in picks the first of them as soon as
they arrive, so typing a name and pressing Enter at once does what it says.

The results are rows in the layout (not a floating overlay): the form grows while they are
open and scrolls them into view, which works the same at 80x24 and on any field position.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.events import Blur
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from studio.engine.errors import StudioError
from studio.ui.interfaces.values import visible

DELAY = 0.15  # seconds of quiet typing before a search


@dataclass(frozen=True)
class Suggestion:
    key: Any
    title: str


Search = Callable[[str], Awaitable[Sequence[Suggestion]]]


class SuggestBox(Input):
    """The search box; the arrows move through the results below it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next", show=False, id="m2o.next"),
        Binding("up", "move(-1)", "Previous", show=False, id="m2o.previous"),
        Binding("pagedown", "move(5)", "Page down", show=False, id="m2o.page-down"),
        Binding("pageup", "move(-5)", "Page up", show=False, id="m2o.page-up"),
        Binding("escape", "close", "Close", id="m2o.close"),
    ]

    def action_move(self, step: int) -> None:
        if isinstance(self.parent, Typeahead):
            self.parent.move(step)

    def action_close(self) -> None:
        if isinstance(self.parent, Typeahead):
            self.parent.close(escaped=True)

    def _on_blur(self, event: Blur) -> None:
        super()._on_blur(event)
        if isinstance(self.parent, Typeahead):
            self.parent.call_after_refresh(self.parent.focus_left)


class SuggestionList(OptionList, can_focus=False):
    """The results; the box keeps the focus (a click picks without taking it)."""


class Typeahead(Vertical):
    DEFAULT_CSS = """
    Typeahead { height: auto; display: none; }
    Typeahead.-open { display: block; }
    Typeahead SuggestBox { width: 1fr; }
    Typeahead SuggestionList {
        height: auto; max-height: 11; border: none; padding: 0; background: $panel;
    }
    Typeahead SuggestionList.-empty { display: none; }
    Typeahead .typeahead-status { height: 1; color: $text-muted; padding: 0 1; }
    Typeahead .typeahead-status.-error { color: $error; }
    """

    class Picked(Message):
        def __init__(self, typeahead: Typeahead, suggestion: Suggestion) -> None:
            super().__init__()
            self.typeahead = typeahead
            self.suggestion = suggestion

    class Closed(Message):
        """Closed without a pick; `escaped`: by Escape (else focus went elsewhere)."""

        def __init__(self, typeahead: Typeahead, escaped: bool) -> None:
            super().__init__()
            self.typeahead = typeahead
            self.escaped = escaped

    class Found(Message):
        def __init__(self, text: str, found: Sequence[Suggestion] | None, error: str = "") -> None:
            super().__init__()
            self.text = text
            self.found = found
            self.error = error

    def __init__(
        self,
        search: Search,
        *,
        placeholder: str = "type to search",
        empty_hint: str = "no match",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.search = search
        self.placeholder = placeholder
        self.empty_hint = empty_hint
        self.suggestions: list[Suggestion] = []
        self._shown_for: str | None = None  # the text the listed results are for
        self._timer: Timer | None = None
        self._pick_when_found = False

    def compose(self) -> ComposeResult:
        yield SuggestBox(placeholder=self.placeholder, compact=True, select_on_focus=False)
        yield SuggestionList(classes="-empty")
        yield Static("", classes="typeahead-status", markup=False)

    @property
    def box(self) -> SuggestBox:
        return self.query_one(SuggestBox)

    @property
    def results(self) -> SuggestionList:
        return self.query_one(SuggestionList)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    @property
    def text(self) -> str:
        return self.box.value

    # opening and closing ---------------------------------------------------------------------

    def open(self, text: str = "") -> None:
        """Show the box with `text` typed and search for it at once. Already open (keys typed
        faster than the focus moved to the box), `text` is added to what is there."""
        if self.is_open:
            self.box.insert_text_at_cursor(text)
            return
        self.add_class("-open")
        self._pick_when_found = False
        box = self.box
        with box.prevent(Input.Changed):
            box.value = text
        box.cursor_position = len(text)
        box.focus()
        self._search_now()

    def close(self, *, escaped: bool = False, announce: bool = True) -> None:
        if not self.is_open:
            return
        self._stop_timer()
        self._pick_when_found = False
        self.remove_class("-open")
        self.workers.cancel_group(self, "typeahead")
        self._shown_for = None  # reopened, it shows fresh results only
        self.suggestions = []
        self.results.clear_options()
        self.results.add_class("-empty")
        if announce:
            self.post_message(self.Closed(self, escaped))

    def focus_left(self) -> None:
        """The box lost the focus: close unless it came back (or stayed inside)."""
        if self.is_open and not self.has_focus_within and self.screen.is_active:
            self.close()

    # searching -------------------------------------------------------------------------------

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._stop_timer()
        self._timer = self.set_timer(DELAY, self._search_now)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _search_now(self) -> None:
        self._stop_timer()
        if self._shown_for != self.text:
            self._status("searching…")
        self._run(self.text)

    @work(exclusive=True, group="typeahead", exit_on_error=False)
    async def _run(self, text: str) -> None:
        try:
            found = await self.search(text)
        except StudioError as error:
            self.post_message(self.Found(text, None, f"cannot search: {error.message}"))
            return
        except Exception as error:  # a driver error the engine did not translate
            self.post_message(self.Found(text, None, f"cannot search: {error}"))
            return
        self.post_message(self.Found(text, list(found)))

    @on(Found)
    def _found(self, message: Found) -> None:
        message.stop()
        if not self.is_open or message.text != self.text:
            return  # an older text's results
        self._shown_for = message.text
        if message.found is None:
            self._show([])
            self._status(message.error, error=True)
            return
        self._show(message.found)
        if self._pick_when_found:
            self._pick_when_found = False
            self._pick()

    def _show(self, found: Sequence[Suggestion]) -> None:
        self.suggestions = list(found)
        results = self.results
        results.set_options(self._options(found))
        results.set_class(not found, "-empty")
        if found:
            results.highlighted = 0
        self._status("" if found else self.empty_hint)
        self.call_after_refresh(self.scroll_visible, animate=False)

    def _options(self, found: Sequence[Suggestion]) -> list[Option | None]:
        """One option per result; a divider where the titles stop starting with the text (the
        rest only contain it)."""
        typed = self.text.strip().casefold()
        options: list[Option | None] = []
        divided = not typed
        for index, suggestion in enumerate(found):
            if not divided and not suggestion.title.casefold().startswith(typed):
                divided = True
                if options:
                    options.append(None)
            options.append(Option(Text(visible(suggestion.title) or "—"), id=str(index)))
        return options

    def _status(self, text: str, *, error: bool = False) -> None:
        status = self.query_one(".typeahead-status", Static)
        status.update(text)
        status.display = bool(text)
        status.set_class(error, "-error")

    # moving and picking ----------------------------------------------------------------------

    def move(self, step: int) -> None:
        results = self.results
        if not self.suggestions:
            return
        current = results.highlighted if results.highlighted is not None else -1
        results.highlighted = max(0, min(len(self.suggestions) - 1, current + step))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._timer is not None or self._shown_for != self.text:
            self._pick_when_found = True  # the results for this text are on their way
            self._search_now()
            return
        self._pick()

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.results.highlighted = event.option_index
        self._pick()

    def _pick(self) -> None:
        index = self.results.highlighted
        if not self.suggestions or index is None or not 0 <= index < len(self.suggestions):
            return
        suggestion = self.suggestions[index]
        self.close(announce=False)
        self.post_message(self.Picked(self, suggestion))
