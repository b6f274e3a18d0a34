"""The `studio` command as a person types it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.terminal import after_the_app, run_in_pty


def run_studio(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "studio", *args],
        capture_output=True, text=True, timeout=60, env={**os.environ, **(env or {})},
    )  # fmt: skip


def test_help_documents_the_ways_to_open_a_database() -> None:
    result = run_studio("--help")
    assert result.returncode == 0
    for words in ("DATABASE_URL", "demo", "postgresql://", "STUDIO_DATABASE_URL"):
        assert words in result.stdout


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root@localhost/x", "studio: Studio works with SQLite and PostgreSQL"),
        ("postgresql://postgres@127.0.0.1:1/x", "studio: Cannot reach PostgreSQL database 'x'"),
        ("/no/such/folder/x.db", "studio: Cannot create SQLite file /no/such/folder/x.db"),
    ],
)
def test_a_bad_database_is_one_line_and_exit_code_2(url: str, message: str) -> None:
    """In a real terminal: the app paints, fails to open, restores the screen, prints one line."""
    status, output = run_in_pty(url)
    assert status == 2
    printed = after_the_app(output)
    assert printed.startswith(message), printed
    assert printed.count("\n") == 1 and "Traceback" not in output


def test_no_database_given(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "STUDIO_DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-m", "studio"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 2 and "no database given" in result.stderr


def test_schema_prints_the_overview_of_a_sqlite_file(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "shop.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE products (id INTEGER PRIMARY KEY, name VARCHAR(80))")
        conn.execute("CREATE TABLE log (line TEXT)")
    result = run_studio("schema", str(path))
    assert result.returncode == 0, result.stderr
    assert "products — Products  [no metadata]" in result.stdout
    assert "  id: integer, primary key (input)" in result.stdout
    assert "  not editable: it has no primary key" in result.stdout


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
async def test_schema_of_a_postgres_url_from_the_environment(db_url: str) -> None:
    plain = db_url.replace("postgresql+asyncpg://", "postgres://")
    result = run_studio("schema", env={"STUDIO_DATABASE_URL": plain})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("PostgreSQL database")


def test_a_bad_settings_file_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    settings = tmp_path / "config.toml"
    settings.write_text("theme = [1\n")
    result = run_studio("demo", env={"STUDIO_CONFIG": str(settings)})
    assert result.returncode == 2
    assert result.stderr.startswith(f"studio: cannot read the settings file {settings}")
    assert result.stderr.count("\n") == 1
