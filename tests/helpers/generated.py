"""Generated contacts (``graphkit generate``) loaded by the real loader into a real workspace:
the report tests' data at a size where cases share actors and ties break."""
from __future__ import annotations

from pathlib import Path

from graphkit.ingest import load_files
from graphkit.store.workspace import Workspace
from graphkit.workflows.generate import generate_contacts


def generated_workspace_at(directory: Path, contacts: int, communities: int | None = None) -> Path:
    """A workspace under ``directory`` holding ``contacts`` generated contacts (seed 3; half as
    many cases as ``communities``, by default two per 1,000 actors, at least 2)."""
    source = directory / f"contacts-{contacts}.csv"
    generate_contacts(contacts, seed=3, communities=communities, path=source)
    path = directory / f"ws-{contacts}"
    with Workspace(path) as ws:
        load_files([source], ws, layout="contacts")
    return path
