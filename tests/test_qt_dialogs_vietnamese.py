"""No English word in Qt's own dialogs; the locale is Vietnamese whatever the system's
(issue 7, point 4)."""

from __future__ import annotations

import re

import pytest
from qt_dialog_walk import open_each_dialog

from PySide6.QtCore import QDate, QLocale
from PySide6.QtWidgets import QDoubleSpinBox

# Qt's own English words, as its dialogs print them.
ENGLISH = """Printer Properties Copies Collate Print range Options Portrait Landscape Folder
File Files Name Size Type Kind Date Modified Location Preview Pages Page Color Grayscale
Margins Paper Orientation Width Height Custom Cancel Open Save Look Advanced Job Reverse
Selection Output Letter Envelope Drive Computer Back Forward Directory Recent Sidebar Detail
List Settings Layout Duplex Show Hide Close Apply Yes No OK bytes Monday Tuesday Sunday
January February December Mon Tue Sun Jan Feb Dec Today Copy Paste Delete Rename New""".split()
WORD = re.compile(r"\b(" + "|".join(ENGLISH) + r")\b")


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "thu-muc").mkdir()
    (tmp_path / "bao-cao.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 3000)
    return tmp_path


def test_qt_dialogs_have_no_english_word(qt_vi, folder):
    seen = open_each_dialog(folder)
    assert {"print", "printer properties", "open file", "save file", "calendar"} <= set(seen)
    english = {name: sorted({m.group(0) + " ← " + t for t in texts
                             for m in WORD.finditer(t.replace("&", ""))})
               for name, texts in seen.items()}
    english = {k: v for k, v in english.items() if v}
    assert not english, english
    # What the walk read is really the dialog: Vietnamese labels of each.
    assert "Máy in" in seen["print"] and "Số bản:" in seen["print"]
    assert any("Hướng giấy" in t for t in seen["printer properties"])
    assert "Thư mục" in seen["open file"]  # the type column of the sub-folder


def test_calendar_and_numbers_are_vietnamese(qt_vi, qtbot):
    from app.ui.qt_translation import install

    install(qt_vi)
    assert QLocale().language() == QLocale.Language.Vietnamese
    assert QLocale().monthName(12) == "tháng 12"
    assert QLocale().toString(QDate(2025, 12, 1), "dddd") == "Thứ Hai"
    spin = QDoubleSpinBox()
    qtbot.addWidget(spin)
    spin.setDecimals(1)
    spin.setSuffix(" mm")
    assert spin.text() == "0,0 mm"
