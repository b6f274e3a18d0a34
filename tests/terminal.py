"""Running `studio` in a real pseudo-terminal, as a person would, and reading what it printed."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time

_ESCAPE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
_LEAVE_ALTERNATE_SCREEN = "\x1b[?1049l"


def run_in_pty(
    *args: str, env: dict[str, str] | None = None, timeout: float = 60
) -> tuple[int, str]:
    """Run `python -m studio ARGS` on a pty of 80x24 until it exits: (status, output)."""
    leader, follower = pty.openpty()
    os.set_blocking(leader, False)
    process = subprocess.Popen(
        [sys.executable, "-m", "studio", *args],
        stdin=follower, stdout=follower, stderr=follower, close_fds=True,
        env={**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24", **(env or {})},
    )  # fmt: skip
    os.close(follower)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.05)
            data = b""
            if ready:
                try:
                    data = os.read(leader, 65536)
                except OSError:
                    data = b""  # EIO: the terminal's last user has gone
                if data:
                    chunks.append(data)
                    continue
            if process.poll() is not None:
                break
        else:
            process.kill()
            raise AssertionError("studio did not exit in time")
    finally:
        os.close(leader)
    return process.wait(), b"".join(chunks).decode("utf-8", "replace")


def after_the_app(output: str) -> str:
    """What was printed once the app had left the alternate screen, without escape codes."""
    tail = output.rsplit(_LEAVE_ALTERNATE_SCREEN, 1)[-1]
    return _ESCAPE.sub("", tail).replace("\r\n", "\n").replace("\r", "")
