"""The user's settings file and the remembered per-collection preferences.

Settings are TOML (read with the standard library's `tomllib`) because people edit them by hand:

    database_url = "postgresql://me@db/content"
    theme = "nord"

    [keymap]
    "browser.search" = "slash,ctrl+f"

Preferences (columns and widths picked in the browser) are written by the app, so they are JSON
in the data folder, keyed by database and collection.
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_VARIABLE = "STUDIO_CONFIG"
DATA_DIR_VARIABLE = "STUDIO_DATA_DIR"


class ConfigError(Exception):
    """The settings file cannot be used; the message names the file and the problem."""


def config_path() -> Path:
    override = os.environ.get(CONFIG_VARIABLE)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_dir

    return Path(user_config_dir("studio", appauthor=False)) / "config.toml"


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        folder = Path(override).expanduser()
    else:
        from platformdirs import user_data_dir

        folder = Path(user_data_dir("studio", appauthor=False))
    return folder


@dataclass(frozen=True)
class Config:
    database_url: str | None = None
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    path: Path | None = None

    @classmethod
    def load(cls, path: Path | None = None) -> Config:
        path = path or config_path()
        if not path.is_file():
            return cls(path=path)
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read the settings file {path}: {exc}") from None
        unknown = sorted(set(raw) - {"database_url", "theme", "keymap"})
        if unknown:
            raise ConfigError(f"{path}: unknown setting {unknown[0]!r}")
        keymap = raw.get("keymap", {})
        if not isinstance(keymap, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in keymap.items()
        ):
            raise ConfigError(f'{path}: [keymap] maps binding ids to keys, e.g. "item.save" = "f2"')
        for name in ("database_url", "theme"):
            if name in raw and not isinstance(raw[name], str):
                raise ConfigError(f"{path}: {name} must be a string")
        return cls(
            database_url=raw.get("database_url"),
            theme=raw.get("theme"),
            keymap=dict(keymap),
            path=path,
        )


class Prefs:
    """Remembered choices per database and collection, saved at once so a crash loses nothing."""

    def __init__(self, path: Path, database: str) -> None:
        self.path = path
        self.database = database
        self._data: dict[str, Any] = self._read()

    @classmethod
    def for_database(cls, database: str) -> Prefs:
        return cls(data_dir() / "prefs.json", database)

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, collection: str, name: str, default: Any = None) -> Any:
        return self._data.get(self.database, {}).get(collection, {}).get(name, default)

    def set(self, collection: str, name: str, value: Any) -> None:
        self._data.setdefault(self.database, {}).setdefault(collection, {})[name] = value
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(".tmp")
            temporary.write_text(json.dumps(self._data, indent=1, sort_keys=True), "utf-8")
            temporary.replace(self.path)
        except OSError:
            pass  # preferences are a convenience; a read-only home must not break editing
