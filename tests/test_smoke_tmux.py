"""The installed `studio demo` in a real terminal (tmux): open a collection and an item, and read
the screen back as a person would see it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

STUDIO = Path(sys.executable).parent / "studio"


class Tmux:
    """A private tmux server (its own socket), so only our own session is ever killed."""

    def __init__(self, socket: str) -> None:
        self.socket = socket

    def run(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        ).stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", "smoke")

    def keys(self, *keys: str) -> None:
        self.run("send-keys", "-t", "smoke", *keys)

    def wait_for(self, *texts: str, seconds: float = 30) -> str:
        deadline = time.monotonic() + seconds
        while True:
            screen = self.screen()
            if all(text in screen for text in texts):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{texts} not on screen:\n{screen}")
            time.sleep(0.1)


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Tmux]:
    if shutil.which("tmux") is None:
        pytest.fail("tmux is needed for the terminal smoke test")
    assert STUDIO.exists(), f"the studio command is not installed at {STUDIO}"
    session = Tmux(f"studio-smoke-{os.getpid()}")
    # The session's command is studio itself, so the session ends when studio exits.
    command = (
        f"env STUDIO_DATA_DIR={tmp_path / 'data'} STUDIO_CONFIG={tmp_path / 'none.toml'}"
        f" TERM=xterm-256color {STUDIO} demo"
    )
    session.run("new-session", "-d", "-s", "smoke", "-x", "100", "-y", "30", command)
    try:
        yield session
    finally:
        subprocess.run(["tmux", "-L", session.socket, "kill-server"], capture_output=True)


def test_studio_demo_in_a_real_terminal(tmux: Tmux) -> None:
    # the first collection's items are listed (the count may arrive before the first page)
    tmux.wait_for("Articles", "Cities", "items", "welcome")
    tmux.keys("Down", "Down", "Down", "Down", "Enter")  # Cities, in the Places folder
    screen = tmux.wait_for("Cities  ·", "Kabul", "Afghanistan")
    tmux.keys("Enter")  # open the first city
    screen = tmux.wait_for("Population", "Country")
    assert "Cities /" in screen
    tmux.keys("Escape")
    tmux.wait_for("Cities  ·")
    tmux.keys("C-q")
    deadline = time.monotonic() + 10
    while _alive(tmux):  # the session ends when studio exits
        if time.monotonic() > deadline:
            raise AssertionError("studio did not quit on ctrl+q")
        time.sleep(0.1)


def _alive(tmux: Tmux) -> bool:
    result = subprocess.run(["tmux", "-L", tmux.socket, "has-session", "-t", "smoke"],
                            capture_output=True)  # fmt: skip
    return result.returncode == 0
