"""The M2M list's sources without the app: which template names a link (from either side of the
demo's M2Ms), which junction fields are the link's own, how a search reaches the related item,
and how a staged link is named."""

from __future__ import annotations

from studio.engine import Database
from studio.engine.collections import CollectionsService
from studio.engine.items import ItemsService
from studio.ui.m2m_reads import context_fields, junction_source, link_template, link_title


async def test_the_field_s_template_comes_first(demo_db: Database) -> None:
    overview = await demo_db.overview()
    option = "{{ingredients_id.name}} — {{quantity}}"
    assert link_template(overview, "recipes", "ingredients", option) == option


async def test_the_junction_s_template_only_when_it_names_the_other_side(
    demo_db: Database,
) -> None:
    overview = await demo_db.overview()
    # "{{quantity}} {{ingredients_id.name}}" names the ingredient: right from a recipe ...
    assert link_template(overview, "recipes", "ingredients", None) == (
        "{{quantity}} {{ingredients_id.name}}"
    )
    # ... but from an ingredient it would name the ingredient itself: the recipe's instead
    assert link_template(overview, "ingredients", "recipes", None) == "{{recipes_id.title}}"
    assert link_template(overview, "articles", "related_articles", None) == (
        "{{related_articles_id.slug}}"
    )


async def test_without_templates_a_link_is_named_by_the_related_key(demo_db: Database) -> None:
    collections = CollectionsService(demo_db)
    await collections.update("recipes_ingredients", {"display_template": "{{quantity}}"})
    await collections.update("recipes", {"display_template": None})
    demo_db.invalidate_overview()
    overview = await demo_db.overview()
    # a junction template that never reaches the recipe does not name the link
    assert link_template(overview, "ingredients", "recipes", None) == "{{recipes_id.id}}"


async def test_the_link_s_own_fields_leave_out_keys_and_either_side_s_sort(
    demo_db: Database,
) -> None:
    overview = await demo_db.overview()
    assert context_fields(overview, "recipes", "ingredients") == ["quantity"]
    assert context_fields(overview, "ingredients", "recipes") == ["quantity"]
    assert context_fields(overview, "articles", "related_articles") == []


async def test_a_search_reaches_the_related_item_and_the_link_s_own_fields(
    demo_db: Database,
) -> None:
    overview = await demo_db.overview()
    source = junction_source(overview, "recipes", "ingredients", 2, None, demo_db.dialect)
    assert source.where("") == ({"recipes_id": {"_eq": 2}}, None)
    rule, search = source.where("3")
    assert search is None
    assert rule["_and"][0] == {"recipes_id": {"_eq": 2}}
    wanted = rule["_and"][1]["_or"]
    assert {"ingredients_id": {"name": {"_icontains": "3"}}} in wanted
    assert {"ingredients_id": {"id": {"_eq": "3"}}} in wanted  # a number equals, as search does
    assert {"quantity": {"_icontains": "3"}} in wanted
    found = await ItemsService(demo_db, "recipes_ingredients").read_many(
        {"fields": source.paths(), "filter": source.where("EGG")[0]}
    )
    assert [row["ingredients_id"]["name"] for row in found] == ["eggs"]
    assert set(found[0]) == {"id", "ingredients_id", "quantity"}


async def test_a_staged_link_is_named_with_what_was_read_and_staged(demo_db: Database) -> None:
    overview = await demo_db.overview()
    source = junction_source(
        overview, "recipes", "ingredients", 2, "{{ingredients_id.name}} — {{quantity}}"
    )
    read = {"id": 8, "quantity": "500 ml", "ingredients_id": {"id": 5, "name": "milk"}}
    picked = {7: {"id": 7, "name": "black pepper"}}
    assert link_title(overview, source, None, {"ingredients_id": 7}, picked) == "black pepper"
    assert link_title(overview, source, read, {"quantity": "1 l"}, {}) == "milk — 1 l"
    renamed = {"ingredients_id": {"id": 5, "name": "whole milk"}}
    assert link_title(overview, source, read, renamed, {}) == "whole milk — 500 ml"
    new = {"ingredients_id": {"name": "saffron"}, "quantity": "1 g"}
    assert link_title(overview, source, None, new, {}) == "saffron — 1 g"
