"""Quitting while reads are still running must end the process: with aiosqlite 0.22 a
connection held by a worker cancelled at exit made the process wait forever (pinned below
0.22 in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.ui.conftest import demo_file  # noqa: F401  (the session's demo database)

QUIT_AT_ONCE = """
import sys
from studio.ui.app import StudioApp, Target

class QuitAtOnce(StudioApp):
    def on_ready(self):
        super().on_ready()
        self.set_interval(0.002, self._check)

    def _check(self):
        if type(self.screen).__name__ == "BrowserScreen" and self.screen.is_mounted:
            print("browser", flush=True)
            self.exit()

QuitAtOnce(Target(url=sys.argv[1])).run(headless=True)
"""


def test_quitting_while_the_browser_reads_ends_the_process(demo_file: Path) -> None:  # noqa: F811
    for _ in range(3):  # the hang depended on a read being in flight at exit
        done = subprocess.run(
            [sys.executable, "-c", QUIT_AT_ONCE, str(demo_file)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.strip() == "browser"
