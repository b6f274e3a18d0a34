"""Step 3 of the wizard (the "Interface" tab in advanced mode): the interface's options."""

from __future__ import annotations

from typing import ClassVar

from studio.ui.wizard.pane import DraftPane


class OptionsPane(DraftPane):
    TITLE: ClassVar[str] = "Interface"
    INPUTS: ClassVar[frozenset[str]] = frozenset({"options"})
