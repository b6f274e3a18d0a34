"""How a related item is named in a relational field: the field's own template option, else the
related collection's display template, else its key. Titles for many keys are one read."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from studio.engine.schema import SchemaOverview
from studio.engine.templates import format_value, render_template, template_fields

if TYPE_CHECKING:
    from studio.ui.session import Session


def related_template(overview: SchemaOverview, collection: str, option: Any = None) -> str:
    """The template to show items of `collection` with (`option`: the field's `template`)."""
    if isinstance(option, str) and option.strip():
        return option
    info = overview.collection(collection)
    if info.display_template:
        return info.display_template
    return "{{" + str(info.primary_key) + "}}"


_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")


def title_of(template: str, item: Mapping[str, Any], key_field: str | None = None) -> str:
    """One line naming `item`; its key when the template renders to nothing. A part the item
    does not hold (a staged item's related title) leaves no empty brackets: "Lyon", not
    "Lyon ()"."""
    title = " ".join(_EMPTY_BRACKETS.sub("", render_template(template, item)).split())
    if not title and key_field is not None:
        title = format_value(item.get(key_field))
    return " ".join(title.split())


def title_paths(template: str, key_field: str) -> list[str]:
    """The field paths a read needs to name items through `template`."""
    return list(dict.fromkeys([key_field, *template_fields(template)]))


async def read_titles(
    session: Session, collection: str, keys: Iterable[Any], template: str
) -> dict[Any, str]:
    """Titles of the items with these keys, in one read; missing items are left out."""
    wanted = list(dict.fromkeys(k for k in keys if k is not None))
    if not wanted:
        return {}
    info = session.overview.collection(collection)
    key_field = str(info.primary_key)
    found = await session.items(collection).read_by_keys(wanted, title_paths(template, key_field))
    return {item[key_field]: title_of(template, item, key_field) for item in found}
