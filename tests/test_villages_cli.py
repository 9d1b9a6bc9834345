"""`dhtt villages …` and `dhtt schemes list` as the province scripts them; the Excel sheet
round trip with its preview, refusals by row and the no-op re-import."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from app.services.villages import excel, grid, schemes
from app.services.villages.grid import Entry
from tests.villages_helpers import COMMUNE, ND122_ITEMS, add_villages

GOOD = (9, 8, 8, 7, 6, 8, 8, 9, 8, 7, 6)


@pytest.fixture
def scored(db, db_path):
    with db.transaction() as session:
        schemes.ensure_shipped(session)
        codes = add_villages(session, 3)
        entries = [Entry(codes[0], item=i, value=v) for i, v in zip(ND122_ITEMS, GOOD, strict=True)]
        entries += [Entry(codes[1], item=i, value=v - 6 if i == "V.1" else v)
                    for i, v in zip(ND122_ITEMS, GOOD, strict=True)]
        grid.save_entries(session, COMMUNE, 2023, entries)
    db.close()
    return str(db_path), codes


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_villages_score_json(scored, capsys):
    path, codes = scored
    code, out, _err = run(capsys, "--db", path, "villages", "score", "--commune", COMMUNE,
                          "--year", "2023", "--json")
    rows = json.loads(out)
    assert code == 0
    assert [set(r) for r in rows] == [{"village_code", "village_name", "result", "points",
                                       "failed_items", "stage"}] * 3
    assert [(r["village_code"], r["result"], r["points"]) for r in rows] == [
        (codes[0], "dat", 84), (codes[1], "khong_dat", 78), (codes[2], "chua_cham", None)]
    assert [f["code"] for f in rows[1]["failed_items"]] == ["V", "TONG"]
    assert rows[1]["failed_items"][0]["reason"] == ("7 trên 15 điểm, dưới mức tối thiểu 7,5 "
                                                    "điểm của tiêu chuẩn")
    assert rows[1]["stage"] == "nhap"


def test_villages_rollup_and_schemes_list_json(scored, capsys):
    path, _codes = scored
    code, out, _err = run(capsys, "--db", path, "villages", "rollup", "--year", "2023",
                          "--unit", "628", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 1
    assert {k: rows[0][k] for k in ("commune_code", "villages", "scored", "passed", "share",
                                    "change")} == {"commune_code": COMMUNE, "villages": 3,
                                                   "scored": 2, "passed": 1, "share": 50.0,
                                                   "change": None}
    assert rows[0]["commune_name"] == "Thị trấn Ia Kha"
    code, out, _err = run(capsys, "--db", path, "schemes", "list", "--json")
    listed = json.loads(out)
    assert [(s["code"], s["mode"], s["version"]) for s in listed] == [
        ("ND122-100", "points", 1), ("ND86-2024", "pass_fail", 1)]
    assert listed[0]["used_years"] == [2023]


def test_bad_input_exits_3_with_a_vietnamese_message(scored, capsys):
    path, _codes = scored
    code, _out, err = run(capsys, "--db", path, "villages", "score", "--commune", "628",
                          "--year", "2023")
    assert code == 3 and "không phải là một xã" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as exit_:
        main(["--db", path, "villages", "score", "--year", "2023"])
    assert exit_.value.code == 2


def test_excel_round_trip_preview_refusals_and_no_op(scored, capsys, tmp_path):
    from openpyxl import load_workbook

    path, codes = scored
    out_file = tmp_path / "thon.xlsx"
    code, _out, _err = run(capsys, "--db", path, "villages", "export", "--commune", COMMUNE,
                           "--year", "2023", "--out", str(out_file))
    assert code == 0
    wb = load_workbook(out_file)
    ws = wb["Năm 2023"]
    header = [c.value for c in ws[2]]
    assert header[:3] == ["Mã thôn", "Tên thôn, tổ dân phố", "Số hộ"]
    assert "V.1 Đoàn kết, giúp đỡ nhau trong cộng đồng (hội đồng xã)" in header
    assert header[-1] == "Kết quả"
    # Re-import of the untouched file: nothing to change.
    code, out, _err = run(capsys, "--db", path, "villages", "import", str(out_file), "--json")
    assert code == 0 and json.loads(out)["changes"] == []
    # Village 2 gets its 2 points back on V.1; an unknown village and a bad value are refused.
    v1 = header.index("V.1 Đoàn kết, giúp đỡ nhau trong cộng đồng (hội đồng xã)") + 1
    ws.cell(row=4, column=v1, value=7)
    ws.cell(row=5, column=v1, value=12)
    ws.append(["23764.99", "Thôn ma"])
    wb.save(out_file)
    code, out, _err = run(capsys, "--db", path, "villages", "import", str(out_file), "--json")
    report = json.loads(out)
    assert code == 3 and report["imported"] == 0
    assert [(e["row"], e["item"]) for e in report["errors"]] == [(5, "V.1"), (6, "")]
    assert "điểm phải từ 0 đến 8" in report["errors"][0]["message"]
    ws.delete_rows(5, 2)
    wb.save(out_file)
    code, out, _err = run(capsys, "--db", path, "villages", "import", str(out_file), "--dry-run",
                          "--json")
    report = json.loads(out)
    assert code == 0 and report["imported"] == 0
    assert [(c["village"], c["item"], c["old"], c["new"]) for c in report["changes"]] == [
        ("Thôn 2", "V.1", 1, 7)]
    code, out, _err = run(capsys, "--db", path, "villages", "score", "--commune", COMMUNE,
                          "--year", "2023", "--json")
    assert json.loads(out)[1]["result"] == "khong_dat"  # the dry run wrote nothing
    code, out, _err = run(capsys, "--db", path, "villages", "import", str(out_file), "--json")
    assert code == 0 and json.loads(out)["imported"] == 1
    code, out, _err = run(capsys, "--db", path, "villages", "score", "--commune", COMMUNE,
                          "--year", "2023", "--json")
    assert json.loads(out)[1]["result"] == "dat"
    code, out, _err = run(capsys, "--db", path, "villages", "import", str(out_file), "--json")
    assert json.loads(out)["changes"] == []  # re-import: a no-op


def test_sheet_of_another_commune_is_refused(scored, tmp_path, db_path):
    from app.models.database import open_database

    path, _codes = scored
    out_file = tmp_path / "thon.xlsx"
    db = open_database(db_path)
    try:
        with db.session() as session:
            excel.export_grid(session, COMMUNE, [2023], out_file)
            preview = excel.preview_import(session, out_file, commune_code="23771")
    finally:
        db.close()
    assert [e.row for e in preview.errors] == [1] and "23764" in preview.errors[0].reason
