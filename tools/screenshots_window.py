"""Screenshots of what issue 7 changed in the window, at 1366×768 (offscreen screen).

    QT_QPA_PLATFORM=offscreen:configfile=SCREEN.json .venv/bin/python \
        tools/screenshots_window.py DEMO.sqlite docs/screenshots

SCREEN.json: {"screens": [{"name": "Laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}
"""

import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QEventLoop, QPoint, QTimer
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QWidget

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.models.database import open_database  # noqa: E402
from app.services.reference import office_unit_code  # noqa: E402
from app.ui.application import _application  # noqa: E402
from app.ui.context import AppContext  # noqa: E402
from app.ui.ops import SyncExecutor  # noqa: E402


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def with_popup(base: QWidget, popup: QWidget, path: Path) -> None:
    """``base`` with ``popup`` painted where it is on screen (a grab misses pop-ups)."""
    image = base.grab()
    painter = QPainter(image)
    offset = popup.mapToGlobal(QPoint(0, 0)) - base.mapToGlobal(QPoint(0, 0))
    painter.drawPixmap(offset, popup.grab())
    painter.end()
    image.save(str(path))


def main() -> None:
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp()) / "demo.sqlite"
    shutil.copyfile(source, work)
    app: QApplication = _application()
    db = open_database(work)
    with db.session() as session:
        office = office_unit_code(session)
    ctx = AppContext(db=db, office_unit_code=office, executor=SyncExecutor())
    from app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.show_fitted()
    settle(800)
    window.grab().save(str(out / "cua-so-1366x768.png"))

    tab = window.tabs.widget(0)
    tab.unit.showPopup()
    tab.unit.popup.search.setText("ia der")
    settle()
    with_popup(window, tab.unit.popup, out / "cua-so-chon-don-vi.png")
    tab.unit.hidePopup()

    awards = window.tabs.widget(3)
    window.tabs.setCurrentIndex(3)
    settle(600)
    awards.table.selectRow(0)
    settle()
    window.grab().save(str(out / "cua-so-khen-thuong.png"))

    from app.ui.awards.report_dialog import ReportDialog

    report = ReportDialog(ctx, window)
    report.show()
    report.section_list.setCurrentRow(6)
    settle()
    report.grab().save(str(out / "cua-so-bao-cao.png"))
    report.close()

    from openpyxl import Workbook

    from app.ui.excel.actions import import_excel

    sheet = Path(tempfile.mkdtemp()) / "danh-sach.xlsx"
    wb = Workbook()
    wb.active.append(["Họ và tên", "Năm sinh", "Đơn vị", "Loại đối tượng", "Loại mô hình"])
    wb.active.append(["Rơ Mah Blơi", "1988", "Xã Ia Grai (23764)", "Cá nhân", "3.2.2b"])
    wb.active.append(["Siu H'Nhi", "năm ngoái", "Xã Ia Grai", "Cá nhân", ""])
    wb.active.append(["Nay Blum", "1975", "Xã Ia Grai", "Hộ gia đình", "3.2.1"])
    wb.active.append(["Ksor Lan", "1990", "Xã Không Có", "Cá nhân", ""])
    wb.save(sheet)
    dialog = import_excel(ctx, window, str(sheet))
    if dialog is not None:
        settle()
        dialog.grab().save(str(out / "cua-so-nhap-excel.png"))
        dialog.tabs.setCurrentIndex(1)
        settle()
        dialog.grab().save(str(out / "cua-so-nhap-excel-tu-choi.png"))
        dialog.reject()

    from app.ui.guide import GuideViewer

    guide = GuideViewer(parent=window)
    guide.show()
    settle()
    guide.grab().save(str(out / "cua-so-huong-dan.png"))
    guide.close()

    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter()
    print_dialog = QPrintDialog(printer, window)
    print_dialog.show()
    settle()
    print_dialog.grab().save(str(out / "cua-so-hop-thoai-in.png"))
    print_dialog.close()

    from app.ui.first_run import FirstRunDialog

    first = FirstRunDialog(ctx)
    first.show()
    first.search.setText("ia grai")
    settle()
    first.grab().save(str(out / "cua-so-lan-dau.png"))
    first.close()
    window.close()

    # An empty register: a new file.
    empty_path = Path(tempfile.mkdtemp()) / "trong.sqlite"
    empty_db = open_database(empty_path)
    from app.services.reference import initialise

    with empty_db.transaction() as session:
        initialise(session, office)
    empty_ctx = AppContext(db=empty_db, office_unit_code=office, executor=SyncExecutor())
    empty = MainWindow(empty_ctx)
    empty.show_fitted()
    settle(600)
    empty.grab().save(str(out / "cua-so-so-trong.png"))
    empty.close()
    for widget in app.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    settle(100)
    db.close()
    empty_db.close()


if __name__ == "__main__":
    main()
