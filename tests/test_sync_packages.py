"""Sync packages: keys, the file format, and every bad input refused with nothing changed."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.errors import InputError
from app.models import Candidate, SyncOffice
from app.services.sync import export, importer, keys, package
from app.services.sync.verify import UnknownSender
from tests.sync_helpers import (
    COMMUNE,
    PROVINCE,
    add_person,
    fingerprint,
    make_office,
    offices,
    reseal,
    unpack,
)


@pytest.fixture
def two(template_db, tmp_path):
    o = offices(template_db, tmp_path / "o")
    yield o
    o.close()


def _export(db, folder, **kw):
    with db.transaction() as s:
        return export.export_package(s, folder, **kw)


def _refused(two, data: bytes, message: str, tmp_path) -> None:
    before = fingerprint(two.province.path)
    path = tmp_path / "bad.dhtt"
    path.write_bytes(data)
    with pytest.raises(InputError) as info:
        importer.import_file(two.province, path)
    assert message in info.value.key or message in info.value.message()
    assert fingerprint(two.province.path) == before


def test_fingerprint_is_short_and_the_same_on_both_sides(two, tmp_path):
    with two.commune.session() as s:
        me = keys.identity(s)
    with two.province.session() as s:
        enrolled = s.scalar(select(SyncOffice).where(SyncOffice.unit_code == COMMUNE))
    assert enrolled.fingerprint == me.fingerprint
    assert len(me.fingerprint) == 19 and me.fingerprint.count("-") == 3
    doc = json.loads((two.folder / "a.key").read_text())
    assert "private" not in json.dumps(doc)


def test_package_is_named_and_cannot_be_read_without_the_recipients_key(two, tmp_path):
    add_person(two.commune, "Nhi", ho="Siu")
    result = _export(two.commune, two.folder)
    assert result.path.name.startswith(f"{COMMUNE}-{PROVINCE}-") and result.path.name.endswith("-0001.dhtt")
    data = result.path.read_bytes()
    assert b"Siu" not in data and "Siu".encode("utf-16-le") not in data
    assert not list(two.folder.glob("*.tmp"))
    # The commune's own key (or any other) does not open it.
    with two.commune.session() as s, pytest.raises(InputError):
        from app.services.sync import sealing

        sealing.unseal(data, keys.box_private(s))
    manifest, members = unpack(two.province, data)
    assert manifest["sequence"] == 1 and manifest["kind"] == "up"
    assert manifest["counts"] == {"candidates": 1, "status_changes": 1}
    assert b"Siu" in members["rows/candidates.jsonl"]


def test_replacing_a_key_needs_a_reason_and_revokes_the_old_one(two, template_db, tmp_path):
    new_pc = make_office(template_db, tmp_path / "new.sqlite", COMMUNE)
    with new_pc.transaction() as s:
        keys.export_public_key(s, tmp_path / "new.key")
    key = keys.read_key_file(tmp_path / "new.key")
    with two.province.transaction() as s, pytest.raises(InputError, match="reason|lý do"):
        keys.enroll(s, key)
    with two.province.transaction() as s:
        keys.enroll(s, key, reason="Máy tính cũ bị mất")
    with two.province.session() as s:
        rows = s.scalars(select(SyncOffice).where(SyncOffice.unit_code == COMMUNE)).all()
    assert sorted((r.revoked_reason, r.revoked_at is None) for r in rows) == [
        ("", True), ("Máy tính cũ bị mất", False)]
    # A package signed with the revoked key is refused.
    add_person(two.commune)
    data = _export(two.commune, two.folder).path.read_bytes()
    before = fingerprint(two.province.path)
    with pytest.raises(InputError):
        importer.import_bytes(two.province, data)
    assert fingerprint(two.province.path) == before
    new_pc.close()


def test_unknown_sender_is_refused_with_enrolment_offered(template_db, tmp_path):
    commune = make_office(template_db, tmp_path / "x.sqlite", COMMUNE)
    province = make_office(template_db, tmp_path / "t.sqlite", PROVINCE)
    with province.transaction() as s:
        keys.export_public_key(s, tmp_path / "t.key")
    with commune.transaction() as s:
        keys.enroll(s, keys.read_key_file(tmp_path / "t.key"))
    add_person(commune)
    path = _export(commune, tmp_path).path
    before = fingerprint(province.path)
    with pytest.raises(UnknownSender) as info:
        importer.import_file(province, path)
    assert info.value.params["unit"] == COMMUNE
    assert fingerprint(province.path) == before
    commune.close()
    province.close()


def test_replay_is_a_no_op_that_says_so(two):
    add_person(two.commune)
    path = _export(two.commune, two.folder).path
    first = importer.import_file(two.province, path)
    assert first.applied == {"candidates": 1, "status_changes": 1}
    before = fingerprint(two.province.path)
    again = importer.import_file(two.province, path)
    assert again.already_imported and again.applied == {}
    assert fingerprint(two.province.path) == before


def test_dry_run_shows_the_changes_and_writes_nothing(two):
    add_person(two.commune)
    path = _export(two.commune, two.folder).path
    before = fingerprint(two.province.path)
    dry = importer.import_file(two.province, path, dry_run=True)
    assert dry.dry_run and dry.tables["candidates"].new == 1
    assert fingerprint(two.province.path) == before


@pytest.fixture
def valid(two):
    """A valid package from the commune and its decrypted parts."""
    add_person(two.commune, "Lan")
    data = _export(two.commune, two.folder).path.read_bytes()
    manifest, members = unpack(two.province, data)
    return data, manifest, members


def test_tampered_byte_is_refused(two, valid, tmp_path):
    data = bytearray(valid[0])
    data[len(data) // 2] ^= 0x01
    _refused(two, bytes(data), "damaged", tmp_path)


@pytest.mark.parametrize("keep", [0.5, 0.99, 60])
def test_cut_file_is_refused(two, valid, tmp_path, keep):
    data = valid[0]
    cut = data[: int(len(data) * keep)] if keep < 1 else data[:keep]
    _refused(two, cut, "", tmp_path)


def test_cut_at_a_chunk_boundary_is_refused(two, tmp_path):
    from app.services.sync import sealing

    with two.province.session() as s:
        me = keys.identity(s)
    data = sealing.seal(b"x" * (sealing.CHUNK * 2 + 10), me.box_public,
                        {"format": 1, "recipient_unit": PROVINCE, "recipient_key_id": me.key_id})
    header_end = sealing.read_header(data)[1] + 32
    cut = data[: header_end + 2 * (sealing.CHUNK + sealing.TAG)]
    with two.province.session() as s, pytest.raises(InputError, match="cut short|cắt"):
        sealing.unseal(cut, keys.box_private(s))


def test_re_signed_by_another_key_is_refused(two, valid, template_db, tmp_path):
    _data, manifest, members = valid
    stranger = make_office(template_db, tmp_path / "s.sqlite", COMMUNE)
    forged = reseal(two.commune, two.province, manifest, members, sign_with=stranger)
    _refused(two, forged, "signature", tmp_path)
    stranger.close()


def test_package_for_another_office_is_refused(two, valid, template_db, tmp_path):
    other = make_office(template_db, tmp_path / "other.sqlite", PROVINCE)
    before = fingerprint(other.path)
    path = tmp_path / "p.dhtt"
    path.write_bytes(valid[0])
    with pytest.raises(InputError, match="another key|khóa khác"):
        importer.import_file(other, path)
    assert fingerprint(other.path) == before
    with pytest.raises(InputError, match=f"{PROVINCE}"):
        importer.import_file(two.commune, path)
    other.close()


def test_replay_with_a_changed_body_under_the_same_id_is_refused(two, valid, tmp_path):
    data, manifest, members = valid
    (tmp_path / "ok.dhtt").write_bytes(data)
    importer.import_file(two.province, tmp_path / "ok.dhtt")
    rows = members["rows/candidates.jsonl"].replace(b'"Lan"', b'"Nhi"')
    changed = reseal(two.commune, two.province, manifest,
                     {**members, "rows/candidates.jsonl": rows})
    _refused(two, changed, "already imported", tmp_path)


@pytest.mark.parametrize("name", ["../../evil.txt", "/etc/passwd", "rows/../../x.jsonl",
                                  "files/..\\x", "C:/x"])
def test_member_path_escaping_the_folder_is_refused(two, valid, tmp_path, name):
    _data, manifest, members = valid
    evil = reseal(two.commune, two.province, manifest, {**members, name: b"boom"})
    _refused(two, evil, "not allowed", tmp_path)
    assert not (tmp_path.parent / "evil.txt").exists()


def test_bomb_member_is_refused_at_the_limit(two, valid, tmp_path, monkeypatch):
    _data, manifest, members = valid
    monkeypatch.setattr(package, "MAX_MEMBER", 1024 * 1024)
    bomb = b"0" * (3 * 1024 * 1024)  # compresses to a few kilobytes
    digest = __import__("hashlib").sha256(bomb).hexdigest()
    evil = reseal(two.commune, two.province, manifest, {**members, f"files/{digest}": bomb})
    assert len(evil) < 100_000
    _refused(two, evil, "larger than allowed", tmp_path)


def test_member_larger_than_its_manifest_says_is_refused(two, valid, tmp_path):
    _data, manifest, members = valid
    listed = [dict(m, size=10) if m["path"] == "rows/candidates.jsonl" else m
              for m in manifest["members"]]
    evil = reseal(two.commune, two.province, dict(manifest, members=listed), members,
                  fix_hashes=False)
    _refused(two, evil, "", tmp_path)


@pytest.mark.parametrize("line", [
    b'{"id": "x", "birth_year": "abc"}',
    b'[1, 2, 3]',
    b'{"id": 5}',
    b'not json at all',
    b'{"id": "c-1", "kind": "individual", "display_name": "A", "unit_code": "21553", '
    b'"status": "dang_ky", "no_such_column": 1}',
    b'{"id": "c-2", "kind": null, "display_name": "A", "unit_code": "21553", "status": "x"}',
])
def test_malformed_rows_are_refused(two, valid, tmp_path, line):
    _data, manifest, members = valid
    rows = members["rows/candidates.jsonl"] + line + b"\n"
    evil = reseal(two.commune, two.province, dict(manifest, counts=dict(
        manifest["counts"], candidates=manifest["counts"]["candidates"] + 1)),
        {**members, "rows/candidates.jsonl": rows})
    _refused(two, evil, "malformed", tmp_path)


def test_rows_of_an_unknown_table_are_refused(two, valid, tmp_path):
    _data, manifest, members = valid
    evil = reseal(two.commune, two.province, dict(manifest, counts=dict(manifest["counts"],
                                                                         sync_offices=1)),
                  {**members, "rows/sync_offices.jsonl": b'{"id": "x"}\n'})
    _refused(two, evil, "does not know", tmp_path)


def test_package_from_a_newer_schema_asks_for_an_update(two, valid, tmp_path):
    _data, manifest, members = valid
    evil = reseal(two.commune, two.province, dict(manifest, schema=manifest["schema"] + 1),
                  members)
    _refused(two, evil, "cập nhật chương trình", tmp_path)


def test_a_package_that_is_not_a_package_is_refused(two, tmp_path):
    _refused(two, b"PK\x03\x04 an ordinary zip file", "not a DHTT package", tmp_path)


def test_commune_cannot_change_records_of_another_unit(two, tmp_path):
    """A signed package from a commune carrying another commune's rows: those rows are
    refused by the province, the commune's own are applied."""
    other = add_person(two.commune, "Hoa", unit="21583")
    own = add_person(two.commune, "Mai")
    result = importer.import_file(two.province, _export(two.commune, two.folder).path)
    assert result.tables["candidates"].refused == 1 and result.tables["candidates"].new == 1
    with two.province.session() as s:
        assert s.get(Candidate, own) is not None and s.get(Candidate, other) is None


