"""The Directus relationship guide's model as a list of schema steps, so the same model can be
built twice: through the wizard (the pilot) and by calling the schema services directly (the
reference the services' own tests describe). The two databases must then be the same."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from studio.engine import Database
from studio.engine.collections import CollectionsService
from studio.engine.fields import FieldsService
from tests.engine.schema.conftest import snapshot


@dataclass(frozen=True)
class Step:
    """`kind` is "collection" or a wizard kind id; `related` a collection, or for an M2A the
    allowed collections separated by commas; `options` the template's options."""

    kind: str
    collection: str
    key: str = ""
    related: str = ""
    type: str = "string"
    options: Mapping[str, Any] = field(default_factory=dict)


GUIDE = (
    Step("collection", "countries"),
    Step("collection", "cities"),
    Step("input", "countries", "name"),
    Step("input", "cities", "name"),
    Step("m2o", "cities", "country", "countries", options={"corresponding_field": "cities"}),
    Step("o2o", "countries", "capital_city", "cities"),
    Step("collection", "recipes"),
    Step("input", "recipes", "title"),
    Step("collection", "ingredients"),
    Step("input", "ingredients", "name"),
    Step("m2m", "recipes", "ingredients", "ingredients",
         options={"context_fields": [{"field": "quantity", "type": "string"}]}),
    Step("collection", "articles"),
    Step("input", "articles", "slug"),
    Step("m2m", "articles", "related_articles", "articles"),
    Step("translations", "articles", "translations",
         options={"translated_fields": [{"field": "title", "type": "string"}]}),
    Step("collection", "pages"),
    Step("input", "pages", "title"),
    Step("collection", "headings"),
    Step("input", "headings", "title"),
    Step("collection", "text_bodies"),
    Step("input-multiline", "text_bodies", "body", type="text"),
    Step("m2a", "pages", "sections", "headings,text_bodies"),
)  # fmt: skip

INTERFACES = {"input": "input", "input-multiline": "input-multiline", "m2o": "select-dropdown-m2o",
              "o2o": "select-dropdown-m2o", "m2m": "list-m2m", "m2a": "list-m2a",
              "translations": "translations"}  # fmt: skip


async def build_with_services(db: Database, steps: tuple[Step, ...] = GUIDE) -> None:
    collections, fields = CollectionsService(db), FieldsService(db)
    for step in steps:
        meta = {"interface": INTERFACES.get(step.kind, step.kind)}
        if step.kind == "collection":
            await collections.create(step.collection)
        elif step.kind == "m2a":
            allowed = tuple(step.related.split(","))
            await fields.create_m2a(step.collection, step.key, allowed, meta=meta, **step.options)
        elif step.kind == "translations":
            await fields.create_translations(step.collection, step.key, meta=meta, **step.options)
        elif step.kind in {"m2o", "o2o", "o2m", "m2m"}:
            create = getattr(fields, f"create_{step.kind}")
            await create(step.collection, step.key, step.related, meta=meta, **step.options)
        else:
            await fields.create(step.collection, step.key, step.type, meta=meta)


async def comparable(db: Database) -> dict[str, Any]:
    """The database's tables and metadata rows, without the row ids that depend on order."""
    found = await snapshot(db)
    rows = {
        table: sorted(
            ({k: v for k, v in row.items() if k != "id"} for row in table_rows),
            key=repr,
        )
        for table, table_rows in found["rows"].items()
    }
    return {"tables": found["tables"], "rows": rows}
