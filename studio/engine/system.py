"""The system tables: Studio's metadata overlay, column for column Directus's.

`studio_collections`, `studio_fields` and `studio_relations` keep the names and meanings of
`directus_collections`, `directus_fields` and `directus_relations` (research/directus.md §1), so
the same engine can later read a Directus database by changing the prefix. A version table records
which migration the overlay is at; a fresh database gets the current shape in one step, an older
one is brought forward migration by migration, all inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
    inspect,
    select,
    text,
    true,
)
from sqlalchemy.ext.asyncio import AsyncConnection

DEFAULT_PREFIX = "studio"
BASELINE_VERSION = 1


@dataclass(frozen=True)
class Migration:
    """A step from `version - 1` to `version`; `upgrade` runs inside the opening transaction."""

    version: int
    description: str
    upgrade: Callable[[Connection, SystemTables], None]


# Later versions append here; a database at an older version runs every step above its own.
MIGRATIONS: list[Migration] = []


class SystemTables:
    """The metadata tables under one prefix, as SQLAlchemy Core tables."""

    def __init__(self, prefix: str = DEFAULT_PREFIX) -> None:
        self.prefix = prefix
        self.metadata = MetaData()
        self.collections = Table(
            f"{prefix}_collections",
            self.metadata,
            Column("collection", String(64), primary_key=True),
            Column("icon", String(64)),
            Column("note", Text),
            Column("display_template", String(255)),
            Column("hidden", Boolean, nullable=False, server_default=false()),
            Column("singleton", Boolean, nullable=False, server_default=false()),
            Column("translations", JSON),
            Column("archive_field", String(64)),
            Column("archive_app_filter", Boolean, nullable=False, server_default=true()),
            Column("archive_value", String(255)),
            Column("unarchive_value", String(255)),
            Column("sort_field", String(64)),
            Column("accountability", String(255), server_default="all"),
            Column("color", String(255)),
            Column("item_duplication_fields", JSON),
            Column("sort", Integer),
            Column("group", String(64)),
            Column("collapse", String(255), nullable=False, server_default="open"),
            Column("preview_url", String(255)),
            Column("versioning", Boolean, nullable=False, server_default=false()),
        )
        self.fields = Table(
            f"{prefix}_fields",
            self.metadata,
            Column("id", Integer, primary_key=True, autoincrement=True),
            Column("collection", String(64), nullable=False),
            Column("field", String(64), nullable=False),
            Column("special", String(255)),
            Column("interface", String(64)),
            Column("options", JSON),
            Column("display", String(64)),
            Column("display_options", JSON),
            Column("readonly", Boolean, nullable=False, server_default=false()),
            Column("hidden", Boolean, nullable=False, server_default=false()),
            Column("sort", Integer),
            Column("width", String(30), server_default="full"),
            Column("translations", JSON),
            Column("note", Text),
            Column("conditions", JSON),
            Column("required", Boolean, server_default=false()),
            Column("group", String(64)),
            Column("validation", JSON),
            Column("validation_message", Text),
            Column("searchable", Boolean, nullable=False, server_default=true()),
            UniqueConstraint("collection", "field", name=f"{prefix}_fields_collection_field_key"),
        )
        self.relations = Table(
            f"{prefix}_relations",
            self.metadata,
            Column("id", Integer, primary_key=True, autoincrement=True),
            Column("many_collection", String(64), nullable=False),
            Column("many_field", String(64), nullable=False),
            Column("one_collection", String(64)),
            Column("one_field", String(64)),
            Column("one_collection_field", String(64)),
            Column("one_allowed_collections", Text),
            Column("junction_field", String(64)),
            Column("sort_field", String(64)),
            Column("one_deselect_action", String(255), nullable=False, server_default="nullify"),
        )
        self.version = Table(
            f"{prefix}_system_version",
            self.metadata,
            Column("version", Integer, primary_key=True, autoincrement=False),
            Column("description", String(255), nullable=False),
            Column("applied_on", DateTime, nullable=False),
        )

    @property
    def table_names(self) -> frozenset[str]:
        return frozenset(self.metadata.tables)

    def is_system_table(self, name: str) -> bool:
        return name in self.metadata.tables

    async def ensure(
        self, conn: AsyncConnection, migrations: Sequence[Migration] | None = None
    ) -> int:
        """Create or migrate the system tables; returns the version they are at afterwards."""
        steps = list(MIGRATIONS if migrations is None else migrations)
        if conn.dialect.name == "postgresql":
            # Two studios opening one new database at once must not both create the tables.
            await conn.execute(
                text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": self.prefix}
            )
        return await conn.run_sync(self._ensure_sync, steps)

    def _ensure_sync(self, conn: Connection, steps: list[Migration]) -> int:
        latest = max([BASELINE_VERSION, *(step.version for step in steps)])
        inspector = inspect(conn)
        if not inspector.has_table(self.version.name):
            if inspector.has_table(self.collections.name):
                # Tables from before versioning: the baseline, completed, then migrated on.
                self.metadata.create_all(conn, checkfirst=True)
                self._record(conn, BASELINE_VERSION, "baseline (adopted)")
                current = BASELINE_VERSION
            else:
                self.metadata.create_all(conn)
                self._record(conn, latest, "created")
                return latest
        else:
            current = self.current_version(conn)
        for step in sorted(steps, key=lambda s: s.version):
            if step.version > current:
                step.upgrade(conn, self)
                self._record(conn, step.version, step.description)
                current = step.version
        return current

    def current_version(self, conn: Connection) -> int:
        found = conn.execute(select(self.version.c.version).order_by(self.version.c.version.desc()))
        return found.scalars().first() or 0

    def _record(self, conn: Connection, version: int, description: str) -> None:
        conn.execute(
            self.version.insert().values(
                version=version,
                description=description,
                applied_on=datetime.now(UTC).replace(tzinfo=None),
            )
        )
