"""The relational field templates: M2O, O2O, O2M, M2M, M2A and translations.

Each creates everything it needs in one change — the related collection if it does not exist,
the junction, the foreign keys, both relation rows, the alias fields, the languages collection —
named the way Directus's field wizard names them (research/directus.md §3), so a Directus user
finds `recipes_ingredients.recipes_id` where they expect it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from sqlalchemy import Column, ForeignKeyConstraint, Integer, String

from studio.engine import relation_names as names
from studio.engine import types as ft
from studio.engine.changes import SchemaChange
from studio.engine.collections import field_row, plan_new_collection, spec_column
from studio.engine.columns import ColumnSpec, column_type
from studio.engine.errors import StudioError
from studio.engine.meta_rows import DESELECT_ACTIONS, field_values
from studio.engine.names import check_key
from studio.engine.planning import ForeignKeySpec, KeyType, Planner, SchemaService, fk_name
from studio.engine.schema import Relation

ON_DELETE: Final = ("SET NULL", "CASCADE", "RESTRICT", "SET DEFAULT", "NO ACTION")
LANGUAGES: Final = (
    ("en-US", "English", "ltr"),
    ("ar-SA", "Arabic", "rtl"),
    ("de-DE", "German", "ltr"),
    ("fr-FR", "French", "ltr"),
    ("ru-RU", "Russian", "ltr"),
    ("es-ES", "Spanish", "ltr"),
    ("it-IT", "Italian", "ltr"),
    ("pt-BR", "Portuguese", "ltr"),
)
JUNCTION_META: Final = {"hidden": True, "icon": "import_export"}
HIDDEN: Final = {"hidden": True}


def key_column_type(planner: Planner, key_type: KeyType) -> Any:
    return column_type(ColumnSpec(key_type.type, length=key_type.length), planner.dialect)


def choose_on_delete(value: str | None, *, default: str, nullable: bool) -> str:
    action = (value or default).upper().replace("_", " ")
    if action not in ON_DELETE:
        raise StudioError(
            f"On delete is one of {', '.join(ON_DELETE)}; not {value!r}.", field="on_delete"
        )
    if action == "SET NULL" and not nullable:
        raise StudioError(
            "A required foreign key cannot be set to null when its item is "
            "deleted; choose another action.",
            field="on_delete",
        )
    return action


def check_deselect(action: str) -> str:
    if action not in DESELECT_ACTIONS:
        raise StudioError("On deselect is 'nullify' or 'delete'.", field="deselect_action")
    return action


def ensure_collection(planner: Planner, collection: str, *, input_name: str) -> None:
    """A related collection: used if it exists, created with an `id` key if it does not."""
    if planner.exists(collection):
        info = planner.overview.collections.get(collection)
        if info is not None and info.primary_key is None:
            raise StudioError(
                f"{collection!r} cannot be related to: {info.not_editable_reason}.",
                field=input_name,
            )
        return
    check_key(collection, what="collection", field=input_name, prefix=planner.system.prefix)
    planner.change.notes.append(f"collection {collection!r} is created")
    plan_new_collection(planner, collection, key_field=input_name)


def context_columns(
    planner: Planner, specs: Sequence[Mapping[str, Any]], taken: set[str]
) -> list[tuple[Column[Any], dict[str, Any]]]:
    """Extra fields on a new junction: `{"field", "type", "schema"?, "meta"?}` each."""
    from studio.engine.fields import TYPE_SPECIALS, column_spec

    columns = []
    for spec in specs:
        key, kind = spec.get("field"), spec.get("type", ft.STRING)
        check_key(key, what="field", field="context_fields")
        if key in taken:
            raise StudioError(f"The junction already has a field {key!r}.", field="context_fields")
        taken.add(key)
        meta = field_values(spec.get("meta"))
        meta.setdefault("interface", ft.default_interface(kind))
        if kind in TYPE_SPECIALS:
            meta.setdefault("special", ",".join(TYPE_SPECIALS[kind]))
        columns.append(
            (spec_column(key, column_spec(kind, spec.get("schema")), planner.dialect), meta)
        )
    return columns


def plan_m2o(
    planner: Planner,
    collection: str,
    field: str,
    related_collection: str,
    *,
    on_delete: str | None = None,
    unique: bool = False,
    nullable: bool = True,
    corresponding_field: str | None = None,
    meta: Mapping[str, Any] | None = None,
) -> None:
    from studio.engine.fields import check_new_field, table_collection

    table_collection(planner, collection)
    check_new_field(planner, collection, field, input_name="field")
    ensure_collection(planner, related_collection, input_name="related_collection")
    related_pk, key_type = planner.primary_key(related_collection)
    self_relation = related_collection == collection
    action = choose_on_delete(
        on_delete,
        default="NO ACTION" if self_relation or not nullable else "SET NULL",
        nullable=nullable,
    )
    if not nullable and planner.has_rows(collection):
        raise StudioError(
            f"{collection!r} has items, so a new relation must allow none.", field="nullable"
        )
    if corresponding_field is not None:
        check_new_field(
            planner, related_collection, corresponding_field, input_name="corresponding_field"
        )
        if self_relation and corresponding_field == field:
            raise StudioError(
                "The corresponding field needs a name of its own.", field="corresponding_field"
            )
    values = field_values(meta)
    values.setdefault("special", "m2o")
    values.setdefault("interface", "select-dropdown-m2o")
    values.setdefault("display", "related-values")
    planner.add_column(
        collection,
        Column(field, key_column_type(planner, key_type), nullable=nullable),
        foreign_key=ForeignKeySpec(field, related_collection, related_pk, action),
        unique=unique,
    )
    field_row(planner, collection, field, values)
    planner.row(
        "relations",
        "insert",
        {"many_collection": collection, "many_field": field},
        one_collection=related_collection,
        one_field=corresponding_field,
    )
    if corresponding_field is not None:
        field_row(
            planner,
            related_collection,
            corresponding_field,
            {"special": "o2m", "interface": "list-o2m"},
        )


def plan_o2m(
    planner: Planner,
    collection: str,
    field: str,
    related_collection: str,
    *,
    related_field: str | None = None,
    on_delete: str | None = None,
    deselect_action: str = "nullify",
    sort_field: str | None = None,
    meta: Mapping[str, Any] | None = None,
) -> None:
    from studio.engine.fields import check_new_field, table_collection

    table_collection(planner, collection)
    check_new_field(planner, collection, field, input_name="field")
    check_deselect(deselect_action)
    pk, key_type = planner.primary_key(collection)
    fk = related_field or names.junction_field(collection, pk)
    check_key(fk, what="field", field="related_field")
    self_relation = related_collection == collection
    action = choose_on_delete(
        on_delete, default="NO ACTION" if self_relation else "SET NULL", nullable=True
    )
    fk_meta = {"special": "m2o", "interface": "select-dropdown-m2o", "hidden": True}
    relation_values = {
        "one_collection": collection,
        "one_field": field,
        "sort_field": sort_field,
        "one_deselect_action": deselect_action,
    }
    if sort_field is not None:
        check_key(sort_field, what="field", field="sort_field")
    if not planner.exists(related_collection):
        check_key(related_collection, what="collection", field="related_collection")
        planner.change.notes.append(f"collection {related_collection!r} is created")
        extra = [(Column(fk, key_column_type(planner, key_type)), fk_meta)]
        if sort_field is not None:
            extra.append((Column(sort_field, Integer()), dict(HIDDEN)))
        constraint = ForeignKeyConstraint(
            [fk], [f"{collection}.{pk}"], ondelete=action, name=fk_name(related_collection, fk)
        )
        plan_new_collection(
            planner,
            related_collection,
            extra_columns=extra,
            constraints=[constraint],
            key_field="related_collection",
        )
        planner.row(
            "relations",
            "insert",
            {"many_collection": related_collection, "many_field": fk},
            **relation_values,
        )
    else:
        related = planner.collection(related_collection)
        existing = related.fields.get(fk)
        relation = planner.overview.relation_by_many(related_collection, fk)
        key = {"many_collection": related_collection, "many_field": fk}
        if existing is not None:
            _check_reusable_foreign_key(related_collection, fk, collection, relation)
        new_columns: list[tuple[Column[Any], ForeignKeySpec | None]] = []
        if sort_field is not None and sort_field not in related.fields:
            new_columns.append((Column(sort_field, Integer()), None))
        if existing is None:
            fk_column = Column(fk, key_column_type(planner, key_type))
            new_columns.append((fk_column, ForeignKeySpec(fk, collection, pk, action)))
        if new_columns:
            planner.add_columns(related_collection, new_columns)  # one rebuild on SQLite
        if sort_field is not None and sort_field not in related.fields:
            field_row(planner, related_collection, sort_field, HIDDEN)
        if existing is None:
            field_row(planner, related_collection, fk, fk_meta)
        action_row = "update" if relation is not None and relation.has_meta else "insert"
        planner.row("relations", action_row, key, **relation_values)
    values = field_values(meta)
    values.setdefault("special", "o2m")
    values.setdefault("interface", "list-o2m")
    field_row(planner, collection, field, values)


def _check_reusable_foreign_key(
    related_collection: str, fk: str, collection: str, relation: Relation | None
) -> None:
    """An existing field named as an O2M's foreign key must be an M2O to this collection
    that has no reverse field yet."""
    if relation is None:
        raise StudioError(
            f"{related_collection}.{fk} exists but is not a relation; make it an M2O to "
            f"{collection!r} first, or name a new field.",
            field="related_field",
        )
    if relation.one_collection != collection:
        raise StudioError(
            f"{related_collection}.{fk} relates to {relation.one_collection!r}, "
            f"not {collection!r}.",
            field="related_field",
        )
    if relation.one_field:
        raise StudioError(
            f"{related_collection}.{fk} already has the reverse field {relation.one_field!r}.",
            field="related_field",
        )


def plan_m2m(
    planner: Planner,
    collection: str,
    field: str,
    related_collection: str,
    *,
    junction: str | None = None,
    junction_field: str | None = None,
    related_junction_field: str | None = None,
    sort_field: str | None = None,
    context_fields: Sequence[Mapping[str, Any]] = (),
    corresponding_field: str | None = None,
    deselect_action: str = "delete",
    on_delete: str = "SET NULL",
    meta: Mapping[str, Any] | None = None,
    special: str = "m2m",
    interface: str = "list-m2m",
) -> None:
    from studio.engine.fields import check_new_field, table_collection

    table_collection(planner, collection)
    check_new_field(planner, collection, field, input_name="field")
    check_deselect(deselect_action)
    action = choose_on_delete(on_delete, default="SET NULL", nullable=True)
    ensure_collection(planner, related_collection, input_name="related_collection")
    pk_a, type_a = planner.primary_key(collection)
    pk_b, type_b = planner.primary_key(related_collection)
    self_relation = collection == related_collection
    a_id = junction_field or names.junction_field(collection, pk_a)
    b_id = related_junction_field or names.related_junction_field(
        collection, related_collection, pk_b
    )
    for key, name in ((a_id, "junction_field"), (b_id, "related_junction_field")):
        check_key(key, what="field", field=name)
    if a_id == b_id:
        raise StudioError(
            "The junction's two fields need different names.", field="related_junction_field"
        )
    if corresponding_field is not None:
        check_new_field(
            planner, related_collection, corresponding_field, input_name="corresponding_field"
        )
        if self_relation and corresponding_field == field:
            raise StudioError(
                "The corresponding field needs a name of its own.", field="corresponding_field"
            )
    if junction is not None and planner.exists(junction):
        _adopt_junction(planner, junction, a_id, b_id, sort_field)
    else:
        if junction is None:
            junction = names.m2m_junction(collection, related_collection, planner.taken_tables())
        taken = {"id", a_id, b_id}
        extra: list[tuple[Column[Any], dict[str, Any] | None]] = [
            (Column(a_id, key_column_type(planner, type_a)), dict(HIDDEN)),
            (Column(b_id, key_column_type(planner, type_b)), dict(HIDDEN)),
        ]
        if sort_field is not None:
            check_key(sort_field, what="field", field="sort_field")
            taken.add(sort_field)
            extra.append((Column(sort_field, Integer()), dict(HIDDEN)))
        extra += context_columns(planner, context_fields, taken)
        constraints = [
            ForeignKeyConstraint(
                [a_id], [f"{collection}.{pk_a}"], ondelete=action, name=fk_name(junction, a_id)
            ),
            ForeignKeyConstraint(
                [b_id],
                [f"{related_collection}.{pk_b}"],
                ondelete=action,
                name=fk_name(junction, b_id),
            ),
        ]
        plan_new_collection(
            planner,
            junction,
            meta=JUNCTION_META,
            extra_columns=extra,
            constraints=constraints,
            key_field="junction",
        )
    planner.row(
        "relations",
        "insert",
        {"many_collection": junction, "many_field": a_id},
        one_collection=collection,
        one_field=field,
        junction_field=b_id,
        sort_field=sort_field,
        one_deselect_action=deselect_action,
    )
    planner.row(
        "relations",
        "insert",
        {"many_collection": junction, "many_field": b_id},
        one_collection=related_collection,
        one_field=corresponding_field,
        junction_field=a_id,
    )
    values = field_values(meta)
    values.setdefault("special", special)
    values.setdefault("interface", interface)
    field_row(planner, collection, field, values)
    if corresponding_field is not None:
        field_row(
            planner,
            related_collection,
            corresponding_field,
            {"special": special, "interface": interface},
        )


def _adopt_junction(
    planner: Planner, junction: str, a_id: str, b_id: str, sort_field: str | None
) -> None:
    """An existing table used as the junction: its columns must be there; only metadata is
    written (its own foreign keys, if any, are kept as they are)."""
    info = planner.collection(junction)
    missing = [k for k in (a_id, b_id, sort_field) if k is not None and k not in info.fields]
    if missing:
        raise StudioError(f"Junction {junction!r} has no field {missing[0]!r}.", field="junction")
    for key in (a_id, b_id):
        if planner.overview.relation_by_many(junction, key) is not None and any(
            r.has_meta
            for r in planner.overview.relations
            if (r.many_collection, r.many_field) == (junction, key)
        ):
            raise StudioError(f"{junction}.{key} already belongs to a relation.", field="junction")
    planner.change.notes.append(f"existing table {junction!r} is used as the junction")
    if not info.has_meta:
        planner.row("collections", "insert", {"collection": junction}, **JUNCTION_META)
    else:
        planner.row("collections", "update", {"collection": junction}, **JUNCTION_META)
    for key in (a_id, b_id):
        if info.fields[key].has_meta:
            planner.row("fields", "update", {"collection": junction, "field": key}, **HIDDEN)
        else:
            field_row(planner, junction, key, HIDDEN)


def plan_m2a(
    planner: Planner,
    collection: str,
    field: str,
    allowed_collections: Sequence[str],
    *,
    junction: str | None = None,
    sort_field: str | None = None,
    deselect_action: str = "delete",
    on_delete: str = "SET NULL",
    meta: Mapping[str, Any] | None = None,
) -> None:
    from studio.engine.fields import check_new_field, table_collection

    table_collection(planner, collection)
    check_new_field(planner, collection, field, input_name="field")
    check_deselect(deselect_action)
    action = choose_on_delete(on_delete, default="SET NULL", nullable=True)
    if not allowed_collections:
        raise StudioError(
            "Choose at least one collection the items can come from.", field="allowed_collections"
        )
    for allowed in allowed_collections:
        info = planner.overview.collections.get(allowed)
        if info is None or info.is_folder or info.primary_key is None:
            raise StudioError(
                f"{allowed!r} is not a collection items can come from.", field="allowed_collections"
            )
        if info.singleton:
            raise StudioError(
                f"{allowed!r} is a singleton; it cannot be linked to.", field="allowed_collections"
            )
    pk, key_type = planner.primary_key(collection)
    a_id = names.junction_field(collection, pk)
    if junction is None:
        junction = names.m2a_junction(collection, field, planner.taken_tables())
    extra: list[tuple[Column[Any], dict[str, Any] | None]] = [
        (Column(a_id, key_column_type(planner, key_type)), dict(HIDDEN)),
        (Column("item", String(255)), dict(HIDDEN)),
        (Column("collection", String(255)), dict(HIDDEN)),
    ]
    if sort_field is not None:
        check_key(sort_field, what="field", field="sort_field")
        if sort_field in {"id", a_id, "item", "collection"}:
            raise StudioError(f"{sort_field!r} is already a junction field.", field="sort_field")
        extra.append((Column(sort_field, Integer()), dict(HIDDEN)))
    constraint = ForeignKeyConstraint(
        [a_id], [f"{collection}.{pk}"], ondelete=action, name=fk_name(junction, a_id)
    )
    plan_new_collection(
        planner,
        junction,
        meta=JUNCTION_META,
        extra_columns=extra,
        constraints=[constraint],
        key_field="junction",
    )
    planner.row(
        "relations",
        "insert",
        {"many_collection": junction, "many_field": a_id},
        one_collection=collection,
        one_field=field,
        junction_field="item",
        sort_field=sort_field,
        one_deselect_action=deselect_action,
    )
    planner.row(
        "relations",
        "insert",
        {"many_collection": junction, "many_field": "item"},
        one_collection=None,
        one_collection_field="collection",
        one_allowed_collections=",".join(allowed_collections),
        junction_field=a_id,
    )
    values = field_values(meta)
    values.setdefault("special", "m2a")
    values.setdefault("interface", "list-m2a")
    field_row(planner, collection, field, values)


def plan_translations(
    planner: Planner,
    collection: str,
    field: str = "translations",
    *,
    languages_collection: str = "languages",
    junction: str | None = None,
    translated_fields: Sequence[Mapping[str, Any]] = (),
    deselect_action: str = "delete",
    meta: Mapping[str, Any] | None = None,
) -> None:
    if not planner.exists(languages_collection):
        check_key(languages_collection, what="collection", field="languages_collection")
        planner.change.notes.append(
            f"collection {languages_collection!r} is created with {len(LANGUAGES)} languages"
        )
        plan_new_collection(
            planner,
            languages_collection,
            primary_key="string",
            primary_key_field="code",
            meta={"display_template": "{{name}}", "icon": "translate"},
            extra_columns=[
                (Column("name", String(255)), {"interface": "input"}),
                (
                    Column("direction", String(255), server_default="ltr"),
                    {
                        "interface": "select-dropdown",
                        "options": {
                            "choices": [
                                {"text": "Left to right", "value": "ltr"},
                                {"text": "Right to left", "value": "rtl"},
                            ]
                        },
                        "display": "labels",
                    },
                ),
            ],
            key_field="languages_collection",
        )
        planner.seed(
            languages_collection,
            [{"code": c, "name": n, "direction": d} for c, n, d in LANGUAGES],
        )
    if junction is None:
        junction = names.translations_junction(collection, planner.taken_tables())
    values = {"languageField": "name", "languageDirectionField": "direction"}
    options = dict(values)
    options.update((meta or {}).get("options") or {})
    plan_m2m(
        planner,
        collection,
        field,
        languages_collection,
        junction=junction,
        context_fields=translated_fields,
        deselect_action=deselect_action,
        meta={**(meta or {}), "options": options},
        special="translations",
        interface="translations",
    )


class RelationalTemplates(SchemaService):
    """The templates as service methods (mixed into `FieldsService`)."""

    async def preview_create_m2o(
        self, collection: str, field: str, related_collection: str, **options: Any
    ) -> SchemaChange:
        return await self._preview(
            f"Create M2O {collection}.{field}",
            plan_m2o,
            collection,
            field,
            related_collection,
            **options,
        )

    async def create_m2o(
        self, collection: str, field: str, related_collection: str, **options: Any
    ) -> SchemaChange:
        """A foreign key to `related_collection` (created if missing). Options: on_delete,
        unique (an O2O), nullable, corresponding_field (the O2M alias on the other side), meta."""
        return await self._apply(
            f"Create M2O {collection}.{field}",
            plan_m2o,
            collection,
            field,
            related_collection,
            **options,
        )

    async def preview_create_o2o(
        self, collection: str, field: str, related_collection: str, **options: Any
    ) -> SchemaChange:
        return await self.preview_create_m2o(
            collection, field, related_collection, unique=True, **options
        )

    async def create_o2o(
        self, collection: str, field: str, related_collection: str, **options: Any
    ) -> SchemaChange:
        """An M2O whose foreign key is unique."""
        return await self.create_m2o(collection, field, related_collection, unique=True, **options)

    async def preview_create_o2m(
        self, collection: str, field: str, related_collection: str, **options: Any
    ) -> SchemaChange:
        return await self._preview(
            f"Create O2M {collection}.{field}",
            plan_o2m,
            collection,
            field,
            related_collection,
            **options,
        )

    async def create_o2m(
        self, collection: str, field: str, related_collection: str, **options: Any
    ) -> SchemaChange:
        """The alias listing `related_collection` items whose FK points here. Options:
        related_field (existing M2O or a new hidden one), on_delete, deselect_action,
        sort_field (created if missing), meta."""
        return await self._apply(
            f"Create O2M {collection}.{field}",
            plan_o2m,
            collection,
            field,
            related_collection,
            **options,
        )

    async def preview_create_m2m(
        self, collection: str, field: str, related_collection: str, **options: Any
    ) -> SchemaChange:
        return await self._preview(
            f"Create M2M {collection}.{field}",
            plan_m2m,
            collection,
            field,
            related_collection,
            **options,
        )

    async def create_m2m(
        self, collection: str, field: str, related_collection: str, **options: Any
    ) -> SchemaChange:
        """Junction `<collection>_<related>` with `<collection>_id`/`<related>_id`. Options:
        junction (an existing table is adopted), junction_field, related_junction_field,
        sort_field, context_fields, corresponding_field, deselect_action, on_delete, meta."""
        return await self._apply(
            f"Create M2M {collection}.{field}",
            plan_m2m,
            collection,
            field,
            related_collection,
            **options,
        )

    async def preview_create_m2a(
        self, collection: str, field: str, allowed_collections: Sequence[str], **options: Any
    ) -> SchemaChange:
        return await self._preview(
            f"Create M2A {collection}.{field}",
            plan_m2a,
            collection,
            field,
            allowed_collections,
            **options,
        )

    async def create_m2a(
        self, collection: str, field: str, allowed_collections: Sequence[str], **options: Any
    ) -> SchemaChange:
        """Junction `<collection>_<field>` with `<collection>_id`, `item`, `collection`.
        Options: junction, sort_field, deselect_action, on_delete, meta."""
        return await self._apply(
            f"Create M2A {collection}.{field}",
            plan_m2a,
            collection,
            field,
            allowed_collections,
            **options,
        )

    async def preview_create_translations(
        self, collection: str, field: str = "translations", **options: Any
    ) -> SchemaChange:
        return await self._preview(
            f"Create translations {collection}.{field}",
            plan_translations,
            collection,
            field,
            **options,
        )

    async def create_translations(
        self, collection: str, field: str = "translations", **options: Any
    ) -> SchemaChange:
        """Junction `<collection>_translations` with `<collection>_id`/`languages_code`; the
        languages collection is created and seeded only if missing. Options:
        languages_collection, junction, translated_fields, deselect_action, meta."""
        return await self._apply(
            f"Create translations {collection}.{field}",
            plan_translations,
            collection,
            field,
            **options,
        )
