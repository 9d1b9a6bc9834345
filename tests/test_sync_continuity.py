"""What a package tells beyond its rows: the sender's audit trail head (the receiver sees
whether the trail goes on from the previous package) and the records the sender holds
per table (the receiver sees when its copy has silently drifted)."""

from __future__ import annotations

import sqlite3

import pytest

from app.cli import main
from app.services import audit
from app.services.sync import export, importer
from app.services.sync.status import sync_status
from app.ui.context import AppContext
from app.ui.ops import SyncExecutor
from app.ui.sync.tab import SyncTab
from tests.sync_helpers import COMMUNE, PROVINCE, add_person, offices, unpack


@pytest.fixture
def two(template_db, tmp_path, qt_vi):
    o = offices(template_db, tmp_path / "o")
    yield o
    o.close()


def _send(two, folder):
    with two.commune.transaction() as s:
        result = export.export_package(s, folder)
    return result, importer.import_file(two.province, result.path)


def _acknowledge(two, folder):
    """The province answers, so the commune's next package holds only what is new."""
    with two.province.transaction() as s:
        down = export.export_package(s, folder / "down.dhtt", to=COMMUNE)
    importer.import_file(two.commune, down.path)


def _office(db):
    with db.session() as s:
        status = sync_status(s)
    [office] = [o for o in status.offices if o.unit_code == COMMUNE]
    return status, office


def _count(path, sql):
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchone()[0]
    finally:
        con.close()


def test_audit_head_travels_and_the_next_package_continues_it(two, tmp_path):
    add_person(two.commune, "Nhi", ho="Siu")
    with two.commune.session() as s:
        head_before = audit.head(s)
    first, done = _send(two, tmp_path)
    manifest, _members = unpack(two.province, first.path.read_bytes())
    # The head as it was when the package was made (the export's own log entry comes after).
    assert manifest["audit_head"] == head_before and head_before.split(":")[0].isdigit()
    assert manifest["audit_since"] == "" and done.audit_check == "first"
    add_person(two.commune, "Lan")
    second, done = _send(two, tmp_path)
    manifest2, _ = unpack(two.province, second.path.read_bytes())
    assert manifest2["audit_since"] == manifest["audit_head"]
    assert done.audit_check == "ok" and done.to_json()["audit_check"] == "ok"
    status, office = _office(two.province)
    assert office.audit_check == "ok" and office.audit_breaks == []
    assert office.audit_head == manifest2["audit_head"]
    assert status.to_json()["offices_with_audit_breaks"] == []


def test_a_rewritten_audit_trail_shows_as_broken_at_the_receiver(two, tmp_path, capsys):
    add_person(two.commune, "Nhi", ho="Siu")
    first, _done = _send(two, tmp_path)
    manifest, _ = unpack(two.province, first.path.read_bytes())
    entry_id = int(manifest["audit_head"].split(":")[0])
    # Someone rewrites the commune's trail by hand (entry and its hash made to agree).
    con = sqlite3.connect(two.commune.path)
    con.execute("UPDATE audit_log SET detail = '{}', entry_hash = ? WHERE id = ?",
                ("0" * 64, entry_id))
    con.commit()
    con.close()
    add_person(two.commune, "Lan")
    _second, done = _send(two, tmp_path)
    assert done.audit_check == "broken"
    assert sum(done.applied.values()) == 2  # the rows still apply: the trail is the sender's
    status, office = _office(two.province)
    assert office.audit_breaks == [2]
    assert status.to_json()["offices_with_audit_breaks"] == [COMMUNE]
    assert main(["--db", str(two.province.path), "sync", "status"]) == 0
    out = capsys.readouterr().out
    assert "không nối tiếp ở gói số 2" in out
    # A third package continues the second: the break stays listed.
    add_person(two.commune, "Mai")
    _third, done = _send(two, tmp_path)
    assert done.audit_check == "ok"
    assert _office(two.province)[1].audit_breaks == [2]


def test_records_lost_at_the_receiver_show_as_drift(two, tmp_path, capsys):
    for name in ("Nhi", "Lan", "Mai"):
        add_person(two.commune, name)
    _first, done = _send(two, tmp_path)
    assert done.drift == {}
    status, office = _office(two.province)
    assert office.drift == {} and status.to_json()["offices_with_drift"] == []
    # The province's copy silently loses one of the commune's people (a hand edit, a bad
    # restore): nothing else would say so.
    con = sqlite3.connect(two.province.path)
    con.execute("DELETE FROM status_changes WHERE candidate_id = (SELECT id FROM candidates "
                "WHERE ten = 'Lan')")
    con.execute("DELETE FROM candidates WHERE ten = 'Lan'")
    con.commit()
    con.close()
    _acknowledge(two, tmp_path)
    add_person(two.commune, "Hoa")
    _second, done = _send(two, tmp_path)
    assert done.applied == {"candidates": 1, "status_changes": 1}  # Lan is not sent again
    live = _count(two.commune.path, f"SELECT count(*) FROM candidates WHERE unit_code = "
                                    f"'{COMMUNE}' AND deleted = 0")
    assert live == 4
    assert done.drift["candidates"] == {"declared": 4, "here": 3}
    assert done.drift["status_changes"] == {"declared": 4, "here": 3}
    status, office = _office(two.province)
    assert office.drift["candidates"] == {"declared": 4, "here": 3}
    doc = status.to_json()
    assert doc["offices_with_drift"] == [COMMUNE]
    [row] = [o for o in doc["offices"] if o["unit_code"] == COMMUNE]
    assert row["drift"]["candidates"] == {"declared": 4, "here": 3}
    assert main(["--db", str(two.province.path), "sync", "status"]) == 0
    out = capsys.readouterr().out
    assert "nơi gửi 4, ở đây 3" in out


def test_the_tab_shows_drift_and_a_broken_trail(qtbot, two, tmp_path):
    for name in ("Nhi", "Lan"):
        add_person(two.commune, name)
    first, _done = _send(two, tmp_path)
    manifest, _ = unpack(two.province, first.path.read_bytes())
    con = sqlite3.connect(two.commune.path)
    con.execute("UPDATE audit_log SET entry_hash = ? WHERE id = ?",
                ("1" * 64, int(manifest["audit_head"].split(":")[0])))
    con.commit()
    con.close()
    con = sqlite3.connect(two.province.path)
    con.execute("DELETE FROM status_changes WHERE candidate_id = (SELECT id FROM candidates "
                "WHERE ten = 'Lan')")
    con.execute("DELETE FROM candidates WHERE ten = 'Lan'")
    con.commit()
    con.close()
    _acknowledge(two, tmp_path)
    add_person(two.commune, "Mai")
    _send(two, tmp_path)
    ctx = AppContext(db=two.province, office_unit_code=PROVINCE, executor=SyncExecutor())
    errors: list = []
    ctx.bug_handler, ctx.error_handler = errors.append, errors.append
    tab = SyncTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    assert not errors
    table = tab.office_table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == COMMUNE)
    cells = dict(zip(headers, (table.item(row, c).text() for c in range(table.columnCount())),
                     strict=True))
    assert "không nối tiếp ở gói số 2" in cells["Nhật ký thay đổi của nơi gửi"]
    assert "Điển hình và ứng viên: nơi gửi 3, ở đây 2" in \
        cells["Bản ghi của các đơn vị (nơi gửi / ở đây)"]
    assert tab.alert_label.isVisible() and COMMUNE in tab.alert_label.text()
    assert "gói đầy đủ" in tab.alert_label.text()
    tab.pages.setCurrentIndex(2)
    assert tab.pages.tabText(2).startswith("Cơ quan")
