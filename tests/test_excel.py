"""Excel round trip: a file made elsewhere, the preview of bad rows, no double import."""

import json
import unicodedata

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.cli import main
from app.models import Candidate
from app.services.candidates import CandidateFilter
from app.services.excel import apply_import, export_candidates, export_template, preview_import


def other_programs_file(path):
    """Columns in another order, Vietnamese headers, NFD names, curly apostrophes, text dates."""
    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Mã đơn vị",
               "Loại đối tượng", "Loại mô hình", "Thành tích"])
    ws.append([1, unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết"), "05/03/1980", "Nữ",
               "Kinh", "23557", "Cá nhân", "3.2.2a", "Giáo viên dạy giỏi"])
    ws.append([2, "Ksor H\u2019Lan", "1985", "nu", "Jrai", 628, "ca nhan", "3.2.2b", ""])
    ws.append([3, "Hợp tác xã Nông nghiệp Ia Grai", None, None, None, "628", "Hợp tác xã",
               "3.1.8", "Doanh thu tăng 20%"])
    ws.append([4, "Rơ Mah Blơi", "31/02/1990", "Nam", "Gia Rai", "628", "Cá nhân", "3.2.1", ""])
    ws.append([5, "Đinh Văn Ngơr", "1979", "Nam", "Ba Na", "99999", "Cá nhân", "3.2.1", ""])
    ws.append([6, "Siu H'Nhi", "1990", "Nữ", "Gia Rai", "628", "Cá nhân", "3.1.4", ""])
    wb.save(path)


def test_preview_names_every_bad_row_and_column_and_writes_nothing(db, tmp_path):
    path = tmp_path / "danh-sach.xlsx"
    other_programs_file(path)
    with db.session() as s:
        preview = preview_import(s, path)
        assert s.scalar(select(func.count()).select_from(Candidate)) == 0
    errors = {(e.row, e.column): e.message for e in preview.errors}
    assert errors[(5, "Ngày hoặc năm sinh")].startswith('"31/02/1990" không phải là ngày')
    assert "Không có đơn vị hành chính mã 99999" in errors[(6, "")]
    assert "không dành cho đối tượng này" in errors[(7, "")]
    assert [n for n, _d in preview.good] == [2, 3, 4]


def test_good_rows_import_normalised_and_a_second_import_adds_nothing(db, tmp_path):
    path = tmp_path / "danh-sach.xlsx"
    other_programs_file(path)
    with db.transaction() as s:
        assert apply_import(s, preview_import(s, path)) == 3
    with db.session() as s:
        rows = {c.display_name: c for c in s.scalars(select(Candidate))}
        second = preview_import(s, path)
    assert set(rows) == {"Nguyễn Thị Ánh Tuyết", "Ksor H'Lan", "Hợp tác xã Nông nghiệp Ia Grai"}
    tuyet = rows["Nguyễn Thị Ánh Tuyết"]
    assert (tuyet.ho, tuyet.ten_dem, tuyet.ten) == ("Nguyễn", "Thị Ánh", "Tuyết")
    assert tuyet.birth_date.isoformat() == "1980-03-05" and tuyet.gender == "nu"
    assert rows["Ksor H'Lan"].ethnicity == "Gia Rai" and rows["Ksor H'Lan"].birth_year == 1985
    assert second.good == [] and second.already == [2, 3, 4]


def test_export_then_import_round_trip(db, tmp_path):
    path = tmp_path / "in.xlsx"
    other_programs_file(path)
    with db.transaction() as s:
        apply_import(s, preview_import(s, path))
    out = tmp_path / "out.xlsx"
    with db.session() as s:
        assert export_candidates(s, out, CandidateFilter()) == 3
    sheet = load_workbook(out).active
    header = [c.value for c in sheet[1]]
    assert header[:6] == ["Mã", "Đối tượng", "Họ", "Tên đệm", "Tên",
                          "Họ và tên hoặc tên tập thể"]
    names = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)]
    # Vietnamese order: people by tên (H'Lan, Tuyết), collectives by name (Hợp …)
    assert names == ["Ksor H'Lan", "Hợp tác xã Nông nghiệp Ia Grai", "Nguyễn Thị Ánh Tuyết"]
    with db.session() as s:
        again = preview_import(s, out)
    assert again.errors == [] and len(again.already) == 3


