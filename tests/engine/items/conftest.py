from __future__ import annotations

import pytest

from studio.engine import Database
from tests.engine.items.guide_data import create_guide_data


@pytest.fixture
async def guide(db: Database) -> Database:
    """The relationship guide's model with a few rows in every table."""
    await create_guide_data(db)
    return db
