"""The wheel carries the styles, and an installed (non-editable) Studio finds them."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_styles_ship_in_the_wheel_and_are_found_when_installed(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-q", "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    (wheel,) = wheels.glob("studio-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(n for n in names if n.endswith(".tcss"))
    in_tree = sorted(f"studio/styles/{p.name}" for p in (ROOT / "styles").glob("*.tcss"))
    assert shipped == in_tree and shipped

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
         str(wheel)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    # -S keeps the editable install's path hook out, so only the installed copy can be found.
    script = (
        f"import sys; sys.path.insert(0, {str(target)!r})\n"
        "import studio, studio.resources as r\n"
        "print(studio.__file__); print(r.styles_dir()); print(len(r.stylesheets()))\n"
    )
    result = subprocess.run(
        [sys.executable, "-S", "-c", script], capture_output=True, text=True, check=True,
        cwd=tmp_path,
    )  # fmt: skip
    package_file, styles, count = result.stdout.split()
    assert package_file.startswith(str(target))
    assert styles == str(target / "studio" / "styles")
    assert int(count) == len(in_tree)
