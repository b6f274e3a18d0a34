"""The Directus relationship guide's model, written with plain SQL and metadata rows.

Tests use it to check how the overview reads each relation kind. (The demo database builds the
same model through the schema services instead.)
"""

from __future__ import annotations

from sqlalchemy import insert, text

from studio.engine import Database

TABLES = (
    "CREATE TABLE languages (code VARCHAR(16) PRIMARY KEY, name VARCHAR(64) NOT NULL,"
    " direction VARCHAR(3) NOT NULL DEFAULT 'ltr')",
    "CREATE TABLE countries (id {serial} PRIMARY KEY, name VARCHAR(100) NOT NULL,"
    " capital_city INTEGER UNIQUE)",
    "CREATE TABLE cities (id {serial} PRIMARY KEY, name VARCHAR(100) NOT NULL,"
    " country INTEGER REFERENCES countries(id) ON DELETE SET NULL)",
    "CREATE TABLE recipes (id {serial} PRIMARY KEY, title VARCHAR(200) NOT NULL)",
    "CREATE TABLE ingredients (id {serial} PRIMARY KEY, name VARCHAR(200) NOT NULL)",
    "CREATE TABLE recipes_ingredients (id {serial} PRIMARY KEY,"
    " recipes_id INTEGER REFERENCES recipes(id) ON DELETE SET NULL,"
    " ingredients_id INTEGER REFERENCES ingredients(id) ON DELETE SET NULL,"
    " quantity VARCHAR(50))",
    "CREATE TABLE articles (id {serial} PRIMARY KEY, slug VARCHAR(100) NOT NULL)",
    "CREATE TABLE articles_related (id {serial} PRIMARY KEY,"
    " articles_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,"
    " related_articles_id INTEGER REFERENCES articles(id) ON DELETE SET NULL, sort INTEGER)",
    "CREATE TABLE articles_translations (id {serial} PRIMARY KEY,"
    " articles_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,"
    " languages_code VARCHAR(16) REFERENCES languages(code) ON DELETE SET NULL,"
    " title VARCHAR(200), body TEXT)",
    "CREATE TABLE pages (id {serial} PRIMARY KEY, title VARCHAR(200) NOT NULL)",
    "CREATE TABLE headings (id {serial} PRIMARY KEY, title VARCHAR(200))",
    "CREATE TABLE text_bodies (id {serial} PRIMARY KEY, body TEXT)",
    "CREATE TABLE pages_sections (id {serial} PRIMARY KEY,"
    " pages_id INTEGER REFERENCES pages(id) ON DELETE SET NULL,"
    " item VARCHAR(255), collection VARCHAR(255), sort INTEGER)",
)
# SQLite allows a forward reference in CREATE TABLE; PostgreSQL needs the cycle closed after.
CAPITAL_CITY_FK = (
    "ALTER TABLE countries ADD CONSTRAINT countries_capital_city_fkey"
    " FOREIGN KEY (capital_city) REFERENCES cities(id) ON DELETE SET NULL"
)

COLLECTIONS = [
    {"collection": "countries", "display_template": "{{name}}"},
    {"collection": "cities", "display_template": "{{name}} ({{country.name}})"},
    {"collection": "recipes_ingredients", "hidden": True, "icon": "import_export"},
    {"collection": "articles_related", "hidden": True, "icon": "import_export"},
    {"collection": "articles_translations", "hidden": True, "icon": "import_export"},
    {"collection": "pages_sections", "hidden": True, "icon": "import_export"},
    {"collection": "languages", "display_template": "{{name}}"},
]
FIELDS = [
    {"collection": "countries", "field": "cities", "special": "o2m", "interface": "list-o2m"},
    {"collection": "countries", "field": "capital_city", "special": "m2o",
     "interface": "select-dropdown-m2o", "note": "The seat of government"},
    {"collection": "cities", "field": "country", "special": "m2o",
     "interface": "select-dropdown-m2o"},
    {"collection": "recipes", "field": "ingredients", "special": "m2m", "interface": "list-m2m"},
    {"collection": "ingredients", "field": "recipes", "special": "m2m", "interface": "list-m2m"},
    {"collection": "articles", "field": "related_articles", "special": "m2m",
     "interface": "list-m2m"},
    {"collection": "articles", "field": "translations", "special": "translations",
     "interface": "translations"},
    {"collection": "pages", "field": "sections", "special": "m2a", "interface": "list-m2a"},
    {"collection": "recipes_ingredients", "field": "id", "hidden": True},
    {"collection": "recipes_ingredients", "field": "recipes_id", "hidden": True},
    {"collection": "recipes_ingredients", "field": "ingredients_id", "hidden": True},
]  # fmt: skip
RELATIONS = [
    {"many_collection": "cities", "many_field": "country", "one_collection": "countries",
     "one_field": "cities"},
    {"many_collection": "countries", "many_field": "capital_city", "one_collection": "cities"},
    {"many_collection": "recipes_ingredients", "many_field": "recipes_id",
     "one_collection": "recipes", "one_field": "ingredients", "junction_field": "ingredients_id"},
    {"many_collection": "recipes_ingredients", "many_field": "ingredients_id",
     "one_collection": "ingredients", "one_field": "recipes", "junction_field": "recipes_id"},
    {"many_collection": "articles_related", "many_field": "articles_id",
     "one_collection": "articles", "one_field": "related_articles",
     "junction_field": "related_articles_id", "sort_field": "sort"},
    {"many_collection": "articles_related", "many_field": "related_articles_id",
     "one_collection": "articles", "junction_field": "articles_id"},
    {"many_collection": "articles_translations", "many_field": "articles_id",
     "one_collection": "articles", "one_field": "translations",
     "junction_field": "languages_code"},
    {"many_collection": "articles_translations", "many_field": "languages_code",
     "one_collection": "languages", "junction_field": "articles_id"},
    {"many_collection": "pages_sections", "many_field": "pages_id", "one_collection": "pages",
     "one_field": "sections", "junction_field": "item", "sort_field": "sort",
     "one_deselect_action": "delete"},
    {"many_collection": "pages_sections", "many_field": "item", "one_collection": None,
     "one_collection_field": "collection", "one_allowed_collections": "headings,text_bodies",
     "junction_field": "pages_id"},
]  # fmt: skip


async def create_guide_model(db: Database) -> None:
    serial = "SERIAL" if db.dialect == "postgresql" else "INTEGER"
    async with db.transaction() as conn:
        for statement in TABLES:
            sql = statement.format(serial=serial)
            if db.dialect == "sqlite" and sql.startswith("CREATE TABLE countries"):
                sql = sql.replace("capital_city INTEGER UNIQUE", CAPITAL_CITY_SQLITE)
            await conn.execute(text(sql))
        if db.dialect == "postgresql":
            await conn.execute(text(CAPITAL_CITY_FK))
        for table, rows in (
            (db.system.collections, COLLECTIONS),
            (db.system.fields, FIELDS),
            (db.system.relations, RELATIONS),
        ):
            for row in rows:  # rows name different columns, so not one executemany
                await conn.execute(insert(table).values(**row))
    db.invalidate_overview()


CAPITAL_CITY_SQLITE = "capital_city INTEGER UNIQUE REFERENCES cities(id) ON DELETE SET NULL"
