"""Corrected versions of the plan's criteria sets (plan III.3, re-read in 2026).

Version 1 of each set stays as it was, so assessments already made keep their criteria;
the corrected text is a new version of the sets it changes, with the subjects (kinds of
candidate) each item applies to. Written with plain SQL on a connection, so the same code
seeds a new file and upgrades an old one (migration 0004) and both get the same ids.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from typing import Any

import sqlalchemy as sa

from app import text
from app.models.base import utcnow
from app.paths import resources_dir

REVISIONS_FILE = "plan/criteria_revisions.json"
_NAMESPACE = uuid.UUID("6f1c8e0a-3b1e-4f55-9d1c-5a0d7e4b2c11")

_COMMON = ("created_at", "updated_at", "owner_unit_code", "deleted")
_TYPES = {"valid_from": sa.Date, "created_at": sa.DateTime, "updated_at": sa.DateTime,
          "deleted": sa.Boolean, "required": sa.Boolean}


def _table(name: str, *columns: str) -> sa.TableClause:
    return sa.table(name, *(sa.column(c, _TYPES.get(c)) for c in (*columns, *_COMMON)))


_sets = _table("criteria_sets", "id", "model_type_id", "version", "title", "valid_from",
               "min_passed", "source")
_criteria = _table("criteria", "id", "criteria_set_id", "position", "code", "text",
                   "required", "subjects")
_model_types = sa.table("model_types", sa.column("id"), sa.column("code"), sa.column("name"))


def stable_id(kind: str, code: str) -> str:
    """The UUID every office gives the seeded row ``kind``/``code``."""
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{code}"))


def revisions() -> list[dict[str, Any]]:
    data = json.loads((resources_dir() / REVISIONS_FILE).read_text(encoding="utf-8"))
    return list(data["revisions"])


def add_criteria_revisions(conn: sa.Connection, valid_from: date = date(2021, 1, 1)) -> int:
    """Add the corrected versions that are missing; return how many sets were added."""
    added = 0
    now = utcnow()
    model_types = {code: (mt_id, name) for mt_id, code, name in conn.execute(
        sa.select(_model_types.c.id, _model_types.c.code, _model_types.c.name))}
    for rev in revisions():
        code, version = rev["model_type"], int(rev["version"])
        if code not in model_types:
            continue
        set_id = stable_id("criteria_set", f"{code}:plan:{version}")
        if conn.execute(sa.select(_sets.c.id).where(_sets.c.id == set_id)).first():
            continue
        mt_id, name = model_types[code]
        # A province that edited the plan's set already holds this version number (an edit
        # of a used set is the next version): the corrected text comes after it, so each
        # version number names one set and the newest is the one in force.
        taken = conn.execute(sa.select(sa.func.max(_sets.c.version)).where(
            _sets.c.model_type_id == mt_id, _sets.c.owner_unit_code.is_(None))).scalar()
        number = max(version, (taken or 0) + 1)
        common = {"created_at": now, "updated_at": now, "owner_unit_code": None,
                  "deleted": False}
        conn.execute(_sets.insert().values(
            id=set_id, model_type_id=mt_id, version=number, valid_from=valid_from,
            title=text.clean(f"{code}. {name}"), min_passed=None, source="plan", **common))
        for pos, item in enumerate(rev["criteria"], start=1):
            entry = item if isinstance(item, dict) else {"text": item}
            conn.execute(_criteria.insert().values(
                id=stable_id("criterion", f"{code}:plan:{version}:{pos}"),
                criteria_set_id=set_id, position=pos, code=f"{code}.{pos}",
                text=text.clean(entry["text"]), required=entry.get("required", True),
                subjects=",".join(entry.get("subjects", [])), **common))
        added += 1
    return added
