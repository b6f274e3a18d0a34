"""The `studio` command.

    studio [DATABASE_URL]      open a database (a SQLite path or a PostgreSQL URL)
    studio demo [--large]      open the demo database (built on first use; --large: 1M cities)
    studio schema [URL]        print the schema overview: collections, fields, relations

Opening a database starts the interactive app; `studio schema` prints the overview instead.
Failures to open print one sentence and exit with status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_USAGE = 2
# Part of the demo file's name: raise it when the demo's model or content changes, so a person
# with an older demo file gets the new demo instead of a database the app's docs no longer match.
DEMO_REVISION = 6

_EPILOG = """\
DATABASE_URL may be:
  a file path               studio.db (SQLite, created if missing)
  a SQLite URL              sqlite:///path/to/file.db
  a PostgreSQL URL          postgresql://user:password@host:5432/database
                            (postgres:// is accepted; ?schema=NAME picks a schema)
When no URL is given, STUDIO_DATABASE_URL is used, then database_url from the
settings file.

Settings file (TOML; STUDIO_CONFIG overrides its location, default
~/.config/studio/config.toml):
  database_url = "postgresql://me@db/content"
  theme = "nord"                  any Textual theme (ctrl+p, "theme" lists them)
  [keymap]
  "item.save" = "f2"              binding id = keys (F1 in the app shows the ids)

The demo database and remembered columns live in Studio's data folder
(STUDIO_DATA_DIR overrides it).

Keys: F1 help for the focused widget, ctrl+p command palette, ctrl+q quit.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studio",
        description="A terminal data studio for SQLite and PostgreSQL.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "target",
        nargs="?",
        metavar="DATABASE_URL | demo | schema",
        help="a database to open, 'demo' for the demo database, or 'schema' to print one",
    )
    parser.add_argument("schema_url", nargs="?", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument(
        "--large", action="store_true", help="with demo: the variant with a million cities"
    )
    from studio import __version__

    parser.add_argument("--version", action="version", version=f"studio {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    target: str | None = args.target
    from studio.ui.config import Config, ConfigError

    try:
        config = Config.load()
    except ConfigError as exc:
        print(f"studio: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if target == "demo":
        return _run_app(config, demo_path=demo_database_path(args.large), large=args.large)
    if args.large:
        parser.error("--large goes with demo")
    elif target == "schema":
        url = args.schema_url or os.environ.get("STUDIO_DATABASE_URL") or config.database_url
    else:
        if args.schema_url:
            parser.error(f"unexpected argument {args.schema_url!r}")
        url = target or os.environ.get("STUDIO_DATABASE_URL") or config.database_url
    if not url:
        print(
            "studio: no database given; pass a SQLite path or a PostgreSQL URL, "
            "set STUDIO_DATABASE_URL, or run `studio demo`.",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if target == "schema":
        return asyncio.run(_print_overview(url))
    return _run_app(config, url=url)


def _run_app(config: object, **target: object) -> int:
    """Run the Textual app; its exit status is 2 when the database could not be opened."""
    from studio.ui.app import StudioApp, Target

    app = StudioApp(Target(**target), config)  # type: ignore[arg-type]
    app.run()
    if app.failure:
        # Printed after Textual has restored the terminal, unwrapped: one line.
        print(f"studio: {app.failure}", file=sys.stderr)
    return app.return_code or 0


def demo_database_path(large: bool = False) -> Path:
    override = os.environ.get("STUDIO_DATA_DIR")
    if override:
        folder = Path(override).expanduser()
    else:
        from platformdirs import user_data_dir

        folder = Path(user_data_dir("studio", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    name = "demo-large" if large else "demo"
    return folder / f"{name}-{DEMO_REVISION}.db"


async def _print_overview(url: str) -> int:
    from studio.engine import Database, StudioError
    from studio.engine.report import overview_report

    try:
        database = await Database.open(url)
    except StudioError as exc:
        print(f"studio: {exc.message}", file=sys.stderr)
        return EXIT_USAGE
    try:
        overview = await database.overview()
        print(f"{database.description}")
        print(overview_report(overview))
    finally:
        await database.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
