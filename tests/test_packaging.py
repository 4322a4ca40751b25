"""The installed wheel, not the checkout, runs `graphkit demo` and carries its data files."""
from __future__ import annotations

import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _running_site_dirs() -> list[str]:
    """The site-packages folders the running interpreter imports from, in its own order.

    Inside a virtual environment these are the environment's (and its base's when it was made
    with system site packages), not those of the interpreter it was made from.
    """
    dirs = list(site.getsitepackages())
    if site.ENABLE_USER_SITE:
        dirs.append(site.getusersitepackages())
    return [d for d in dict.fromkeys(dirs) if Path(d).is_dir()]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with graphkit installed from a wheel built from this checkout.

    The environment sees the running interpreter's site-packages for graphkit's dependencies (so
    the test needs no network), through a .pth file placed after its own site-packages, whether
    the tests run in a virtual environment or not; graphkit itself comes only from the wheel.
    """
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(REPO)],
        check=True,
    )
    wheels = list(dist.glob("graphkit-*.whl"))
    assert len(wheels) == 1, wheels
    env_dir = root / "venv"
    venv.EnvBuilder(system_site_packages=False, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    env_site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()
    # addsitedir (not a bare path) so that the .pth files of those folders are honoured too.
    lines = [f"import site; site.addsitedir({d!r})" for d in _running_site_dirs()]
    (Path(env_site) / "zz_running_site_packages.pth").write_text("\n".join(lines) + "\n")
    # The running interpreter's pip installs into the new environment (pip --python), so the
    # environment needs no pip of its own (none exists where ensurepip is missing).
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
         "--force-reinstall", "-q", str(wheels[0])],
        check=True,
    )
    return env_dir


def test_wheel_contains_cypher_loaders_cli_and_demo(installed: Path, tmp_path: Path) -> None:
    python = installed / "bin" / "python"
    code = (
        "import graphkit, graphkit.cli, graphkit.loaders, graphkit.resources as r;"
        "print(graphkit.__file__);"
        "print(sorted(p.name for p in r.cypher_dir().glob('*.cypher')));"
        "print(sorted(p.name for p in r.demo_dir().iterdir()))"
    )
    out = subprocess.run([str(python), "-c", code], cwd=tmp_path, check=True,
                         capture_output=True, text=True).stdout.splitlines()
    assert str(installed) in out[0], "graphkit must import from the installed wheel"
    assert ".cypher" in out[1]
    assert "contacts.csv" in out[2]


def test_installed_command_runs_the_demo(installed: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(installed / "bin" / "graphkit"), "demo", "--out", str(tmp_path / "demo")],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "Person" in result.stdout
