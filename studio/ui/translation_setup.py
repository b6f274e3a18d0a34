"""What a translations field is made of, resolved once: the junction holding one row per
language, its two foreign keys, the languages collection, and the translatable fields; plus the
languages themselves and how complete a translation is (no Textual, no SQL: engine calls only).

The tabs, the coverage matrix and the browser's translated columns all count "filled" the same
way the engine's `_empty` filter does (null, "" and an empty JSON value are empty), so what the
matrix counts with one query per language is what a tab shows for one item.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from studio.engine import types as ft
from studio.engine.relations import RelationKind
from studio.engine.schema import FieldInfo, SchemaOverview
from studio.ui.form.layout import ordered

if TYPE_CHECKING:
    from studio.ui.session import Session

Status = Literal["missing", "partial", "complete"]

DIRECTION_FIELD = "direction"  # Directus's default for `languageDirectionField`
RTL = "rtl"


@dataclass(frozen=True)
class Language:
    """One language of the languages collection: its key (`code`), its label and direction."""

    code: Any
    name: str
    rtl: bool = False

    @property
    def label(self) -> str:
        """The name a tab shows; a right-to-left language says so."""
        return f"{self.name} (RTL)" if self.rtl else self.name


@dataclass(frozen=True)
class TranslationSetup:
    """A translations field resolved: `junction` (articles_translations) holds a row per item
    and language; `parent_field` (articles_id) points at the item, `language_field`
    (languages_code) at the language; `fields` are the translatable ones (the junction's
    fields minus its key, both foreign keys, a sort field and aliases), in form order."""

    collection: str
    field: str
    junction: str
    junction_key: str
    parent_field: str
    language_field: str
    languages: str
    language_key: str
    label_field: str | None
    direction_field: str | None
    fields: tuple[str, ...]
    default_language: Any = None

    @classmethod
    def of(
        cls,
        overview: SchemaOverview,
        collection: str,
        field: str,
        options: Mapping[str, Any] | None = None,
    ) -> TranslationSetup | None:
        """None when the field is not a working translations relation (a table is missing)."""
        relation = overview.relation_info(collection, field)
        if relation.kind != RelationKind.TRANSLATIONS:
            return None
        junction = relation.junction_collection
        languages = relation.related_collection
        parent_field = relation.junction_field
        language_field = relation.junction_related_field
        if not (junction and languages and parent_field and language_field):
            return None
        if junction not in overview.collections or languages not in overview.collections:
            return None
        junction_info = overview.collection(junction)
        language_info = overview.collection(languages)
        if junction_info.primary_key is None or language_info.primary_key is None:
            return None
        if options is None:
            options = overview.field(collection, field).options or {}
        skip = {junction_info.primary_key, parent_field, language_field, relation.sort_field}
        fields = tuple(
            info.field
            for info in ordered(list(junction_info.fields.values()))
            if info.field not in skip and not info.is_alias
        )
        label = options.get("languageField")
        if label not in language_info.fields:
            label = _label_field(language_info.display_template, language_info.fields)
        direction = options.get("languageDirectionField") or DIRECTION_FIELD
        return cls(
            collection=collection,
            field=field,
            junction=junction,
            junction_key=junction_info.primary_key,
            parent_field=parent_field,
            language_field=language_field,
            languages=languages,
            language_key=language_info.primary_key,
            label_field=label,
            direction_field=direction if direction in language_info.fields else None,
            fields=fields,
            default_language=options.get("defaultLanguage"),
        )

    def field_info(self, overview: SchemaOverview, name: str) -> FieldInfo:
        return overview.field(self.junction, name)

    def initial(self, languages: Sequence[Language], wanted: Any = None) -> Language | None:
        """The tab to open on: `wanted` (the coverage matrix's cell), else the field's default
        language, else the first language."""
        for code in (wanted, self.default_language):
            found = find_language(languages, code)
            if found is not None:
                return found
        return languages[0] if languages else None

    def rows_query(self, key: Any) -> dict[str, Any]:
        """One read for every translation of item `key`."""
        return {
            "fields": [self.junction_key, self.language_field, *self.fields],
            "filter": {self.parent_field: {"_eq": key}},
            "limit": -1,
        }


def _label_field(template: str | None, fields: Mapping[str, FieldInfo]) -> str | None:
    """The languages collection's first plain field in its display template, else `name`."""
    from studio.engine.templates import template_fields

    for path in template_fields(template):
        if "." not in path and path in fields:
            return path
    return "name" if "name" in fields else None


def find_language(languages: Sequence[Language], code: Any) -> Language | None:
    if code is None:
        return None
    return next((lang for lang in languages if str(lang.code) == str(code)), None)


async def read_languages(session: Session, setup: TranslationSetup) -> list[Language]:
    """Every language, one read, in the languages collection's own order: its sort field if it
    has one, else its key (as Directus lists items)."""
    info = session.overview.collection(setup.languages)
    fields = [setup.language_key]
    fields += [name for name in (setup.label_field, setup.direction_field) if name]
    sort = [info.sort_field] if info.sort_field else []
    rows = await session.items(setup.languages).read_many(
        {"fields": list(dict.fromkeys(fields)), "sort": [*sort, setup.language_key], "limit": -1}
    )
    found = []
    for row in rows:
        code = row.get(setup.language_key)
        label = row.get(setup.label_field) if setup.label_field else None
        direction = row.get(setup.direction_field) if setup.direction_field else None
        rtl = str(direction or "").strip().lower() == RTL
        found.append(Language(code, str(label) if label not in (None, "") else str(code), rtl))
    return found


def is_filled(field: FieldInfo, value: Any) -> bool:
    """Filled as the engine's `_nempty` sees it: not null, not "", not an empty JSON value."""
    if value is None:
        return False
    if field.type in (ft.STRING, ft.TEXT, ft.CSV, ft.HASH) and value == "":
        return False
    return not (field.type == ft.JSON and value in ("", [], {}))


def completeness(
    overview: SchemaOverview, setup: TranslationSetup, row: Mapping[str, Any] | None
) -> tuple[int, int]:
    """(filled translatable fields, total) of one translation; (0, total) when it is missing."""
    total = len(setup.fields)
    if row is None:
        return 0, total
    filled = sum(
        1 for name in setup.fields if is_filled(setup.field_info(overview, name), row.get(name))
    )
    return filled, total


def status(
    overview: SchemaOverview, setup: TranslationSetup, row: Mapping[str, Any] | None
) -> Status:
    if row is None:
        return "missing"
    filled, total = completeness(overview, setup, row)
    return "complete" if filled == total else "partial"