def test_template_has_drop_down_lists(db, tmp_path):
    path = tmp_path / "mau.xlsx"
    with db.session() as s:
        export_template(s, path)
    wb = load_workbook(path)
    sheet = wb.worksheets[0]
    formulas = sorted(dv.formula1 for dv in sheet.data_validations.dataValidation)
    assert len(formulas) == 6 and all(f.startswith("=DanhMuc!") for f in formulas)
    lists = wb["DanhMuc"]
    assert lists.sheet_state == "hidden"
    assert [c.value for c in lists["A"]][:2] == ["Cá nhân", "Tập thể"]


def test_cli_import_dry_run_json_and_broken_file(db_path, tmp_path, capsys):
    path = tmp_path / "danh-sach.xlsx"
    other_programs_file(path)
    code = main(["--db", str(db_path), "import-excel", str(path), "--dry-run", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 3 and report["valid_rows"] == 3 and report["imported"] == 0
    assert {e["row"] for e in report["errors"]} == {5, 6, 7}
    broken = tmp_path / "hong.xlsx"
    broken.write_bytes(b"\x00\x01 this is not a workbook")
    code = main(["--db", str(db_path), "import-excel", str(broken)])
    err = capsys.readouterr().err
    assert code == 3 and "không phải tệp Excel" in err


def test_streamed_sheet_keeps_awkward_text_and_numbers(tmp_path):
    from datetime import date

    from openpyxl import load_workbook

    from app.services.xlsx_writer import write_table

    path = tmp_path / "bang.xlsx"
    rows = [["Hợp tác xã <Ia Grai> & \"Đồng Tiến\"", 1_500_000_000, " H'Lan ", date(2024, 3, 5)],
            ["có ký tự lạ\x07 ở giữa", 0, None, True]]
    assert write_table(path, "Điển hình/2025", ["Tên", "Doanh thu", "Ghi chú", "Ngày"],
                       rows) == 2
    ws = load_workbook(path).active
    assert ws.title == "Điển hình-2025" and ws.freeze_panes == "A2"
    assert ws["A1"].font.b and not ws["A2"].font.b
    assert [c.value for c in ws[2]] == ["Hợp tác xã <Ia Grai> & \"Đồng Tiến\"", 1500000000,
                                        " H'Lan ", "05/03/2024"]
    assert [c.value for c in ws[3]] == ["có ký tự lạ ở giữa", 0, None, True]


def test_a_list_saved_by_libreoffice_calc_imports_as_typed(db):
    """tests/data/danh-sach-libreoffice.xlsx was made by LibreOffice Calc 7.4 (Vietnamese
    locale) from a typed list: the birth date is a real date cell, the unit code a number,
    one name in decomposed Unicode (NFD) and one with a curly apostrophe."""
    from pathlib import Path

    from app.models import Candidate
    from app.services.excel import apply_import, preview_import

    path = Path(__file__).parent / "data" / "danh-sach-libreoffice.xlsx"
    with db.session() as s:
        preview = preview_import(s, path)
    assert preview.errors == [] and len(preview.good) == 3
    with db.transaction() as s:
        assert apply_import(s, preview) == 3
    with db.session() as s:
        people = {c.display_name: c for c in s.scalars(select(Candidate))}
    assert set(people) == {"Nguyễn Thị Ánh Tuyết", "Ksor H'Lan", "Chi hội Phụ nữ làng Đê Kjiêng"}
    assert people["Nguyễn Thị Ánh Tuyết"].birth_date.isoformat() == "1980-03-05"
    assert people["Ksor H'Lan"].birth_year == 1985 and people["Ksor H'Lan"].ethnicity == "Gia Rai"
    assert all(c.unit_code == "23764" for c in people.values())
