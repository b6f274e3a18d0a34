"""Display templates: the paths they need, read in one go, rendered as text."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from studio.engine import Database
from studio.engine.items import ItemsService
from studio.engine.templates import format_value, render_template, template_fields


def test_fields_of_a_template() -> None:
    assert template_fields("{{name}} ({{ country.name }}) {{name}}") == ["name", "country.name"]
    assert template_fields(None) == []
    assert template_fields("plain text") == []


def test_rendering_values_and_gaps() -> None:
    item = {"name": "Lyon", "country": None, "tags": ["a", "b"]}
    assert render_template("{{name}} ({{country.name}})", item) == "Lyon ()"
    assert render_template("{{name}} ({{country.name}})", item, empty="—") == "Lyon (—)"
    assert render_template("{{tags}}", item) == "a, b"
    assert render_template("[/x] {{name}}", item) == "[/x] Lyon"
    assert format_value(True) == "Yes"
    assert format_value(Decimal("1.50")) == "1.50"
    assert format_value(date(2024, 2, 29)) == "2024-02-29"
    assert format_value(datetime(2024, 2, 29, 8, 0, tzinfo=UTC)) == "2024-02-29 08:00:00 UTC"


async def test_a_template_through_relations(guide: Database) -> None:
    template = "{{title}}: {{ingredients.ingredients_id.name}}"
    recipe = await ItemsService(guide, "recipes").read_one(2, template_fields(template))
    assert render_template(template, recipe) == "Omelette: Egg, Salt"
    overview = await guide.overview()
    city_template = overview.collection("cities").display_template
    city = await ItemsService(guide, "cities").read_one(3, template_fields(city_template))
    assert render_template(city_template, city) == "Paris (France)"
