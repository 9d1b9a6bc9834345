"""Screenshots of the Thôn văn hóa tab for the guide (run under Xvfb at 1366×768).

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python tools/screenshots_villages.py DB OUTDIR
"""

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

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


def main() -> None:
    db_path, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    app = _application()
    db = open_database(db_path)
    with db.session() as s:
        office = office_unit_code(s)
    ctx = AppContext(db=db, office_unit_code=office, user_name="cb.xa", executor=SyncExecutor())
    from app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.resize(1366, 740)
    window.show()
    tabs = window.tabs
    index = next(i for i in range(tabs.count()) if tabs.widget(i).__class__.__name__ == "VillagesTab")
    tabs.setCurrentIndex(index)
    tab = tabs.widget(index)
    settle()
    tab.year.setValue(2025)
    settle()
    window.grab().save(str(out / "villages-grid.png"))
    tab.year.setValue(2023)
    tab.show_combo.setCurrentIndex(2)
    settle()
    window.grab().save(str(out / "villages-grid-points.png"))
    tab.show_combo.setCurrentIndex(0)
    tab.year.setValue(2025)
    assert window.width() <= 1366, window.width()
    for page, name in ((1, "villages-history"), (2, "villages-rollup"), (3, "villages-schemes")):
        tab.pages.setCurrentIndex(page)
        settle()
        if name == "villages-schemes":  # the Decree 86 framework with its thresholds
            combo = tab.schemes.scheme
            combo.setCurrentIndex(combo.count() - 1)
            settle()
        window.grab().save(str(out / f"{name}.png"))
        assert window.width() <= 1366, (name, window.width())
    tabs.setCurrentIndex(next(i for i in range(tabs.count())
                              if tabs.widget(i).__class__.__name__ == "DashboardTab"))
    settle()
    window.grab().save(str(out / "villages-dashboard-deadline.png"))
    window.close()
    db.close()
    app.quit()


if __name__ == "__main__":
    main()
