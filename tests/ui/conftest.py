"""Fixtures for UI tests: the demo database on SQLite and PostgreSQL, and a running app.

The demo is built once per test process (a SQLite file, and a PostgreSQL template database);
every test gets its own copy, so tests can write freely. PostgreSQL copies are whole databases
made with CREATE DATABASE ... TEMPLATE (a few milliseconds) and dropped after the test.
"""

from __future__ import annotations

import asyncio
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine
from textual.pilot import Pilot

from studio.engine import Database
from studio.engine.demo import build_demo
from studio.ui.app import StudioApp, Target
from studio.ui.config import Config
from tests.conftest import postgres_url


@pytest.fixture(autouse=True)
def _private_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings and remembered columns go to the test's folder, never the user's."""
    monkeypatch.setenv("STUDIO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("STUDIO_CONFIG", str(tmp_path / "config.toml"))


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"

    async def build() -> None:
        db = await Database.open(str(path))
        try:
            await build_demo(db)
        finally:
            await db.close()

    asyncio.run(build())
    return path


class _PostgresTemplate:
    """One demo database per test process, copied for each test."""

    def __init__(self) -> None:
        self.name: str | None = None

    def admin_url(self) -> str:
        return postgres_url() or ""

    def url_for(self, database: str) -> str:
        return make_url(self.admin_url()).set(database=database).render_as_string(False)

    async def ensure(self) -> str:
        if self.name is None:
            name = f"studio_demo_tpl_{uuid.uuid4().hex[:10]}"
            await _admin(self.admin_url(), f'CREATE DATABASE "{name}"')
            db = await Database.open(self.url_for(name))
            try:
                await build_demo(db)
            finally:
                await db.close()
            self.name = name
        return self.name

    def drop(self) -> None:
        if self.name is not None:
            asyncio.run(_admin(self.admin_url(), f'DROP DATABASE IF EXISTS "{self.name}"'))


async def _admin(url: str, statement: str) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as conn:
            await conn.execute(text(statement))
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def _postgres_template() -> Iterator[_PostgresTemplate]:
    template = _PostgresTemplate()
    yield template
    template.drop()


@pytest.fixture(params=["sqlite", "postgresql"])
async def demo_url(
    request: pytest.FixtureRequest, tmp_path: Path, demo_file: Path
) -> AsyncIterator[str]:
    """A URL to a private copy of the demo database, on each kind of database."""
    if request.param == "sqlite":
        copy = tmp_path / "demo.db"
        shutil.copyfile(demo_file, copy)
        yield f"sqlite+aiosqlite:///{copy}"
        return
    template: _PostgresTemplate = request.getfixturevalue("_postgres_template")
    name = await template.ensure()
    copy = f"studio_demo_{uuid.uuid4().hex[:10]}"
    await _admin(template.admin_url(), f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    try:
        yield template.url_for(copy)
    finally:
        await _admin(template.admin_url(), f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')


@pytest.fixture
async def demo_db(demo_url: str) -> AsyncIterator[Database]:
    """The test's demo copy, opened for checking what the app wrote."""
    db = await Database.open(demo_url)
    try:
        yield db
    finally:
        await db.close()


async def wait_until(pilot: Pilot, condition: Callable[[], bool], seconds: float = 10.0) -> None:
    """Let the app work (workers, screen switches) until `condition()` holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {getattr(condition, '__name__', '')}")
        await pilot.pause(0.02)
    await pilot.pause()


@asynccontextmanager
async def running_studio(
    url: str, size: tuple[int, int] = (100, 30), config: Config | None = None
) -> AsyncIterator[tuple[StudioApp, Pilot]]:
    """The app on `url`, past start-up with the browser on screen."""
    from studio.ui.screens.browser import BrowserScreen

    app = StudioApp(Target(url=url), config)
    app.animation_level = "none"  # scrolls land at once (TEXTUAL_ANIMATIONS is read at import)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen), seconds=30)
        yield app, pilot
