"""Process start to first frame: Studio against a bare Textual app, each in a fresh process.

Target: Studio's first frame within 1.3x of a bare Textual app (Header, a Static and a Footer),
which is the floor any Textual program pays. "First frame" is Textual's Ready event (the DOM is
ready and the first frame displayed); the engine is imported after it, so the figure also shows
how long the database takes to appear ("browser"), which is reported but not part of the ratio.

    python benchmarks/app_startup.py [--runs 9] [--database PATH]

Headless (no terminal), so figures are the app's own cost, not a terminal's.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import sys, time
from textual.app import App
from textual.widgets import Footer, Header, Static
class Bare(App):
    def compose(self):
        yield Header(); yield Static("hello"); yield Footer()
    def on_ready(self):
        print("frame", time.time(), flush=True)
        self.exit()
Bare().run(headless=True)
"""

STUDIO = """
import sys, time
from studio.ui.app import StudioApp, Target
class Timed(StudioApp):
    def on_ready(self):
        print("frame", time.time(), flush=True)
        super().on_ready()
        self.set_interval(0.002, self._check)
    def _check(self):
        if type(self.screen).__name__ == "BrowserScreen" and self.screen.is_mounted:
            print("browser", time.time(), flush=True)
            self.exit()
Timed(Target(url=sys.argv[1])).run(headless=True)
"""


def run_once(script: str, *args: str) -> dict[str, float]:
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,  # a Studio that never shows the browser must not hang the suite
    )
    marks = {}
    for line in result.stdout.splitlines():
        name, _, stamp = line.partition(" ")
        if stamp:
            marks[name] = (float(stamp) - started) * 1000
    return marks


def summary(values: list[float]) -> str:
    return f"{statistics.median(values):7.0f} ms  (min {min(values):.0f}, max {max(values):.0f})"


def build_demo(path: Path) -> None:
    from studio.engine.demo import open_demo

    async def build() -> None:
        db = await open_demo(path)
        await db.close()

    asyncio.run(build())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--database", type=Path, help="a database file (default: a fresh demo)")
    parser.add_argument("--json", action="store_true", help="also print the times as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database = args.database or Path(folder) / "demo.db"
        if not database.exists():
            build_demo(database)
        run_once(BARE)
        run_once(STUDIO, str(database))  # warm the file cache and .pyc files
        bare, studio, browser = [], [], []
        for _ in range(args.runs):
            bare.append(run_once(BARE)["frame"])
            marks = run_once(STUDIO, str(database))
            studio.append(marks["frame"])
            browser.append(marks["browser"])
    ratio = statistics.median(studio) / statistics.median(bare)
    print(f"first frame, bare Textual app   {summary(bare)}")
    print(f"first frame, Studio             {summary(studio)}")
    print(f"browser on screen, Studio       {summary(browser)}")
    print(f"ratio Studio / bare (target <= 1.3): {ratio:.2f}x")
    if args.json:
        print(json.dumps({"bare": bare, "studio": studio, "browser": browser}))


if __name__ == "__main__":
    main()
