"""The browser's column model: which fields a table shows, how wide, and how a cell reads.

A column is one top-level field of the collection. Plain fields show their value; M2O (and O2O)
fields show the related item through its collection's display template, read through the
relation (`country.name`), so one page costs one query per relational column, not one per row;
to-many fields (O2M, M2M, M2A, translations) show how many items they hold, read with a per-parent
limit so a huge list is never transferred (shown as "100+"). A translated column shows one
translatable field in one language (the title in en-US): the page's translations are read in the
same query as its rows (one more per translations field, filtered to the languages shown), never
one per row. Groups and presentation aliases hold no data and are never columns. Nothing here
imports Textual, so it is tested on its own.
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
from studio.ui.translation_setup import Language, TranslationSetup, find_language

ColumnKind = Literal["value", "m2o", "count", "translation"]
Tone = Literal["missing", "partial", "complete"]

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
    field: str | None = None  # the field read (the key, except for a translated column)
    translated: str | None = None  # translation: the junction's field shown (title)
    language: Any = None  # translation: the language shown (en-US)
    language_field: str | None = None  # translation: the junction's language FK

    @property
    def source(self) -> str:
        """The collection's field this column reads."""
        return self.field or self.key

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
        if self.kind == "translation":
            return [f"{self.source}.{self.translated}", f"{self.source}.{self.language_field}"]
        return [self.key]

    def deep(self) -> dict[str, Any]:
        """Per-relation read options this column needs ({field: options}), merged by
        `read_fields` with the other columns'."""
        if self.kind == "count":
            return {self.key: {"_limit": COUNT_LIMIT + 1}}
        if self.kind == "translation":
            return {self.source: {"_filter": {self.language_field: {"_in": [self.language]}}}}
        return {}

    @property
    def why_unsorted(self) -> str | None:
        """What to tell someone who asks to sort by this column (None: it sorts)."""
        if self.sort_path is not None:
            return None
        if self.kind == "translation":
            return (
                f"{self.label} is read from the translations; it cannot be sorted. "
                "Sort by a field of the item instead."
            )
        return f"{self.label} holds lists; it cannot be sorted."

    def tone(self, item: Mapping[str, Any]) -> Tone | None:
        """A cell's colour (the grid maps it to a style): none for ordinary columns."""
        return None

    def text(self, item: Mapping[str, Any]) -> str:
        """The cell as one line of plain text."""
        value = self.translation_value(item) if self.kind == "translation" else item.get(self.key)
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

    def translation_value(self, item: Mapping[str, Any]) -> Any:
        """A translated column's value: the translated field of this language's row (None
        when the item has no translation in it)."""
        for row in item.get(self.source) or ():
            if isinstance(row, Mapping) and str(row.get(self.language_field)) == str(self.language):
                return row.get(self.translated)
        return None

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


def translation_key(field: str, translated: str, language: Any) -> str:
    """A translated column's key (and its name in the remembered columns): title@en-US. The
    key is split at its first "@" (field names never hold one; a language code may)."""
    return f"{field}.{translated}@{language}"


def translatable(overview: SchemaOverview, setup: TranslationSetup) -> list[str]:
    """The translatable fields in the order the junction's form shows them."""
    return list(setup.fields)


def translation_column(
    overview: SchemaOverview, collection: str, field: str, translated: str, language: Any
) -> Column | None:
    """The column showing `field`'s translatable field `translated` in `language`; None when
    that is not a translatable field of a translations relation."""
    if field not in overview.collection(collection).fields:
        return None
    setup = TranslationSetup.of(overview, collection, field)
    if setup is None or translated not in setup.fields or language in (None, ""):
        return None
    info = setup.field_info(overview, translated)
    base = _column(overview, overview.collection(setup.junction), info)
    width = base.width if base is not None and base.kind == "value" else 24
    label = f"{info.name} ({language})"
    return Column(
        translation_key(field, translated, language),
        label,
        "translation",
        max(width, min(cell_len(label), 24)),
        info.type,
        choices=base.choices if base is not None else None,
        field=field,
        translated=translated,
        language=language,
        language_field=setup.language_field,
    )


def translations_fields(overview: SchemaOverview, collection: str) -> list[TranslationSetup]:
    """The collection's working translations fields, in field order."""
    found = []
    for field in overview.collection(collection).fields.values():
        setup = TranslationSetup.of(overview, collection, field.field)
        if setup is not None:
            found.append(setup)
    return found


def translation_columns(
    overview: SchemaOverview, collection: str, languages: Iterable[Any]
) -> list[Column]:
    """Every translatable field of every translations field, in each of `languages` (codes)."""
    found = []
    codes = list(languages)
    for setup in translations_fields(overview, collection):
        for translated in translatable(overview, setup):
            for code in codes:
                column = translation_column(overview, collection, setup.field, translated, code)
                if column is not None:
                    found.append(column)
    return found


