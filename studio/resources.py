"""Finding the files Studio ships beside its code (the TCSS styles).

In a wheel the top-level `styles/` folder is packaged as `studio/styles` (pyproject's
force-include); in a source checkout or an editable install it is still at the top level.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def styles_dir() -> Path:
    for candidate in (_PACKAGE / "styles", _PACKAGE.parent / "styles"):
        if (candidate / "studio.tcss").is_file():
            return candidate
    raise FileNotFoundError(f"Studio's styles are missing: no studio.tcss near {_PACKAGE}")


def stylesheets() -> list[Path]:
    """Every TCSS file, in a stable order, for `App.CSS_PATH`."""
    return sorted(styles_dir().glob("*.tcss"))
