"""A SQLite file with a million items in one collection, made in a few seconds: the collection
through the schema service (so it has metadata like any other), the rows with sqlite3's
executemany (the services would take minutes)."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from studio.engine import Database
from studio.engine.collections import CollectionsService
from studio.engine.fields import FieldsService

ROWS = 1_000_000


def label(n: int) -> str:
    return f"item-{n:07d}"


def build_million(path: Path, rows: int = ROWS) -> Path:
    async def schema() -> None:
        db = await Database.open(str(path))
        try:
            await CollectionsService(db).create(
                "readings", meta={"display_template": "{{label}}", "note": "A million rows"}
            )
            await FieldsService(db).create("readings", "label", "string")
            await FieldsService(db).create("readings", "value", "integer")
        finally:
            await db.close()

    asyncio.run(schema())
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA synchronous=OFF")
        conn.executemany(
            "INSERT INTO readings (id, label, value) VALUES (?, ?, ?)",
            ((n, label(n), n % 1000) for n in range(1, rows + 1)),
        )
        conn.commit()
    finally:
        conn.close()
    return path


if __name__ == "__main__":
    import sys
    import time

    started = time.perf_counter()
    build_million(Path(sys.argv[1]))
    print(f"built in {time.perf_counter() - started:.1f} s")
