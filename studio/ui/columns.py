"""The browser's column model: which fields a table shows, how wide, and how a cell reads.

A column is one top-level field of the collection. Plain fields show their value; M2O (and O2O)
fields show the related item through its collection's display template, read through the
relation (`country.name`), so one page costs one query per relational column, not one per row;
to-many fields (O2M, M2M, M2A, translations) show how many items they hold, read with a per-parent
limit so a huge list is never transferred (shown as "100+"). Groups and presentation aliases hold
no data and are never columns. Nothing here imports Textual, so it is tested on its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from rich.cells import cell_len, set_cell_size

from studio.engine import types as ft
from studio.engine.paths import relation_kind
from studio.engine.schema import CollectionInfo, FieldInfo, SchemaOverview
from studio.engine.templates import format_value, template_fields
from studio.ui.related import title_of

ColumnKind = Literal["value", "m2o", "count"]

DEFAULT_COLUMNS = 5
MIN_WIDTH = 3
MAX_WIDTH = 120
COUNT_LIMIT = 100  # a to-many column reads one more than this per row, then says "100+"

_WIDTHS = {
    ft.INTEGER: 8,
    ft.BIG_INTEGER: 10,
    ft.FLOAT: 10,
    ft.DECIMAL: 10,
    ft.BOOLEAN: 5,
    ft.DATE: 10,
    ft.TIME: 8,
    ft.DATETIME: 23,
    ft.TIMESTAMP: 23,
    ft.UUID: 36,
    ft.TEXT: 36,
    ft.JSON: 28,
    ft.CSV: 24,
    ft.HASH: 12,
}
# Control characters never reach the terminal (an ESC in a value could drive it): line breaks
# and tabs become spaces, the rest a replacement mark.
_CONTROL = {code: "�" for code in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
_CONTROL.update({ord(c): " " for c in "\n\r\t\v\f"})


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: ColumnKind
    width: int
    type: str
    template: str | None = None  # m2o: the related collection's display template
    related_key: str | None = None  # m2o: the related collection's primary key
    sort_path: str | None = None  # None: the column cannot be sorted
    choices: Mapping[str, str] | None = None  # a dropdown's values shown as their labels

    @property
    def numeric(self) -> bool:
        return self.kind == "count" or (self.kind == "value" and self.type in ft.NUMERIC_TYPES)

    @property
    def read_paths(self) -> list[str]:
        """The field paths to request for this column."""
        if self.kind == "m2o" and self.template:
            return [f"{self.key}.{path}" for path in template_fields(self.template)] + [
                f"{self.key}.{self.related_key}"
            ]
        return [self.key]

    def text(self, item: Mapping[str, Any]) -> str:
        """The cell as one line of plain text."""
        value = item.get(self.key)
        if self.kind == "count":
            if not isinstance(value, list):
                return ""
            return f"{COUNT_LIMIT}+" if len(value) > COUNT_LIMIT else str(len(value))
        if self.kind == "m2o" and isinstance(value, Mapping):
            shown = title_of(self.template or "", value)
            if not shown.strip():
                shown = format_value(value.get(self.related_key or ""))
            return shown.translate(_CONTROL)
        shown = format_value(value)
        if self.choices and shown in self.choices:
            shown = self.choices[shown]
        return shown.translate(_CONTROL)

    def cell(self, item: Mapping[str, Any] | None) -> str:
        """The cell padded or cut to the column's width (cut text ends in an ellipsis)."""
        return fit(self.text(item) if item is not None else "", self.width, self.numeric)

    def with_width(self, width: int) -> Column:
        return replace(self, width=max(MIN_WIDTH, min(MAX_WIDTH, width)))


def fit(text: str, width: int, right: bool = False) -> str:
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…"
    if right:
        return " " * (width - length) + text
    return text + " " * (width - length)


def available_columns(overview: SchemaOverview, collection: str) -> list[Column]:
    """Every field that can be a column, in the collection's field order."""
    info = overview.collection(collection)
    columns = []
    for field in info.fields.values():
        column = _column(overview, info, field)
        if column is not None:
            columns.append(column)
    return columns


