"""The named Cypher queries of ``cypher/``: read, check and fill them.

Each ``.cypher`` file starts with a header of ``// key: value`` comment lines naming the
query (``name``), whether it reads or writes (``mode``), its parameters (``params``) and,
for per-kind queries, the placeholder it has (``template``). Values are always parameters.
Labels and relationship types cannot be parameters in Cypher, so per-kind queries hold a
``{label}`` or ``{type}`` placeholder that only :func:`query` fills, and only with a name that
:mod:`graphkit.schema` declares and that matches ``^[A-Z][A-Za-z_]*$``: text from records
never becomes query text.

>>> q = query("merge_nodes", label="person")
>>> q.name, q.mode, ":Person" in q.text
('merge_nodes', 'write', True)
>>> query("merge_edges", rel_type="x'}) DETACH DELETE n //")
Traceback (most recent call last):
...
graphkit.errors.SchemaError: unknown relation "x'}) DETACH DELETE n //"; the schema has CONTACTED, INTRODUCED, EMPLOYED_BY, AFFILIATED_WITH, OWNS, HOLDS, SOUGHT, TRANSFERRED, MADE, TARGETED, VIA, CONCERNS, PART_OF, DIRECTOR_OF, FAMILY_OF, ASSOCIATE_OF, REPRESENTS, PAID, LINKED_TO, SANCTIONED
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import LiteralString, cast

from graphkit import schema
from graphkit.errors import SchemaError, StoreError
from graphkit.resources import cypher_dir

_SAFE_NAME = re.compile(r"^[A-Z][A-Za-z_]*$")
_HEADER = re.compile(r"^//\s*([a-z_]+)\s*:\s*(.*)$")


@dataclass(frozen=True)
class Query:
    """One named query: its name, ``read`` or ``write``, and its statement(s).

    ``text`` is a :data:`typing.LiteralString`: only :func:`query` makes one (from the
    catalogue's files and the schema's names), so a type checker (mypy) rejects any code that
    hands the driver a string built from values (``session.run(f"... {name}")``).
    """

    name: str
    mode: str
    text: LiteralString

    @property
    def statements(self) -> list[LiteralString]:
        """The statements of a multi-statement (schema) file, split on semicolons."""
        return [s.strip() for s in self.text.split(";") if s.strip()]


@functools.lru_cache(maxsize=None)
def _raw(name: str) -> tuple[dict[str, str], str]:
    path = Path(cypher_dir()) / f"{name}.cypher"
    if not path.is_file():
        raise StoreError(f"no Cypher query named {name!r} in {cypher_dir()}")
    header: dict[str, str] = {}
    body: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _HEADER.match(line.strip())
        if match and not body:
            header.setdefault(match.group(1), match.group(2).strip())
        elif not line.strip().startswith("//") or body:
            body.append(line)
    if header.get("name") != name:
        raise StoreError(f"{path} names itself {header.get('name')!r}, not {name!r}")
    return header, "\n".join(body).strip()


def safe_label(kind: str) -> str:
    """The schema's node kind for ``kind``, checked to be safe as a Cypher label."""
    label = schema.check_node_kind(kind)
    if not _SAFE_NAME.match(label):  # the schema file itself is wrong
        raise SchemaError(f"node kind {label!r} is not a plain label name")
    return label


def relation_name(relation: str) -> str:
    """The schema's relation kind named ``relation`` (exactly, or by one of its words), or raise
    SchemaError. (``schema.check_relation`` alone knows only the kinds that have words.)

    >>> relation_name("MADE"), relation_name("introduced by")
    ('MADE', 'INTRODUCED')
    """
    if isinstance(relation, str) and relation in schema.RELATION_KINDS:
        return relation
    return schema.check_relation(relation)


def safe_type(relation: str) -> str:
    """The schema's relation kind for ``relation``, checked to be safe as a relationship type."""
    found = relation_name(relation)
    if not _SAFE_NAME.match(found):
        raise SchemaError(f"relation {found!r} is not a plain relationship type name")
    return found


def query(name: str, *, label: str | None = None, rel_type: str | None = None) -> Query:
    """The query ``name`` from ``cypher/``, its ``{label}``/``{type}`` filled from the schema.

    Raises :class:`~graphkit.errors.SchemaError` for a label or type the schema does not
    declare, and :class:`~graphkit.errors.StoreError` when the template and arguments disagree.
    """
    header, text = _raw(name)
    mode = header.get("mode", "").split()[0] if header.get("mode") else ""
    if mode not in ("read", "write"):
        raise StoreError(f"query {name} has no '// mode: read|write' header")
    needs_label, needs_type = "{label}" in text, "{type}" in text
    if needs_label != (label is not None) or needs_type != (rel_type is not None):
        raise StoreError(f"query {name} is filled with the wrong placeholders")
    if label is not None:
        text = text.replace("{label}", safe_label(label))
    if rel_type is not None:
        text = text.replace("{type}", safe_type(rel_type))
    # the one place query text is made: file text from cypher/ and schema names checked above
    # (mypy reads LiteralString as str and calls the cast redundant; pyright checks it)
    return Query(name=name, mode=mode, text=cast(LiteralString, text))  # type: ignore[redundant-cast, unused-ignore]


def query_names() -> list[str]:
    """The names of every query file, sorted."""
    return sorted(p.stem for p in Path(cypher_dir()).glob("*.cypher"))
