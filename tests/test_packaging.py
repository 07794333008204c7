"""The pip route: the wheel carries the built-in decks, their schema, the app's stylesheet and
the licence; the installed command knows its version and never writes inside itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
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
    assert shipped | {"seeds/deck.schema.json", "tui/app/flywheel.tcss"} <= names
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


@pytest.mark.skipif(shutil.which("uv") is None, reason="uv builds the wheel; it is not on PATH")
def test_editing_a_built_in_note_leaves_the_installed_package_unchanged(tmp_path: Path) -> None:
    """The wheel in a fresh venv; `flywheel edit` of a built-in note; every package file kept."""
    subprocess.run(
        ["uv", "build", "--wheel", "--out-dir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    venv = tmp_path / "venv"
    subprocess.run(["uv", "venv", "-q", "--python", sys.executable, str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        ["uv", "pip", "install", "-q", "--no-deps", "--python", str(python), str(wheel)],
        check=True,
    )
    # The dependencies come from this environment (not its source tree: no .pth of it is read).
    site = Path(sysconfig.get_paths()["purelib"])
    (venv_site,) = (venv / "lib").glob("python*/site-packages")
    (venv_site / "dependencies.pth").write_text(f"{site}\n")
    where = subprocess.run(
        [str(python), "-c", "import seeds, tui, cards; print(seeds.__file__)"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,  # not the source tree's folder, which `-c` would put first on sys.path
    )
    package = Path(where.stdout.strip()).parent
    assert package.is_relative_to(venv_site)
    before = installed_files(venv_site)
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import pathlib, sys\n"
        "path = pathlib.Path(sys.argv[-1])\n"
        "path.write_text(path.read_text().replace('{{c1::Audi}}', '{{c1::Audi AG}}', 1))\n"
    )
    env = {
        **os.environ,
        "FLYWHEEL_DB": str(tmp_path / "collection.sqlite3"),
        "FLYWHEEL_CONFIG": str(tmp_path / "config.toml"),
        "FLYWHEEL_DECKS": str(tmp_path / "decks"),
        "FLYWHEEL_TODAY": "2026-01-15",
        "EDITOR": f"{sys.executable} {editor}",
    }
    note = "iot/in-car-delivery-partners"
    result = subprocess.run(
        [str(venv / "bin" / "flywheel"), "edit", note],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "{{c1::Audi AG}}" in (tmp_path / "decks" / "iot.toml").read_text()
    after = installed_files(venv_site)
    assert after == before
    assert "{{c1::Audi}}" in (package / "iot.toml").read_text()


def installed_files(site: Path) -> dict[str, bytes]:
    """Every file of the installed package (byte code caches aside), by relative path."""
    return {
        str(path.relative_to(site)): path.read_bytes()
        for folder in ("seeds", "cards", "tui")
        for path in sorted((site / folder).rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }
