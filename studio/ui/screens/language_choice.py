"""Which language to copy a field's value from: the languages that have a value for it, each
with the start of that value, in a small dialog (arrows and Enter, or the number shown)."""

from __future__ import annotations

from collections.abc import Sequence

from studio.ui.screens.collection_choice import CollectionChoiceScreen

PREVIEW = 48  # characters of each value shown


def preview(text: str, limit: int = PREVIEW) -> str:
    """One line of `text`, cut with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


class LanguageChoiceScreen(CollectionChoiceScreen):
    """`choices`: (language code as text, "Language: value") pairs; dismisses with the code."""

    DEFAULT_CSS = """
    LanguageChoiceScreen > Vertical { width: 72; }
    """

    def __init__(self, title: str, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__(title, choices)
