"""Open each of Qt's own dialogs the program uses and read every text a person can see in
it (used by tests/test_qt_dialogs_vietnamese.py and by ``tools/make_qt_po.py --record``)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QWidget,
)


def widget_texts(root: QWidget) -> list[str]:
    """Window title, labels, buttons, group titles, tabs, drop-down items, placeholders,
    tool tips, column headers and the first rows of every list inside ``root``."""
    texts = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        if isinstance(w, QGroupBox):
            texts.append(w.title())
        if isinstance(w, QTabWidget):
            texts += [w.tabText(i) for i in range(w.count())]
        if isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            texts += _model_texts(w)
        texts.append(w.toolTip())
    return [t for t in texts if t]


def _model_texts(view: QAbstractItemView) -> list[str]:
    model, root = view.model(), view.rootIndex()
    out = []
    for col in range(model.columnCount(root)):
        header = model.headerData(col, Qt.Orientation.Horizontal)
        if header:
            out.append(str(header))
    for row in range(min(model.rowCount(root), 20)):
        for col in range(model.columnCount(root)):
            value = model.index(row, col, root).data()
            if isinstance(value, str):
                out.append(value)
    return out


def _while_modal(open_it: Callable[[], object], seen: dict[str, list[str]], name: str) -> None:
    """Call ``open_it`` (which runs a modal dialog); read the dialog, then close it."""

    def grab() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(50, grab)
            return
        for tab in dialog.findChildren(QTabWidget):  # every page shown once
            for i in range(tab.count()):
                tab.setCurrentIndex(i)
        seen[name] = widget_texts(dialog)
        dialog.reject() if isinstance(dialog, QDialog) else dialog.close()

    QTimer.singleShot(50, grab)
    open_it()


def open_each_dialog(folder: Path) -> dict[str, list[str]]:
    """{dialog: texts} for the print dialog, its printer properties, the file dialogs and the
    calendar of a date field. ``folder`` holds a file and a sub-folder for the file list."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    seen: dict[str, list[str]] = {}
    printer = QPrinter()
    dialog = QPrintDialog(printer)
    dialog.show()
    QApplication.processEvents()
    options = [b for b in dialog.findChildren(QPushButton) if b.text().startswith("&Tùy chọn")
               or "Options" in b.text()]
    for button in options:  # the "Options >>" part folded out
        button.click()
    seen["print"] = widget_texts(dialog)
    properties = [b for b in dialog.findChildren(QPushButton)
                  if b.objectName() == "properties"]
    if properties and properties[0].isEnabled():
        _while_modal(properties[0].click, seen, "printer properties")
    dialog.close()
    dialog.deleteLater()

    for name, mode in (("open file", QFileDialog.AcceptMode.AcceptOpen),
                       ("save file", QFileDialog.AcceptMode.AcceptSave)):
        files = QFileDialog(None, "", str(folder), "PDF (*.pdf)")
        files.setOption(QFileDialog.Option.DontUseNativeDialog)
        files.setAcceptMode(mode)
        files.setViewMode(QFileDialog.ViewMode.Detail)
        files.show()
        for _ in range(200):  # the file list fills in a thread
            QApplication.processEvents()
            if any(child.name in t for t in widget_texts(files)
                   for child in folder.iterdir()):
                break
            time.sleep(0.02)
        seen[name] = widget_texts(files)
        files.close()
        files.deleteLater()

    date = QDateEdit()
    date.setCalendarPopup(True)
    date.show()
    calendar = date.calendarWidget()
    calendar.show()
    QApplication.processEvents()
    seen["calendar"] = widget_texts(calendar)
    date.close()
    date.deleteLater()
    return seen

