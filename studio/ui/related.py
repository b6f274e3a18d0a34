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
_TOKEN = re.compile(r"({{.*?}})")
_SEPARATOR_ONLY = re.compile(r"[\s\u2014\u2013\-:\u00b7,|/]*")  # spaces, dashes, : · , | /


def _rendered(template: str, item: Mapping[str, Any]) -> str:
    """The template with each empty part's separator gone: text made only of separators
    stays only between two parts that have a value ("Egg — 3", but "Egg" alone)."""
    pieces = _TOKEN.split(template)
    values = [
        render_template(piece, item) if index % 2 else piece for index, piece in enumerate(pieces)
    ]
    filled = [bool(index % 2 and value.strip()) for index, value in enumerate(values)]
    kept: list[str] = []
    separated = True  # a separator was kept since the last part with a value
    for index, value in enumerate(values):
        if index % 2:
            separated = separated and not filled[index]
        elif _SEPARATOR_ONLY.fullmatch(value) and "{{" in template:
            if separated or not any(filled[index + 1 :]):
                continue
            separated = True
        kept.append(value)
    return "".join(kept)


def title_of(template: str, item: Mapping[str, Any], key_field: str | None = None) -> str:
    """One line naming `item`; its key when the template renders to nothing. A part the item
    does not hold (a staged item's related title, an empty quantity) leaves no empty brackets
    and no loose separator: "Lyon", not "Lyon ()"; "Egg", not "Egg —"."""
    title = " ".join(_EMPTY_BRACKETS.sub("", _rendered(template, item)).split())
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
