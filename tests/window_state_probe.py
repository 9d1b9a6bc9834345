"""Run by tests/test_window_state_ui.py in its own process, on a 1366×768 offscreen screen:
opens the main window three times on DB (argv[1]) and prints what a user would see."""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication


def main() -> None:
    app = QApplication(sys.argv[:1])
    from app.models.database import open_database
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow
    from app.ui.ops import SyncExecutor

    db = open_database(sys.argv[1])
    ctx = AppContext(db=db, office_unit_code="628", executor=SyncExecutor())
    area = app.primaryScreen().availableGeometry()
    out: dict[str, object] = {"area": [area.x(), area.y(), area.width(), area.height()]}

    def inside(window: MainWindow) -> bool:
        return area.contains(window.frameGeometry())

    first = MainWindow(ctx)
    first.show_fitted()
    app.processEvents()
    out["first"] = {"maximised": first.isMaximized(), "inside": inside(first)}
    first.showNormal()
    first.setGeometry(60, 40, 1250, 650)  # above any minimum width the fonts give
    view = first.tabs.widget(0).view
    view.setColumnWidth(2, 233)
    view.horizontalHeader().setSortIndicator(5, Qt.SortOrder.DescendingOrder)
    first.close()

    second = MainWindow(ctx)
    second.show_fitted()
    app.processEvents()
    header = second.tabs.widget(0).view.horizontalHeader()
    out["second"] = {"maximised": second.isMaximized(), "size": [second.width(),
                                                                 second.height()],
                     "column": second.tabs.widget(0).view.columnWidth(2),
                     "sort": [header.sortIndicatorSection(),
                              header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder]}
    second.setGeometry(3000, 2000, 1300, 700)  # on a second monitor since unplugged
    second.close()

    third = MainWindow(ctx)
    third.show_fitted()
    app.processEvents()
    out["third"] = {"inside": inside(third)}
    third.close()
    db.close()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
