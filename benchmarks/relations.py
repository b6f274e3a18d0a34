"""Relational reads and writes on the generated data, each against hand-written SQL for the
same rows in the same run: a city page with its country (M2O), a country's first 50 cities
(O2M, with the statement count for 50 and for 5,000 children), 1,000 recipes with
`*,ingredients.*.*` (M2M), a nested create of a recipe with 20 ingredients, and the translation
coverage counts with and without an index on the junction.

Before timing, each figure checks that the service's payload equals the rows the baseline
reads (the quick test relies on it), so a fast wrong answer cannot pass.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from benchmarks.data import Scale
from benchmarks.figures import Figure, statements_of
from benchmarks.timing import timed
from studio.engine import Database
from studio.engine.items import ItemsService

PAGE = 50
RECIPES = 1_000
FEW = 100  # articles the no-index coverage figure reads
GROUP = "relations"


def _rows(result: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in result.mappings().all()]


def _same(label: str, ours: Any, theirs: Any) -> None:
    if ours != theirs:
        raise AssertionError(f"{label}: the service's payload differs from the baseline's rows")


async def measure(db: Database, scale: Scale, repeats: int) -> list[Figure]:
    figures: list[Figure] = []
    async with db.connect() as conn:
        figures.append(await _city_page(db, conn, scale, repeats))
        figures.extend(await _country_cities(db, conn, scale, repeats))
        figures.append(await _recipes(db, conn, scale, repeats))
        figures.extend(await _coverage(db, conn, repeats))
    figures.append(await _nested_create(db, repeats))
    return figures


async def _city_page(db: Database, conn: AsyncConnection, scale: Scale, repeats: int) -> Figure:
    cities = ItemsService(db, "cities", connection=conn)
    after = scale.cities // 2
    fields = ["id", "name", "population", "country.id", "country.name", "country.code"]

    async def ours() -> Any:
        return (await cities.read_page(fields=fields, sort=["id"], limit=PAGE, after=[after])).items

    async def raw() -> Any:
        result = await conn.execute(
            text(
                "SELECT c.id, c.name, c.population, k.id AS k_id, k.name AS k_name,"
                " k.code AS k_code FROM cities c LEFT JOIN countries k ON k.id = c.country"
                " WHERE c.id > :after ORDER BY c.id LIMIT 50"
            ),
            {"after": after},
        )
        return _rows(result)

    expected = [
        {"id": r["id"], "name": r["name"], "population": r["population"],
         "country": {"id": r["k_id"], "name": r["k_name"], "code": r["k_code"]}}
        for r in await raw()
    ]  # fmt: skip
    _same("city page", await ours(), expected)
    return Figure(
        GROUP, f"city page of {PAGE} with its country (M2O)",
        await timed(ours, repeats), await timed(raw, repeats), max_ratio=3,
    )  # fmt: skip


async def _country_cities(
    db: Database, conn: AsyncConnection, scale: Scale, repeats: int
) -> list[Figure]:
    countries = ItemsService(db, "countries", connection=conn)
    fields = ["id", "name", "cities.id", "cities.name", "cities.population"]
    deep = {"cities": {"_limit": PAGE}}

    def ours(key: int) -> Any:
        async def read() -> Any:
            return await countries.read_one(key, fields, deep=deep)

        return read

    def raw(key: int) -> Any:
        async def read() -> Any:
            country = (
                (
                    await conn.execute(
                        text("SELECT id, name FROM countries WHERE id = :k"), {"k": key}
                    )
                )
                .mappings()
                .one()
            )
            children = await conn.execute(
                text(
                    "SELECT id, name, population FROM cities WHERE country = :k"
                    " ORDER BY sort, id LIMIT 50"
                ),
                {"k": key},
            )
            return {**dict(country), "cities": _rows(children)}

        return read

    big, small = 1, scale.countries
    _same("country with its cities", await ours(big)(), await raw(big)())
    _same("country with its cities", await ours(small)(), await raw(small)())
    statements_big = await statements_of(db, ours(big))
    statements_small = await statements_of(db, ours(small))
    constant = statements_big == statements_small
    note = (
        f"{statements_big} statements for {scale.big_country:,} children,"
        f" {statements_small} for {scale.small_country}: {'constant' if constant else 'GROWS'}"
    )
    figures = [
        Figure(
            GROUP, f"country with {scale.big_country:,} cities, first {PAGE} (O2M)",
            await timed(ours(big), repeats), await timed(raw(big), repeats),
            max_ratio=3 if constant else 0, note=note,
        ),
        Figure(
            GROUP, f"country with {scale.small_country} cities, first {PAGE} (O2M)",
            await timed(ours(small), repeats), await timed(raw(small), repeats),
        ),
    ]  # fmt: skip
    return figures


async def _recipes(db: Database, conn: AsyncConnection, scale: Scale, repeats: int) -> Figure:
    """`fields=*,ingredients.*.*`: each recipe, its junction rows, and on each junction row the
    recipe and the ingredient with their own fields (an O2M alias as its list of keys)."""
    limit = min(RECIPES, scale.recipes)
    recipes = ItemsService(db, "recipes", connection=conn)
    overview = await db.overview()
    back = overview.relation_by_one("ingredients", "recipes")
    assert back is not None
    back_order = f"{back.sort_field}, id" if back.sort_field else "id"
    junction = "id, recipes_id, ingredients_id, sort, quantity"

    async def ours() -> Any:
        return await recipes.read_many(fields=["*", "ingredients.*.*"], sort=["id"], limit=limit)

    async def in_keys(sql: str, keys: Sequence[Any]) -> list[dict[str, Any]]:
        marks = ", ".join(f":k{i}" for i in range(len(keys)))
        bound = {f"k{i}": key for i, key in enumerate(keys)}
        return _rows(await conn.execute(text(sql.replace("(:keys)", f"({marks})")), bound))

    async def raw() -> Any:
        # one query per level: recipes; their junction rows; the junction rows' recipes and
        # ingredients; the ingredients' own junction keys (`ingredients.recipes`)
        top = _rows(
            await conn.execute(
                text("SELECT id, title, description, servings, minutes FROM recipes"
                     " ORDER BY id LIMIT :n"), {"n": limit},
            )
        )  # fmt: skip
        links = await in_keys(
            f"SELECT {junction} FROM recipes_ingredients WHERE recipes_id IN (:keys)"
            " ORDER BY sort, id",
            [r["id"] for r in top],
        )
        recipe_keys = sorted({link["recipes_id"] for link in links})
        ingredient_keys = sorted({link["ingredients_id"] for link in links})
        linked_recipes = await in_keys(
            "SELECT id, title, description, servings, minutes FROM recipes WHERE id IN (:keys)",
            recipe_keys,
        )
        ingredients = await in_keys(
            "SELECT id, name FROM ingredients WHERE id IN (:keys)", ingredient_keys
        )
        used_in = await in_keys(
            "SELECT id, ingredients_id FROM recipes_ingredients WHERE ingredients_id IN (:keys)"
            f" ORDER BY {back_order}",
            ingredient_keys,
        )
        return top, links, linked_recipes, ingredients, used_in

    def nest(parts: Any) -> list[dict[str, Any]]:
        top, links, linked_recipes, ingredients, used_in = parts
        link_keys: dict[Any, list[Any]] = {}
        for link in links:
            link_keys.setdefault(link["recipes_id"], []).append(link["id"])
        recipe_of = {r["id"]: {**r, "ingredients": link_keys.get(r["id"], [])}
                     for r in linked_recipes}  # fmt: skip
        uses: dict[Any, list[Any]] = {}
        for row in used_in:
            uses.setdefault(row["ingredients_id"], []).append(row["id"])
        ingredient_of = {i["id"]: {**i, "recipes": uses.get(i["id"], [])} for i in ingredients}
        by_recipe: dict[Any, list[Any]] = {}
        for link in links:
            by_recipe.setdefault(link["recipes_id"], []).append(
                {**link, "recipes_id": recipe_of[link["recipes_id"]],
                 "ingredients_id": ingredient_of[link["ingredients_id"]]}
            )  # fmt: skip
        return [{**r, "ingredients": by_recipe.get(r["id"], [])} for r in top]

    async def baseline() -> Any:
        return nest(await raw())

    _same("recipes with ingredients.*.*", await ours(), await baseline())
    return Figure(
        GROUP, f"{limit:,} recipes, fields=*,ingredients.*.* (M2M)",
        await timed(ours, repeats), await timed(baseline, repeats), max_ratio=2,
        note="baseline: one hand-written query per level, nested in Python",
    )  # fmt: skip


async def _nested_create(db: Database, repeats: int) -> Figure:
    """A recipe with 20 ingredient links, 10 to existing ingredients and 10 to new ones, in one
    transaction; the baseline writes the same rows with three hand-written statements."""
    overview = await db.overview()
    assert overview.collection("recipes_ingredients")
    async with db.connect() as conn:
        existing = [row[0] for row in await conn.execute(
            text("SELECT id FROM ingredients ORDER BY id LIMIT 10"))]  # fmt: skip
    counter = itertools.count()
    recipes = ItemsService(db, "recipes")

    def payload(run: int) -> dict[str, Any]:
        links = [{"ingredients_id": key, "quantity": f"{n} g", "sort": n + 1}
                 for n, key in enumerate(existing)]  # fmt: skip
        links += [{"ingredients_id": {"name": f"bench {run} new {n}"}, "quantity": f"{n} ml",
                   "sort": n + 11} for n in range(10)]  # fmt: skip
        return {"title": f"Bench recipe {run}", "servings": 2, "ingredients": links}

    async def ours() -> Any:
        return await recipes.create_one(payload(next(counter)))

    async def raw() -> Any:
        run = next(counter)
        async with db.transaction() as conn:
            recipe = (await conn.execute(
                text("INSERT INTO recipes (title, servings) VALUES (:t, 2) RETURNING id"),
                {"t": f"Bench recipe {run}"},
            )).scalar_one()  # fmt: skip
            names = ", ".join(f"(:n{i})" for i in range(10))
            fresh = [row[0] for row in await conn.execute(
                text(f"INSERT INTO ingredients (name) VALUES {names} RETURNING id"),
                {f"n{i}": f"bench {run} new {i}" for i in range(10)},
            )]  # fmt: skip
            links = [{"r": recipe, "i": key, "q": f"{n} g", "s": n + 1}
                     for n, key in enumerate(existing)]  # fmt: skip
            links += [{"r": recipe, "i": key, "q": f"{n} ml", "s": n + 11}
                      for n, key in enumerate(fresh)]  # fmt: skip
            await conn.execute(
                text("INSERT INTO recipes_ingredients (recipes_id, ingredients_id, quantity, sort)"
                     " VALUES (:r, :i, :q, :s)"), links,
            )  # fmt: skip
        return recipe

    async def written(key: Any) -> list[tuple[Any, ...]]:
        async with db.connect() as conn:
            rows = await conn.execute(
                text("SELECT r.title, i.name, j.quantity, j.sort FROM recipes_ingredients j"
                     " JOIN recipes r ON r.id = j.recipes_id"
                     " JOIN ingredients i ON i.id = j.ingredients_id"
                     " WHERE r.id = :k ORDER BY j.sort"), {"k": key},
            )  # fmt: skip
            return [tuple(row) for row in rows]

    def plain(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """Each run names its recipe and new ingredients after itself: compare the rest."""
        return [(name.rsplit(" new ", 1)[-1], q, s) for _, name, q, s in rows]

    mine, theirs = await written(await ours()), await written(await raw())
    if len(mine) != 20:
        raise AssertionError(f"nested create wrote {len(mine)} links, not 20")
    _same("nested create", plain(mine), plain(theirs))
    return Figure(
        GROUP, "nested create: recipe + 20 links (10 new ingredients)",
        await timed(ours, repeats), await timed(raw, repeats),
        max_value=30 if db.dialect == "sqlite" else None,
        note="one transaction each; target on SQLite only",
    )  # fmt: skip


async def _coverage(db: Database, conn: AsyncConnection, repeats: int) -> list[Figure]:
    """The translation coverage matrix's counts for one language (complete, missing, total: the
    rules of studio/ui/coverage_reads.py) with and without an index on
    articles_translations(languages_code, articles_id), created here and dropped after. Without
    it SQLite runs each EXISTS as a scan of the junction per article (about 5 ms each on 150,000
    rows), so that figure reads only the first `FEW` articles."""
    articles = ItemsService(db, "articles", connection=conn)
    code = "de-DE"
    row = {"_and": [{"languages_code": {"_eq": code}}, {"title": {"_nempty": True}},
                    {"summary": {"_nempty": True}}]}  # fmt: skip

    def counts(upto: int | None) -> Any:
        scope = {"id": {"_lte": upto}} if upto else None
        rules = [{"translations": {"_some": row}},
                 {"translations": {"_none": {"languages_code": {"_eq": code}}}}]  # fmt: skip

        async def ours() -> Any:
            found = [(await articles.count(filter=_both(rule, scope))).value for rule in rules]
            return [*found, (await articles.count(filter=scope)).value]

        async def raw() -> Any:
            where = "a.id <= :upto AND " if upto else ""
            sql = (
                f"SELECT count(*) FROM articles a WHERE {where}{{}} EXISTS (SELECT 1 FROM"
                " articles_translations t WHERE t.articles_id = a.id AND t.languages_code = :c{})"
            )
            complete = sql.format(
                "",
                " AND t.title IS NOT NULL AND t.title <> '' AND t.summary IS NOT NULL"
                " AND t.summary <> ''",
            )
            bound = {"c": code, "upto": upto or 0}
            found = [(await conn.execute(text(s), bound)).scalar_one()
                     for s in (complete, sql.format("NOT", ""))]  # fmt: skip
            total = "SELECT count(*) FROM articles a" + (" WHERE a.id <= :upto" if upto else "")
            return [*found, (await conn.execute(text(total), bound)).scalar_one()]

        return ours, raw

    few_ours, few_raw = counts(FEW)
    _same("translation coverage counts", await few_ours(), await few_raw())
    without = await timed(few_ours, min(repeats, 3))
    without_raw = await timed(few_raw, min(repeats, 3))
    index = "bench_translations_language"
    await conn.execute(
        text(f"CREATE INDEX {index} ON articles_translations (languages_code, articles_id)")
    )
    await conn.commit()
    try:
        with_few = await timed(few_ours, repeats)
        all_ours, all_raw = counts(None)
        _same("translation coverage counts", await all_ours(), await all_raw())
        with_all = await timed(all_ours, repeats)
        with_all_raw = await timed(all_raw, repeats)
    finally:
        await conn.execute(text(f"DROP INDEX {index}"))
        await conn.commit()
    return [
        Figure(GROUP, f"coverage counts, first {FEW} articles, no index", without, without_raw,
               note="complete + missing + total for one language; baseline: EXISTS by hand"),
        Figure(GROUP, f"coverage counts, first {FEW} articles, with the index", with_few,
               without, note="baseline: the same counts without the index"),
        Figure(GROUP, "coverage counts, all articles, with the index", with_all, with_all_raw,
               note="baseline: EXISTS by hand, with the index"),
    ]  # fmt: skip


def _both(rule: Any, scope: Any) -> Any:
    return {"_and": [rule, scope]} if scope else rule
