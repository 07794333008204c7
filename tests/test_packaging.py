"""The pip route: the wheel carries the built-in decks, their schema, the app's stylesheet and
the licence; the installed command knows its version."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("uv") is None, reason="uv builds the wheel; it is not on PATH")
def test_the_wheel_holds_the_decks_and_the_stylesheet(tmp_path: Path) -> None:
    subprocess.run(
        ["uv", "build", "--wheel", "--out-dir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {f"seeds/{path.name}" for path in (ROOT / "seeds").glob("*.toml")}
    assert len(shipped) == 5
    assert shipped | {"seeds/deck.schema.json", "tui/flywheel.tcss"} <= names
    assert not any(name.startswith("tests/") for name in names)
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)


def test_version_prints_the_version_of_pyproject() -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    script = Path(sys.executable).parent / "flywheel"  # the installed entry point
    result = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout == f"flywheel {declared['project']['version']}\n"
    assert result.stderr == ""