@dataclass(frozen=True)
class TranslatedChoice:
    """One translatable field (the title of `translations`) in every language: the column
    picker shows it as one entry whose language is switched, not one entry per language, so
    a hundred languages still make one line per field."""

    field: str
    translated: str
    name: str
    languages: tuple[Language, ...]
    columns: Mapping[str, Column]  # by the language's code as text
    default_language: Any = None

    def column(self, language: Any) -> Column | None:
        return self.columns.get(str(language))

    def language(self, code: Any) -> Language | None:
        return find_language(self.languages, code)

    def owns(self, column: Column) -> bool:
        return (
            column.kind == "translation"
            and column.field == self.field
            and column.translated == self.translated
        )

    def first_free(self, used: Iterable[Any]) -> Language | None:
        """The language a new entry starts on: the default language, else the first one,
        that no entry uses yet."""
        taken = {str(code) for code in used}
        default = self.language(self.default_language)
        for language in [*([default] if default else []), *self.languages]:
            if str(language.code) not in taken:
                return language
        return None


def translation_choices(
    overview: SchemaOverview, collection: str, languages: Mapping[str, Sequence[Language]]
) -> list[TranslatedChoice]:
    """The picker's translated entries: each translatable field of each translations field
    whose languages were read (`languages` by translations field)."""
    found = []
    for setup in translations_fields(overview, collection):
        known = tuple(languages.get(setup.field) or ())
        for translated in translatable(overview, setup):
            columns = {}
            for language in known:
                column = translation_column(
                    overview, collection, setup.field, translated, language.code
                )
                if column is not None:
                    columns[str(language.code)] = column
            info = setup.field_info(overview, translated)
            found.append(
                TranslatedChoice(
                    setup.field, translated, info.name, known, columns, setup.default_language
                )
            )
    return found


def _default_translated(overview: SchemaOverview, collection: str) -> list[Column]:
    """The first translatable field in the field's default language, for each translations
    field that names one (no read needed: the language comes from the field's options)."""
    found = []
    for setup in translations_fields(overview, collection):
        fields = translatable(overview, setup)
        if setup.default_language is None or not fields:
            continue
        column = translation_column(
            overview, collection, setup.field, fields[0], setup.default_language
        )
        if column is not None:
            found.append(column)
    return found


def default_columns(
    overview: SchemaOverview, collection: str, limit: int = DEFAULT_COLUMNS
) -> list[Column]:
    """The primary key, the display template's fields, a translated title in the default
    language, then the other visible fields."""
    info = overview.collection(collection)
    translated = _default_translated(overview, collection)
    by_key = {c.key: c for c in [*available_columns(overview, collection), *translated]}
    wanted: list[str] = []
    if info.primary_key in by_key:
        wanted.append(info.primary_key)  # type: ignore[arg-type]
    for path in template_fields(info.display_template):
        wanted.append(path.split(".")[0].split(":")[0])
    wanted.extend(column.key for column in translated)
    for key, column in by_key.items():
        if column.kind in ("value", "m2o") and not info.fields[key].hidden:
            wanted.append(key)
    chosen = [by_key[key] for key in dict.fromkeys(wanted) if key in by_key]
    return chosen[:limit]


def columns_from_prefs(
    overview: SchemaOverview, collection: str, saved: Any
) -> list[Column] | None:
    """The remembered columns that still exist (None if nothing usable was remembered). A
    translated column is kept while its field exists, even if its language was deleted: its
    cells are then empty, and the column picker says the language is gone (no read here)."""
    if not isinstance(saved, list):
        return None
    by_key = {c.key: c for c in available_columns(overview, collection)}
    columns = []
    for entry in saved:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("field"), str):
            continue
        column = by_key.get(entry["field"]) or _translated_from_key(
            overview, collection, entry["field"]
        )
        if column is None:
            continue
        width = entry.get("width")
        columns.append(column.with_width(width) if isinstance(width, int) else column)
    return columns or None


def column_from_key(overview: SchemaOverview, collection: str, key: str) -> Column | None:
    """A column by its key: a field, or a translated field (`translations.title@en-US`)."""
    for column in available_columns(overview, collection):
        if column.key == key:
            return column
    return _translated_from_key(overview, collection, key)


def _translated_from_key(overview: SchemaOverview, collection: str, key: str) -> Column | None:
    head, _, language = key.partition("@")
    field, _, translated = head.partition(".")
    if not (language and translated):
        return None
    return translation_column(overview, collection, field, translated, language)


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
        for name, options in column.deep().items():
            deep[name] = _merge_deep(deep.get(name), options)
    paths.extend(template_fields(template))
    return list(dict.fromkeys(paths)), deep


def _merge_deep(before: Mapping[str, Any] | None, options: Mapping[str, Any]) -> dict[str, Any]:
    """Two columns reading one relation: languages add up; a count (which needs every row,
    up to its limit) drops the language filter."""
    if before is None:
        return dict(options)
    if "_limit" in before or "_limit" in options:
        return {"_limit": max(before.get("_limit", 0), options.get("_limit", 0))}
    merged = dict(before)
    wanted = options.get("_filter")
    had = before.get("_filter")
    if isinstance(wanted, Mapping) and isinstance(had, Mapping):
        (name, rule), (old_name, old_rule) = next(iter(wanted.items())), next(iter(had.items()))
        if name == old_name:
            languages = [*old_rule["_in"], *(v for v in rule["_in"] if v not in old_rule["_in"])]
            merged["_filter"] = {name: {"_in": languages}}
    return merged


def item_title(info: CollectionInfo, item: Mapping[str, Any]) -> str:
    """How an item is named to a person: its display template, else its key."""
    return title_of(info.display_template or "", item, info.primary_key).translate(_CONTROL)
