"""The rows of a package are parsed in one go per table; a line holding other than one
JSON value is still refused by its row number, with nothing changed."""

from __future__ import annotations

import pytest

from app.errors import InputError
from app.services.sync import export, importer
from tests.sync_helpers import add_person, fingerprint, offices, reseal, unpack


@pytest.fixture
def two(template_db, tmp_path):
    o = offices(template_db, tmp_path / "o")
    yield o
    o.close()


@pytest.mark.parametrize("extra", [b'1, 2', b'{"id": "a"}, {"id": "b"}', b'', b'   '])
def test_a_line_with_two_values_or_none_is_refused_by_its_number(two, tmp_path, extra):
    add_person(two.commune, "Lan")
    add_person(two.commune, "Mai")
    with two.commune.transaction() as s:
        data = export.export_package(s, two.folder).path.read_bytes()
    manifest, members = unpack(two.province, data)
    lines = members["rows/candidates.jsonl"].splitlines()
    assert len(lines) == 2
    # The odd line in the middle, as row 2; the counts say three rows.
    body = b"\n".join([lines[0], extra, lines[1]]) + b"\n"
    evil = reseal(two.commune, two.province, dict(manifest, counts=dict(
        manifest["counts"], candidates=3)), {**members, "rows/candidates.jsonl": body})
    path = tmp_path / "bad.dhtt"
    path.write_bytes(evil)
    before = fingerprint(two.province.path)
    with pytest.raises(InputError) as info:
        importer.import_file(two.province, path)
    assert info.value.params["row"] == 2 and info.value.params["table"] == "candidates"
    assert fingerprint(two.province.path) == before


def test_two_rows_with_the_same_id_refuse_the_package_in_vietnamese(two, tmp_path):
    """Found by the property test: the prepared inserts raise SQLite's own error, which
    must become the same refusal as before (nothing written, the reason in words)."""
    add_person(two.commune, "Lan")
    add_person(two.commune, "Mai")
    with two.commune.transaction() as s:
        data = export.export_package(s, two.folder).path.read_bytes()
    manifest, members = unpack(two.province, data)
    import json

    first, second = (json.loads(x) for x in members["rows/candidates.jsonl"].splitlines())
    second["id"] = first["id"]
    body = (json.dumps(first) + "\n" + json.dumps(second) + "\n").encode()
    evil = reseal(two.commune, two.province, manifest,
                  {**members, "rows/candidates.jsonl": body})
    path = tmp_path / "twice.dhtt"
    path.write_bytes(evil)
    before = fingerprint(two.province.path)
    with pytest.raises(InputError) as info:
        importer.import_file(two.province, path)
    assert "nothing was imported" in info.value.key
    assert fingerprint(two.province.path) == before
