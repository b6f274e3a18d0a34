"""Step 2 of the wizard (the "Name" tab in advanced mode): the field's key and, for relational
kinds, the related collection(s)."""

from __future__ import annotations

from typing import ClassVar

from studio.ui.wizard.pane import DraftPane


class KeyPane(DraftPane):
    TITLE: ClassVar[str] = "Name"
    INPUTS: ClassVar[frozenset[str]] = frozenset(
        {"field", "related_collection", "allowed_collections"}
    )
