"""The list an item was opened from, so the item page can go to the next or previous one."""

from __future__ import annotations

from typing import Any, Protocol


class ItemList(Protocol):
    async def neighbour(self, key: Any, step: int) -> Any | None:
        """The key `step` places after (negative: before) `key` in the list, or None at an end."""
        ...
