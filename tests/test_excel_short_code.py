"""The Excel export's first column is a short readable code, not the 36-character id, and
the import still recognises re-imported rows by it (issue 7 point 8), as well as rows of
files exported before, which carry the id."""

from __future__ import annotations

import re
import sqlite3

from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.models import Candidate
from app.services.candidates import CandidateFilter
from app.services.excel import apply_import, export_candidates, preview_import

CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def _people(path, n=6):
    wb = Workbook()
    ws = wb.active
    ws.append(["Họ và tên", "Năm sinh", "Giới tính", "Dân tộc", "Mã đơn vị", "Loại đối tượng"])
    for i in range(n):
        ws.append([f"Nguyễn Văn Hùng {i}", 1970 + i, "Nam", "Kinh", "628", "Cá nhân"])
    wb.save(path)


def _renamed(source, target, first_column=None):
    """The exported file with every name changed (so only the first column can tell the
    rows are registered), optionally with another first column."""
    wb = load_workbook(source)
    ws = wb.active
    header = [c.value for c in ws[1]]
    name_col = header.index("Họ và tên hoặc tên tập thể") + 1
    given_col = header.index("Tên") + 1
    for r in range(2, ws.max_row + 1):
        ws.cell(r, name_col).value = f"Trần Thị Mai {r}"
        ws.cell(r, given_col).value = f"Mai {r}"
        if first_column is not None:
            ws.cell(r, 1).value = first_column(r)
    wb.save(target)


def test_the_export_shows_short_codes_and_a_reimport_knows_every_row(db, db_path, tmp_path):
    source = tmp_path / "ds.xlsx"
    _people(source)
    with db.transaction() as s:
        assert apply_import(s, preview_import(s, source)) == 6
    out = tmp_path / "xuat.xlsx"
    with db.session() as s:
        export_candidates(s, out, CandidateFilter())
    sheet = load_workbook(out).active
    assert sheet.cell(1, 1).value == "Mã"
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(codes) == 6 and all(CODE.match(c) for c in codes), codes
    con = sqlite3.connect(db_path)
    stored = {code for (code,) in con.execute("SELECT short_code FROM candidates")}
    con.close()
    assert set(codes) == stored  # the code shown is the one kept in the register

    changed = tmp_path / "sua.xlsx"
    _renamed(out, changed)
    with db.session() as s:
        again = preview_import(s, changed)
    assert again.errors == [] and again.good == []
    assert again.already == [2, 3, 4, 5, 6, 7]
    # typed by hand: lower case, without the dash, O for 0 and I for 1 are read the same
    typed = tmp_path / "go-tay.xlsx"
    by_row = dict(enumerate(codes, start=2))
    _renamed(out, typed, lambda r: by_row[r].replace("-", "").lower().replace("0", "o")
             .replace("1", "i"))
    with db.session() as s:
        assert preview_import(s, typed).already == [2, 3, 4, 5, 6, 7]


def test_a_file_exported_with_ids_before_is_still_recognised(db, db_path, tmp_path):
    source = tmp_path / "ds.xlsx"
    _people(source, 4)
    with db.transaction() as s:
        apply_import(s, preview_import(s, source))
        ids = {c.display_name: c.id for c in s.scalars(select(Candidate))}
    out = tmp_path / "xuat.xlsx"
    with db.session() as s:
        export_candidates(s, out, CandidateFilter())
    names = [row[5] for row in load_workbook(out).active.iter_rows(min_row=2,
                                                                   values_only=True)]
    old = tmp_path / "cu.xlsx"  # as the export wrote it before: the UUID in the first column
    _renamed(out, old, lambda r: ids[names[r - 2]])
    with db.session() as s:
        again = preview_import(s, old)
    assert again.errors == [] and again.already == [2, 3, 4, 5]


def test_an_unknown_short_code_is_a_new_candidate_not_an_error(db, tmp_path):
    path = tmp_path / "xa-khac.xlsx"  # another office's export: codes this file never had
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã", "Họ và tên", "Năm sinh", "Mã đơn vị", "Loại đối tượng"])
    ws.append(["ZZZZ-ZZZZ", "Ksor H'Lan", 1985, "628", "Cá nhân"])
    wb.save(path)
    with db.transaction() as s:
        preview = preview_import(s, path)
        assert [n for n, _d in preview.good] == [2]
        assert apply_import(s, preview) == 1
    with db.session() as s:
        made = s.scalar(select(Candidate))
        assert s.scalar(select(func.count()).select_from(Candidate)) == 1
    assert made.display_name == "Ksor H'Lan" and made.short_code != "ZZZZ-ZZZZ"
    assert CODE.match(made.short_code)


def test_the_candidate_page_shows_the_code_the_excel_file_carries(qtbot, ctx, db, tmp_path):
    from PySide6.QtWidgets import QFormLayout, QLabel

    from app.services.register import CandidateInput, save_candidate
    from app.ui.candidates.detail import CandidateDetailDialog

    with db.transaction() as s:
        cid = save_candidate(s, CandidateInput(kind="individual", unit_code="628", ho="Rơ Mah",
                                               ten="Blơi", birth_year=1979)).candidate_id
    out = tmp_path / "xuat.xlsx"
    with db.session() as s:
        export_candidates(s, out, CandidateFilter())
    code = load_workbook(out).active.cell(2, 1).value
    page = CandidateDetailDialog(ctx, cid)
    qtbot.addWidget(page)
    form = page.tabs.widget(0).findChild(QFormLayout)
    rows = {}
    for r in range(form.rowCount()):
        name = form.itemAt(r, QFormLayout.ItemRole.LabelRole)
        value = form.itemAt(r, QFormLayout.ItemRole.FieldRole)
        if name and value and isinstance(value.widget(), QLabel):
            rows[name.widget().text()] = value.widget().text()
    assert rows.get("Mã") == code and CODE.match(code)


def test_an_id_this_file_never_had_is_a_new_candidate_not_a_refused_file(db, tmp_path):
    """A list exported before the short codes by another office carries that office's ids:
    the rows are new here (the import refused the whole file with "no longer exists")."""
    path = tmp_path / "xa-khac-cu.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã", "Họ và tên", "Năm sinh", "Mã đơn vị", "Loại đối tượng"])
    ws.append(["0b6f1c2e-3d4a-4b5c-8d9e-0f1a2b3c4d5e", "Ksor H'Lan", 1985, "628", "Cá nhân"])
    ws.append(["7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d", "Siu H'Nhi", 1990, "628", "Cá nhân"])
    wb.save(path)
    with db.transaction() as s:
        preview = preview_import(s, path)
        assert preview.errors == [] and [n for n, _d in preview.good] == [2, 3]
        assert apply_import(s, preview) == 2
    con = sqlite3.connect(db.path)
    try:
        names = sorted(n for (n,) in con.execute(
            "SELECT display_name FROM candidates WHERE deleted = 0"))
    finally:
        con.close()
    assert names == ["Ksor H'Lan", "Siu H'Nhi"]
    with db.session() as s:  # and the same file again adds nothing
        again = preview_import(s, path)
    assert again.good == [] and again.already == [2, 3]
