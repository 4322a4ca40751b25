"""requirements/lock.txt pins every package graphkit and its test extra need, transitively.

scripts/test installs with the lock as pip constraints; a package missing from it would float to
its newest release and could turn the suite red overnight (docs/testing.md).
"""
from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REPO = Path(__file__).resolve().parent.parent
LOCK = REPO / "requirements" / "lock.txt"


def _locked() -> dict[str, str]:
    """Package name -> pinned version, for every `name==version` line of the lock."""
    pins = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        found = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", line)
        if found:
            pins[canonicalize_name(found.group(1))] = found.group(2)
    return pins


def _needed_here() -> set[str]:
    """graphkit's dependencies and test extras, and theirs, as installed for this interpreter."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    todo = [Requirement(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]]
    todo = [r for r in todo if r.marker is None or r.marker.evaluate({"extra": ""})]
    seen: set[str] = set()
    while todo:
        requirement = todo.pop()
        name = canonicalize_name(requirement.name)
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(requirement.name) or []
        except metadata.PackageNotFoundError:  # e.g. networkit, which macOS goes without
            continue
        for extra in requirement.extras or {""}:
            for raw in requires:
                sub = Requirement(raw)
                if sub.marker is None or sub.marker.evaluate({"extra": extra}):
                    todo.append(sub)
    return seen


def test_lock_pins_every_package_the_tests_need() -> None:
    missing = _needed_here() - set(_locked())
    assert not missing, f"not in {LOCK.name}: {sorted(missing)}; run scripts/lock (docs/testing.md)"

