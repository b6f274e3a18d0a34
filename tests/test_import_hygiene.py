"""The layering rule, proved: the engine never loads Textual (or the UI)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import studio.engine


def test_engine_imports_no_textual_and_no_ui() -> None:
    modules = [f"studio.engine.{m.name}" for m in pkgutil.iter_modules(studio.engine.__path__)]
    assert "studio.engine.overview" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'textual'"
        " or m.startswith('studio.ui'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"the engine pulled in: {result.stdout}"


def test_cli_help_loads_neither_textual_nor_sqlalchemy() -> None:
    """`studio --help` must be instant: heavy imports wait until they are needed."""
    script = (
        "import sys\n"
        "from studio.cli import build_parser\n"
        "build_parser().format_help()\n"
        "loaded = {m.split('.')[0] for m in sys.modules}\n"
        "print(','.join(sorted(loaded & {'textual', 'sqlalchemy'})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