def _column(overview: SchemaOverview, info: CollectionInfo, field: FieldInfo) -> Column | None:
    kind, relation = relation_kind(overview, field)
    label = field.name
    if kind == "o2m":
        return Column(field.field, label, "count", max(7, min(cell_len(label), 16)), field.type)
    if field.is_alias:
        return None
    if kind == "m2o" and relation is not None and relation.one_collection in overview.collections:
        related = overview.collection(relation.one_collection)
        template = related.display_template or (
            "{{" + related.primary_key + "}}" if related.primary_key else None
        )
        first = template_fields(template)[:1]
        sort_path = field.field
        head = related.fields.get(first[0]) if first else None
        if head is not None and not head.is_alias:
            sort_path = f"{field.field}.{head.field}"
        if template and related.primary_key:
            width = max(min(cell_len(label), 20), 22)
            return Column(
                field.field,
                label,
                "m2o",
                width,
                field.type,
                template=template,
                related_key=related.primary_key,
                sort_path=sort_path,
            )
    width = _WIDTHS.get(field.type)
    labels = _choices(field)
    if field.is_primary_key and field.type == ft.INTEGER:
        width = 7
    if labels:
        width = max(cell_len(text) for text in labels.values())
    if width is None:  # strings: their length, within reason
        width = max(6, min(field.max_length or 24, 24))
    width = max(width, min(cell_len(label), 20))
    return Column(
        field.field, label, "value", width, field.type, sort_path=field.field, choices=labels
    )


def _choices(field: FieldInfo) -> dict[str, str] | None:
    """A dropdown's {value: label}, from the field's interface options."""
    raw = (field.options or {}).get("choices")
    if not raw or not isinstance(raw, Sequence) or isinstance(raw, str):
        return None
    found = {}
    for choice in raw:
        if isinstance(choice, Mapping) and "value" in choice:
            found[format_value(choice["value"])] = str(choice.get("text") or choice["value"])
    return found or None


def default_columns(
    overview: SchemaOverview, collection: str, limit: int = DEFAULT_COLUMNS
) -> list[Column]:
    """The primary key, the display template's fields, then the other visible fields."""
    info = overview.collection(collection)
    by_key = {c.key: c for c in available_columns(overview, collection)}
    wanted: list[str] = []
    if info.primary_key in by_key:
        wanted.append(info.primary_key)  # type: ignore[arg-type]
    for path in template_fields(info.display_template):
        wanted.append(path.split(".")[0].split(":")[0])
    for key, column in by_key.items():
        if column.kind != "count" and not info.fields[key].hidden:
            wanted.append(key)
    chosen = [by_key[key] for key in dict.fromkeys(wanted) if key in by_key]
    return chosen[:limit]


def columns_from_prefs(
    overview: SchemaOverview, collection: str, saved: Any
) -> list[Column] | None:
    """The remembered columns that still exist (None if nothing usable was remembered)."""
    if not isinstance(saved, list):
        return None
    by_key = {c.key: c for c in available_columns(overview, collection)}
    columns = []
    for entry in saved:
        if not isinstance(entry, Mapping) or entry.get("field") not in by_key:
            continue
        column = by_key[entry["field"]]
        width = entry.get("width")
        columns.append(column.with_width(width) if isinstance(width, int) else column)
    return columns or None


def columns_to_prefs(columns: Iterable[Column]) -> list[dict[str, Any]]:
    return [{"field": c.key, "width": c.width} for c in columns]


def read_fields(
    columns: Sequence[Column], primary_key: str, template: str | None
) -> tuple[list[str], dict[str, Any]]:
    """The fields (and `deep` options) one page read asks for: the columns, the key and what
    the collection's display template needs (for titles in confirmations)."""
    paths = [primary_key]
    deep: dict[str, Any] = {}
    for column in columns:
        paths.extend(column.read_paths)
        if column.kind == "count":
            deep[column.key] = {"_limit": COUNT_LIMIT + 1}
    paths.extend(template_fields(template))
    return list(dict.fromkeys(paths)), deep


def item_title(info: CollectionInfo, item: Mapping[str, Any]) -> str:
    """How an item is named to a person: its display template, else its key."""
    return title_of(info.display_template or "", item, info.primary_key).translate(_CONTROL)
