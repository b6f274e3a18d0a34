"""An input for a collection or field key: what is typed or pasted becomes key characters as
it goes in (lowercase ASCII letters, digits, `_` for anything else, accents dropped), inside
the input's own key handling, so fast typing loses nothing to a rewrite after the fact."""

from __future__ import annotations

import unicodedata

from textual.widgets import Input


def key_characters(text: str, before: str) -> str:
    """`text` as key characters, given the character `before` it ("" at the start): no `_`
    at the start of a key and no two in a row."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out: list[str] = []
    previous = before
    for char in ascii_text.lower():
        if not (char.isascii() and char.isalnum()):
            char = "_"
        if char == "_" and previous in ("", "_"):
            continue
        out.append(char)
        previous = char
    return "".join(out)


class KeyInput(Input):
    def replace(self, text: str, start: int, end: int) -> None:
        if text:
            text = key_characters(text, self.value[:start][-1:])
            if not text:
                return
        super().replace(text, start, end)
