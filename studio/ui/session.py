"""What every screen shares once the database is open: the database, its schema overview and
the user's preferences. Screens reach it as `self.app.session`."""

from __future__ import annotations

from dataclasses import dataclass

from studio.engine import Database, SchemaOverview
from studio.engine.items import ItemsService
from studio.ui.config import Prefs


@dataclass
class Session:
    db: Database
    overview: SchemaOverview
    prefs: Prefs

    @property
    def description(self) -> str:
        return self.db.description

    def items(self, collection: str) -> ItemsService:
        return ItemsService(self.db, collection)

    async def reload_overview(self) -> SchemaOverview:
        """After a schema change: the next form or table sees the new fields without a restart."""
        self.db.invalidate_overview()
        self.overview = await self.db.overview()
        return self.overview
