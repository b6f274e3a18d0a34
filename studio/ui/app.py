"""`StudioApp`: start-up, the shared session, and navigation between screens.

The first frame is painted before SQLAlchemy is imported (it costs ~0.35 s); the engine is
loaded, the database opened and the schema read in a worker that reports each step on the
start-up view. A failure there ends the app with one line and exit status 2.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme

from studio.resources import stylesheets
from studio.ui.config import Config
from studio.ui.widgets.startup import StartupView

if TYPE_CHECKING:
    from studio.ui.item_list import ItemList
    from studio.ui.session import Session

EXIT_UNAVAILABLE = 2
APP_PREFS = "*"  # the preferences entry that belongs to no database


@dataclass(frozen=True)
class Target:
    """What to open: a URL (or path), or the demo database at `demo_path`."""

    url: str | None = None
    demo_path: Path | None = None
    large: bool = False

    @property
    def label(self) -> str:
        if self.demo_path is not None:
            return f"the demo database ({self.demo_path})"
        return self.url or ""


class StudioApp(App[None]):
    TITLE = "Studio"
    CSS_PATH: ClassVar[list[Path]] = stylesheets()  # type: ignore[assignment]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", id="app.help"),
        Binding("ctrl+g", "data_model", "Data model", id="app.data-model", show=False),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True),
    ]

    class Progress(Message):
        def __init__(self, step: str) -> None:
            super().__init__()
            self.step = step

    class Connected(Message):
        def __init__(self, session: Session) -> None:
            super().__init__()
            self.session = session

    class Failed(Message):
        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, target: Target, config: Config | None = None) -> None:
        super().__init__()
        self.target = target
        self.config = config or Config()
        self._session: Session | None = None
        self.failure: str | None = None
        from studio.ui.commands import StudioCommands

        self.COMMANDS = App.COMMANDS | {StudioCommands}

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the database is not open yet")
        return self._session

    def compose(self) -> ComposeResult:
        yield StartupView(self.target.label)

    def on_mount(self) -> None:
        from studio.ui.config import Prefs

        # A theme picked in the palette is remembered; the settings file's theme wins over it.
        self._app_prefs = Prefs.for_database(APP_PREFS)
        theme = self.config.theme or self._app_prefs.get("app", "theme")
        if theme and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        if self.config.keymap:
            self.set_keymap(self.config.keymap)

    def _remember_theme(self, theme: Theme) -> None:
        self._app_prefs.set("app", "theme", theme.name)

    def on_ready(self) -> None:
        self._start()

    @work(exclusive=True, group="startup", exit_on_error=False)
    async def _start(self) -> None:
        self.post_message(self.Progress("Loading the engine"))
        # Imports in a thread so the start-up view keeps animating while SQLAlchemy loads.
        await asyncio.to_thread(_import_heavy_modules)
        from studio.engine import StudioError
        from studio.ui.config import Prefs
        from studio.ui.session import Session

        try:
            if self.target.demo_path is not None:
                from studio.engine.demo import open_demo

                exists = self.target.demo_path.exists()
                building = "Building" if not exists else "Opening"
                size = " (a million cities: this takes a minute)" if self.target.large else ""
                self.post_message(self.Progress(f"{building} the demo database{size}"))
                db = await open_demo(self.target.demo_path, large=self.target.large)
            else:
                from studio.engine import Database

                self.post_message(self.Progress(f"Connecting to {self.target.url}"))
                db = await Database.open(self.target.url or "")
            self.post_message(self.Progress(f"Reading the schema of {db.description}"))
            overview = await db.overview()
        except StudioError as exc:
            self.post_message(self.Failed(exc.message))
            return
        except Exception as exc:  # a driver error the engine did not foresee; still no traceback
            self.post_message(self.Failed(f"cannot open the database: {exc}"))
            return
        prefs = Prefs.for_database(db.description)
        self.post_message(self.Connected(Session(db, overview, prefs)))

    @on(Progress)
    def _show_progress(self, message: Progress) -> None:
        self.query_one(StartupView).step = message.step

    @on(Failed)
    def _fail(self, message: Failed) -> None:
        self.failure = message.reason
        self.exit(return_code=EXIT_UNAVAILABLE)

    @on(Connected)
    def _connected(self, message: Connected) -> None:
        from studio.ui.screens.browser import BrowserScreen

        self._session = message.session
        self.sub_title = message.session.description
        self.push_screen(BrowserScreen())

    async def on_unmount(self) -> None:
        if self._session is not None:
            await self._session.db.close()

    # navigation ------------------------------------------------------------------------------

    def open_collection(self, collection: str) -> None:
        """Show a collection in the browser (a singleton opens straight to its item). Item pages
        above the browser are closed first, each asking about its unsaved edits."""
        from studio.ui.screens.browser import BrowserScreen

        def show() -> None:
            info = self.session.overview.collections.get(collection)
            if info is not None and info.singleton:
                self.open_singleton(collection)
            elif isinstance(self.screen, BrowserScreen):
                self.screen.show_collection(collection)

        self.leave_screens(lambda screen: isinstance(screen, BrowserScreen), show)

    def leave_screens(self, until: Callable[[Screen[Any]], bool], then: Callable[[], Any]) -> None:
        """Close screens from the top until `until(screen)` holds, then run `then`. A screen
        with a `request_leave(then)` method (an item page with edits) is asked first; if the
        user chooses to stay, nothing further happens."""
        screen = self.screen
        if until(screen) or len(self.screen_stack) <= 2:
            then()
            return

        def left() -> None:
            if self.screen is screen:
                self.pop_screen()
            self.call_later(self.leave_screens, until, then)

        ask = getattr(screen, "request_leave", None)
        if callable(ask):
            ask(left)
        else:
            left()

    async def action_quit(self) -> None:
        """Quit, but never past unsaved edits without asking."""
        if self._session is None:
            self.exit()
            return
        self.leave_screens(lambda screen: False, self.exit)

    def open_item(
        self,
        collection: str,
        key: Any = None,
        item_list: ItemList | None = None,
        *,
        language: Any = None,
    ) -> None:
        """Open an item's page; `key=None` opens an empty form that creates one. The page goes
        on top of the current screen, so following relations builds a back stack: Escape returns
        one level (asking about that level's edits), and each level keeps its own edits.
        `language` opens its translations on that language's tab."""
        from studio.ui.screens.item import ItemScreen

        if key is not None:
            self._warn_open_below(collection, key)
        self.push_screen(ItemScreen(collection, key, item_list=item_list, language=language))

    def _warn_open_below(self, collection: str, key: Any) -> None:
        """The same item already open below with unsaved edits: each page saves only the
        fields edited on it, but the same field saved on both keeps the last save."""
        from studio.ui.interfaces.values import visible
        from studio.ui.screens.item import ItemScreen

        for screen in self.screen_stack:
            if not isinstance(screen, ItemScreen) or not screen.dirty:
                continue
            if (screen.collection, screen.key) == (collection, key):
                label = visible(screen.back_label())
                self.notify(f"{label} is also open below, with unsaved edits.", markup=False)
                return

    def show_where_used(self, collection: str, key: Any, title: str) -> None:
        """List the relations pointing at an item (`title` names it), with counts; each opens
        the items that point at it."""
        from studio.ui.screens.where_used import WhereUsedScreen

        self.push_screen(WhereUsedScreen(collection, key, title))

    def open_coverage(self, collection: str, field: str) -> None:
        """The translation coverage matrix of `collection`'s translations `field`."""
        from studio.ui.screens.coverage import CoverageScreen

        self.push_screen(CoverageScreen(collection, field))

    def open_field_wizard(self, collection: str, field: str | None = None) -> None:
        """The field wizard: a new field in `collection`, or `field`'s settings."""
        from studio.ui.screens.field_wizard import FieldWizardScreen

        self.push_screen(FieldWizardScreen(collection, field))

    @work(group="singleton", exit_on_error=False)
    async def open_singleton(self, collection: str) -> None:
        from studio.ui.screens.item import ItemScreen

        items = await self.session.items(collection).read_many(limit=1, fields=["*"])
        info = self.session.overview.collection(collection)
        key = items[0][info.primary_key] if items and info.primary_key else None
        self.push_screen(ItemScreen(collection, key))

    def action_data_model(self) -> None:
        from studio.ui.screens.data_model import open_data_model

        open_data_model(self)

    def action_help(self) -> None:
        from studio.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.focused, self.screen.active_bindings))


def _import_heavy_modules() -> None:
    for name in ("studio.engine", "studio.engine.items", "studio.ui.session"):
        importlib.import_module(name)
