"""The distribution: one import root, three subpackages, nothing generic in site-packages."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from importlib.metadata import distribution
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SUBPACKAGES = ("afterview.daemon", "afterview.parsers", "afterview.policies")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--quiet",
            "--wheel-dir",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("afterview-*.whl"))


def test_wheel_holds_only_the_afterview_import_root(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/", 1)[0] for name in names if not name.startswith("afterview-")}
    assert top == {"afterview"}
    for package in SUBPACKAGES:
        assert f"{package.replace('.', '/')}/__init__.py" in names
        assert f"{package.replace('.', '/')}/py.typed" in names


def test_wheel_installs_and_imports_outside_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "import sys, "
        + ", ".join(SUBPACKAGES)
        + "; print('\\n'.join(m.__file__ for m in ("
        + ", ".join(SUBPACKAGES)
        + ")))"
    )
    # -I -S: no environment, no working directory, no site-packages: only `target` has afterview.
    done = subprocess.run(
        [
            sys.executable,
            "-I",
            "-S",
            "-c",
            f"import sys; sys.path.insert(0, {str(target)!r}); {code}",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    )
    files = done.stdout.split()
    assert len(files) == 3
    assert all(file.startswith(str(target)) for file in files)


def test_console_script_points_at_the_cli() -> None:
    (script,) = [
        ep for ep in distribution("afterview").entry_points if ep.group == "console_scripts"
    ]
    assert (script.name, script.value) == ("afterview", "afterview.daemon.cli:main")


def test_editable_install_imports_from_the_source_folders(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    # System site-packages supply the dependencies; pip builds in isolation, as for a user.
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    install = [python, "-m", "pip", "install", "--quiet", "--no-deps", "-e", str(REPO)]
    subprocess.run(install, check=True, capture_output=True)
    files = ", ".join(f"{package}.__file__" for package in SUBPACKAGES)
    code = f"import {', '.join(SUBPACKAGES)}; print({files})"
    done = subprocess.run(
        [python, "-c", code], cwd=tmp_path, check=True, capture_output=True, text=True
    )
    expected = [str(REPO / folder / "__init__.py") for folder in ("daemon", "parsers", "policies")]
    assert done.stdout.split() == expected
