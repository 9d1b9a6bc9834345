"""Property: whatever is changed in a valid package, its import applies completely or
changes nothing."""

from __future__ import annotations

import json
import shutil

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import InputError
from app.services.sync import export, importer
from tests.sync_helpers import add_person, fingerprint, offices, reseal, unpack

JSON_VALUES = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70), st.floats(),
                        st.text(max_size=30), st.lists(st.integers(), max_size=3),
                        st.just("2024-02-30"), st.just("2024-02-03"))


@pytest.fixture(scope="module")
def world(tmp_path_factory, template_db):
    folder = tmp_path_factory.mktemp("prop")
    o = offices(template_db, folder / "o")
    for name in ("Lan", "Nhi", "Hoa"):
        add_person(o.commune, name)
    with o.commune.transaction() as s:
        data = export.export_package(s, folder).path.read_bytes()
    manifest, members = unpack(o.province, data)
    o.province.close()
    clean = folder / "clean.sqlite"
    shutil.copyfile(o.province.path, clean)
    yield o, folder, clean, data, manifest, members
    o.commune.close()


def _attempt(world, package: bytes) -> None:
    o, folder, clean, _data, _manifest, _members = world
    from app.models.database import open_database

    target = folder / "try.sqlite"
    for suffix in ("", "-wal", "-shm"):
        (folder / f"try.sqlite{suffix}").unlink(missing_ok=True)
    shutil.copyfile(clean, target)
    before = fingerprint(target)
    db = open_database(target)
    try:
        result = importer.import_bytes(db, package)
    except InputError:
        db.close()
        assert fingerprint(target) == before
        return
    db.close()
    # Applied: then the package is logged and every row it carries is here, as sent.
    import sqlite3

    con = sqlite3.connect(target)
    logged = con.execute("SELECT count(*) FROM sync_packages WHERE package_id = ?",
                         (result.package_id,)).fetchone()[0]
    con.close()
    assert result.held or logged == 1


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_bytes_mutated_anywhere_are_refused_whole(world, data):
    package = bytearray(world[3])
    for _ in range(data.draw(st.integers(1, 4))):
        kind = data.draw(st.sampled_from(["flip", "cut", "insert"]))
        at = data.draw(st.integers(0, len(package) - 1))
        if kind == "flip":
            package[at] ^= data.draw(st.integers(1, 255))
        elif kind == "cut":
            del package[at:at + data.draw(st.integers(1, 200))]
        else:
            package[at:at] = data.draw(st.binary(min_size=1, max_size=50))
        if not package:
            package = bytearray(b"x")
    _attempt(world, bytes(package))


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_rows_changed_and_signed_again_apply_whole_or_not_at_all(world, data):
    """The sender's own key signs rows with wrong values: row checks and the single
    transaction decide, never a half import."""
    o, _folder, _clean, _data, manifest, members = world
    lines = [json.loads(x) for x in members["rows/candidates.jsonl"].splitlines()]
    for _ in range(data.draw(st.integers(1, 3))):
        row = data.draw(st.sampled_from(lines))
        column = data.draw(st.sampled_from(sorted(row) + ["extra"]))
        row[column] = data.draw(JSON_VALUES)
    body = "".join(json.dumps(x) + "\n" for x in lines).encode()
    changed = reseal(o.commune, o.province, manifest,
                     {**members, "rows/candidates.jsonl": body})
    _attempt(world, changed)
