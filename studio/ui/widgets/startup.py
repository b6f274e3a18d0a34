"""The first frame: drawn before the engine is imported, then told each start-up step."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import LoadingIndicator, Static


class StartupView(Widget):
    DEFAULT_CSS = """
    StartupView { height: 1fr; }
    StartupView #startup-title { text-style: bold; width: auto; }
    StartupView #startup-step { width: auto; color: $text-muted; }
    StartupView LoadingIndicator { height: 1; width: 20; }
    """

    step: reactive[str] = reactive("Starting")

    def __init__(self, target: str) -> None:
        super().__init__()
        self.target = target

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static("Studio", id="startup-title", markup=False)
            yield Static(self.target, id="startup-target", markup=False)
            yield LoadingIndicator()
            yield Static(self.step, id="startup-step", markup=False)

    def watch_step(self, step: str) -> None:
        if self.is_mounted:
            self.query_one("#startup-step", Static).update(f"{step}…")
