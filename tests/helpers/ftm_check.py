"""Check a FollowTheMoney package with the official ``followthemoney`` library.

:func:`ftm_problems` reads a JSON Lines file of FtM entities and lists every way it breaks the
FtM model: an unknown or abstract schema, a property the schema does not have, a value its
type refuses (the library's own ``Schema.validate``), a required property missing, a value
the library's cleaning would change or drop, a reference to an entity not in the file or of a
schema outside the property's range, and ids given twice. An empty list is a valid package.
"""
from __future__ import annotations

import json
from pathlib import Path

from followthemoney import model
from followthemoney.exc import InvalidData


def read_entities(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def ftm_problems(path: Path) -> list[str]:
    entities = read_entities(path)
    problems: list[str] = []
    by_id: dict[str, dict] = {}
    for entity in entities:
        if entity["id"] in by_id:
            problems.append(f"{entity['id']}: id given twice")
        by_id[entity["id"]] = entity
    for entity in entities:
        where = f"{entity['id']} ({entity.get('schema')})"
        schema = model.get(entity.get("schema", ""))
        if schema is None or schema.abstract:
            problems.append(f"{where}: not a concrete FtM schema")
            continue
        props = entity.get("properties", {})
        unknown = [p for p in props if p not in schema.properties]
        problems += [f"{where}: {schema.name} has no property {p}" for p in unknown]
        try:
            schema.validate(entity)
        except InvalidData as err:
            problems.append(f"{where}: {err.errors}")
        problems += [f"{where}: required {p} missing" for p in schema.required if not props.get(p)]
        cleaned = model.get_proxy(entity, cleaned=False).to_dict()["properties"]
        for prop, values in props.items():
            if prop in unknown:
                continue
            if set(cleaned.get(prop, [])) != set(values):
                problems.append(f"{where}: the library cleans {prop} {values!r} to {cleaned.get(prop)!r}")
            ptype = schema.properties[prop]
            if ptype.type.name == "entity":
                for ref in values:
                    target = by_id.get(ref)
                    if target is None:
                        problems.append(f"{where}: {prop} names {ref}, not in the package")
                    elif ptype.range is not None and not model.get(target["schema"]).is_a(ptype.range):
                        problems.append(f"{where}: {prop} names a {target['schema']}, outside its range {ptype.range.name}")
    return problems