def test_route_follows_the_unit_tree_in_force(two):
    from datetime import date

    from app.services.sync.route import default_recipient

    with two.province.session() as s:
        assert default_recipient(s, "23767", date(2024, 5, 1)) == "628"  # xã → huyện
        assert default_recipient(s, "628", date(2024, 5, 1)) == "64"  # huyện → tỉnh (cũ)
        assert default_recipient(s, "628", date(2025, 8, 1)) == "52"  # huyện cũ → tỉnh mới
        assert default_recipient(s, "23767", date(2025, 8, 1)) == "52"  # xã → tỉnh
        assert default_recipient(s, COMMUNE, date(2025, 8, 1)) == PROVINCE
        with pytest.raises(InputError):
            default_recipient(s, PROVINCE)


def test_upgrading_an_older_file_versions_its_rows(tmp_path):
    import sqlite3

    from app.models.database import open_database, upgrade

    path = tmp_path / "old.sqlite"
    upgrade(path, "0006_accounts")
    con = sqlite3.connect(path)
    con.execute("INSERT INTO admin_units (id, code, official_code, name, unit_type, level, "
                "name_search, sort_key, created_at, updated_at, deleted) VALUES "
                "('u1', '21553', '21553', 'Quy Nhơn Bắc', 'Phường', 'commune', '', '', "
                "'2024-01-01', '2024-01-01', 0)")
    con.commit()
    con.close()
    open_database(path).close()
    con = sqlite3.connect(path)
    row = con.execute("SELECT row_version, version_site, base_version, change_seq FROM "
                      "admin_units WHERE id = 'u1'").fetchone()
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert row == (1, "", 0, 0)
    assert {"sync_installation", "sync_offices", "sync_packages", "sync_held",
            "sync_conflicts"} <= tables
