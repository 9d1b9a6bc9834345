"""Excel import a person can finish: the good rows go in, the refused ones come back in a
file with the reason, names work as well as codes (issue 7, point 8)."""

from __future__ import annotations

from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.models import Candidate


def _file(path, rows):
    wb = Workbook()
    wb.active.append(["Họ và tên", "Năm sinh", "Đơn vị", "Loại đối tượng", "Loại mô hình",
                      "Phong trào"])
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def test_only_the_good_rows_are_imported_and_the_refused_come_back_with_the_reason(
        qtbot, ctx, db, tmp_path, monkeypatch):
    from app.ui.excel.actions import import_excel

    path = _file(tmp_path / "danh-sach.xlsx", [
        # a unit by its name, a model type as the template's drop-down writes it
        ["Rơ Mah Blơi", "1988", "Xã Ia Grai (23764)", "Cá nhân",
         "3.2.2b – Cá nhân tiêu biểu trong học tập, lao động sản xuất, kinh doanh", ""],
        ["Siu H'Nhi", "năm ngoái", "628", "Cá nhân", "", ""],
        ["Ksor Lan", "1990", "Xã Không Có", "Cá nhân", "", ""],
        ["Nay Blum", "1975", "Huyện Ia Grai", "Cá nhân", "",
         "Gia Lai chung sức xây dựng nông thôn mới"],
    ])
    dialog = import_excel(ctx, None, str(path))
    qtbot.addWidget(dialog)
    # What will be added, as understood: the unit's name, not a key.
    added = [[dialog.good.item(r, c).text() for c in (0, 1, 3, 5)]
             for r in range(dialog.good.rowCount())]
    assert added == [["2", "Rơ Mah Blơi", "Xã Ia Grai", "Phát hiện"],
                     ["5", "Nay Blum", "Huyện Ia Grai", "Phát hiện"]]
    assert [dialog.errors.item(r, 0).text() for r in range(dialog.errors.rowCount())] == [
        "3", "4"]
    with db.session() as s:  # nothing written before the user confirms
        assert s.scalar(select(Candidate.id)) is None

    refused = tmp_path / "sua-lai.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(refused), ""))
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    assert dialog.import_button.text() == "Nhập 2 dòng hợp lệ"
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert told[0].startswith("Đã thêm 2 dòng, bỏ qua 0 dòng đã có trong sổ, từ chối 2 dòng.")
    assert str(refused) in told[0]
    with db.session() as s:
        people = dict(s.execute(select(Candidate.display_name, Candidate.unit_code)).all())
    assert people == {"Rơ Mah Blơi": "23764-2025", "Nay Blum": "628"}

    sheet = load_workbook(refused).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][-1] == "Lý do bị từ chối"
    assert [r[0] for r in rows[1:]] == ["Siu H'Nhi", "Ksor Lan"]
    assert "năm ngoái" in rows[1][-1] and "Xã Không Có" in rows[2][-1]

    # Corrected and imported again: the file of refused rows is itself importable.
    ws = load_workbook(refused)
    ws.active["B2"] = "1991"
    ws.active["C3"] = "628"
    ws.save(refused)
    again = import_excel(ctx, None, str(refused))
    qtbot.addWidget(again)
    assert again.errors.rowCount() == 0 and again.good.rowCount() == 2


def test_a_long_file_opens_its_preview_at_once_and_fills_the_rest_while_the_window_works(
        qtbot, ctx, db, tmp_path):
    # 1,500 rows: the first few hundred are there when the dialog opens (every row counted
    # from the start), the rest come in steps between the window's events, each row as
    # the file has it, the model type's name as the tooltip of its code.
    from app.ui.excel.actions import import_excel

    rows = [[f"Ksor Blơi {i:04d}", str(1950 + i % 50), "628", "Cá nhân",
             "3.2.2b" if i % 3 == 0 else "", ""] for i in range(1500)]
    dialog = import_excel(ctx, None, str(_file(tmp_path / "dai.xlsx", rows)))
    qtbot.addWidget(dialog)
    table = dialog.good
    assert table.rowCount() == 1500
    assert 0 < table.filled < 1500 and table.item(table.filled, 1) is None
    qtbot.waitUntil(lambda: table.filled == 1500, timeout=20_000)
    shown = [[table.item(r, c).text() for c in (0, 1, 4)] for r in range(1500)]
    assert shown == [[str(i + 2), f"Ksor Blơi {i:04d}", "3.2.2b" if i % 3 == 0 else ""]
                     for i in range(1500)]
    from app.models import ModelType

    with db.session() as s:
        name = s.scalar(select(ModelType.name).where(ModelType.code == "3.2.2b"))
    assert name and {table.item(r, 4).toolTip() for r in range(0, 1500, 3)} == {name}
    dialog.reject()
