"""The contract between the wizard screen and its panes.

A pane edits one part of the `FieldDraft` (the key, the schema, the relationship, the field's
flags, the interface's options, ...). The standard steps and the advanced tabs are both made of
panes, so a setting has one editor whichever mode shows it. A pane keeps nothing of its own that
the draft does not hold: switching mode or stepping back rebuilds panes from the draft.
"""

from __future__ import annotations

from typing import ClassVar

from textual.widget import Widget

from studio.engine.schema import SchemaOverview
from studio.ui.wizard.draft import FieldDraft


class DraftPane(Widget):
    DEFAULT_CSS = """
    DraftPane { height: auto; }
    """

    # The tab's title in advanced mode.
    TITLE: ClassVar[str] = ""
    # The engine's input names (`StudioError.field`) whose messages this pane shows, so a
    # refusal from the preview is routed to the pane that can fix it.
    INPUTS: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, draft: FieldDraft, overview: SchemaOverview) -> None:
        super().__init__()
        self.draft = draft
        self.overview = overview

    @classmethod
    def applies(cls, draft: FieldDraft) -> bool:
        """Whether this pane has anything to set for the draft's kind (and mode: creating or
        editing an existing field)."""
        return True

    def store(self) -> dict[str, str]:
        """Write what the pane shows into the draft; return the problems found without asking
        the engine, by input name. Nothing is stored for an input with a problem."""
        return {}

    def show_error(self, input_name: str, message: str) -> None:
        """Show a message next to the input it concerns (an engine refusal, or `store`'s)."""
        raise NotImplementedError
