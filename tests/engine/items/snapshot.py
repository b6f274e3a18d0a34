"""Every row of every table, to prove a failed write changed nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from studio.engine import Database


async def table_contents(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    overview = await db.overview()
    names = sorted([*overview.collections, *db.system.table_names])
    contents: dict[str, list[tuple[Any, ...]]] = {}
    async with db.connect() as conn:
        for name in names:
            if name in overview.collections and overview.collections[name].is_folder:
                continue
            rows = (await conn.execute(text(f'SELECT * FROM "{name}"'))).all()
            contents[name] = sorted((tuple(row) for row in rows), key=repr)
    return contents
