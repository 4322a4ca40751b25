"""graphkit: map foreign approach networks.

Load case and contact records into one evidence-linked graph of people, companies,
intermediaries and technologies; find the brokers and the likely transfer paths; draw
offline link charts and write auditable reports.

>>> import graphkit
>>> graphkit.__version__
'0.1.0'
"""
from __future__ import annotations

from pathlib import Path as _Path

__version__ = "0.1.0"

# The design card keeps ``loaders/``, ``cypher/`` and ``cli.py`` at the top of the repository
# and the wheel installs them inside this package. In a source checkout the checkout's root is
# added to the package path, so ``graphkit.loaders`` and ``graphkit.cli`` import the same way
# from a checkout as from an installed wheel.
_package_dir = _Path(__file__).resolve().parent
_checkout = _package_dir.parent
if not (_package_dir / "cli.py").exists() and (_checkout / "cli.py").is_file() and (
    _checkout / "pyproject.toml"
).is_file():
    __path__.append(str(_checkout))  # type: ignore[name-defined]
