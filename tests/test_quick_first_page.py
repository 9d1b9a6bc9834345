"""The register's first page read with sqlite3 before the ORM loads: the same page as the
ORM's (rows, order, labels, count), declined whenever the window must open the ORM's way,
and handed over to the full model without losing what the user did meanwhile."""

from __future__ import annotations

import sqlite3
from dataclasses import replace

import pytest


@pytest.fixture
def register(db, db_path):
    """A district's register: 700 candidates with Vietnamese (and Jrai, Bahnar) names in
    many communes and villages."""
    from app.services.demo import DemoSize, generate

    generate(db, replace(DemoSize.preset("district"), max_communes=40, candidates=700), seed=5)
    return db_path


def _orm_page(db):
    from app.services.candidates import CandidateFilter, count_candidates, find_candidates
    from app.ui.candidates.model import PAGE

    with db.session() as session:
        return (count_candidates(session, CandidateFilter()),
                find_candidates(session, CandidateFilter(), limit=PAGE))


def _cells(tab, tips=True):
    """Headers, each cell's text (and tooltip) and the count, as the user reads them."""
    from PySide6.QtCore import Qt

    model = tab.model
    tip = Qt.ItemDataRole.ToolTipRole if tips else Qt.ItemDataRole.DisplayRole
    header = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    rows = [[(model.index(r, c).data(), model.index(r, c).data(tip))
             for c in range(model.columnCount())] for r in range(model.rowCount())]
    return header, rows, tab.count_label.text()


def test_the_quick_first_page_is_the_orms_first_page_line_by_line(register, db, ctx, qtbot):
    from app.ui.candidates import first_page, model
    from app.ui.candidates.tab import CandidatesTab

    page = first_page.read_first_page(register)
    total, rows = _orm_page(db)
    assert page is not None and page.total == total == 700
    assert page.rows == rows and len(rows) == model.PAGE  # every field, in the same order
    names = " ".join(r.name for r in rows)
    assert any(ch in names for ch in "ĐđăâêôơưÁáÀàẠạ")  # names with diacritics
    assert len({r.unit_code for r in rows}) >= 10  # from many units

    # What the user sees: the same headers, cells, tooltips and count, in Vietnamese.
    quick = CandidatesTab(None, first_page=page)
    orm = CandidatesTab(ctx)
    for tab in (quick, orm):
        qtbot.addWidget(tab)
        tab.show()
    qtbot.waitUntil(lambda: orm.model.rowCount() > 0)
    assert _cells(quick, tips=False) == _cells(orm, tips=False)
    header, cells, count = _cells(quick)
    assert header == ["Tên", "Đối tượng", "Đơn vị", "Loại mô hình", "Trạng thái", "Năm"]
    assert count == "700 điển hình" and cells[0][1][0] in {"Cá nhân", "Tập thể", "Hộ gia đình",
                                                          "Hợp tác xã", "Tổ hợp tác"}
    # Given the database, the quick tab reads the model types' names for the tooltips too.
    quick.attach(ctx)
    assert _cells(quick) == _cells(orm)


def _set(db_path, sql, *args):
    con = sqlite3.connect(db_path)
    con.execute(sql, args)
    con.commit()
    con.close()


def test_the_window_opens_the_orms_way_when_the_file_is_not_ordinary(register, db, tmp_path):
    """Login on, another schema, no office, read-only, open in another copy, no file or an
    empty register: no quick page (the ORM's path asks or says what it always did)."""
    import os
    import shutil

    from app.models.database import FileLock
    from app.ui.candidates.first_page import read_first_page

    assert read_first_page(register) is not None
    with FileLock(register):
        assert read_first_page(register) is None  # "already open in another copy"
    assert read_first_page(register) is not None  # the probe left the lock free
    assert read_first_page(tmp_path / "none.sqlite") is None

    for setting, value in (("login_required", "1"), ("office_unit_code", "")):
        copy = tmp_path / f"{setting}.sqlite"
        shutil.copyfile(register, copy)
        _set(copy, "INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", setting, value)
        assert read_first_page(copy) is None, setting
    other = tmp_path / "other.sqlite"
    shutil.copyfile(register, other)
    _set(other, "UPDATE alembic_version SET version_num = '0099_future'")
    assert read_first_page(other) is None
    empty = tmp_path / "empty.sqlite"
    shutil.copyfile(register, empty)
    _set(empty, "UPDATE candidate_totals SET n = 0")
    assert read_first_page(empty) is None  # the empty register's page, the ORM's way

    if os.geteuid() != 0:  # root writes anyway
        os.chmod(register, 0o400)
        try:
            assert read_first_page(register) is None  # offered read-only, as before
        finally:
            os.chmod(register, 0o600)


def _quick_window(register, qtbot):
    from app.ui.candidates.first_page import read_first_page
    from app.ui.candidates.tab import CandidatesTab
    from app.ui.main_window import MainWindow

    window = MainWindow(None)
    qtbot.addWidget(window)
    window.resize(1200, 700)
    window.show()
    tab = CandidatesTab(None, window, first_page=read_first_page(register))
    window.place_early(0, tab)
    qtbot.waitExposed(window)
    return window, tab


def test_the_page_on_screen_is_kept_with_its_selection_and_scroll_when_the_orm_is_in(
        register, ctx, qtbot):
    from PySide6.QtCore import QItemSelectionModel

    from app.ui.candidates.model import PAGE, RowRole

    window, tab = _quick_window(register, qtbot)
    assert tab.ctx is None and tab.model.rowCount() == PAGE
    assert not tab.new_button.isEnabled() and not tab.import_button.isEnabled()
    assert not tab.model.canFetchMore()  # no later page before the database is open
    # The user picks a line far down the page and scrolls.
    index = tab.model.index(150, 0)
    tab.view.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    tab.view.scrollTo(index)
    chosen = tab.selected_ids()
    scrolled = tab.view.verticalScrollBar().value()
    assert len(chosen) == 1 and scrolled > 0
    assert not tab.detail_button.isEnabled()  # opening a record waits for the database
    resets: list[int] = []
    tab.model.modelReset.connect(lambda: resets.append(1))
    shown = [tab.model.index(r, 0).data(RowRole) for r in range(tab.model.rowCount())]

    filled: list[bool] = []
    window.attach(ctx, stepwise=True, done=lambda: filled.append(True))
    qtbot.waitUntil(lambda: bool(filled), timeout=10000)
    assert resets == []  # the same page: kept, not read into the view again
    assert [tab.model.index(r, 0).data(RowRole) for r in range(PAGE)] == shown
    assert tab.selected_ids() == chosen and tab.selected_id() == chosen[0]
    assert tab.view.verticalScrollBar().value() == scrolled
    assert tab.new_button.isEnabled() and tab.detail_button.isEnabled()
    assert tab.unit.choices() and tab.model_type.count() > 1  # the filters' choices came
    assert window.tabs.widget(0) is tab and all(window._built)
    # Scrolling on reads the next page through the ORM.
    tab.view.scrollToBottom()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2 * PAGE)
    assert tab.selected_ids() == chosen


def test_filters_and_sorting_asked_before_the_orm_is_in_apply_once_it_is(register, db, ctx,
                                                                          qtbot):
    from PySide6.QtCore import Qt

    from app.services.candidates import CandidateFilter, find_candidates
    from app.ui.candidates.model import COL_YEAR, PAGE, RowRole

    window, tab = _quick_window(register, qtbot)
    tab.search.setText("nguyen")
    tab.apply_filter()
    tab.view.sortByColumn(COL_YEAR, Qt.SortOrder.DescendingOrder)
    assert tab.model.rowCount() == PAGE and tab.count_label.text() == "700 điển hình"
    window.attach(ctx)
    with db.session() as session:
        expected = [r.id for r in find_candidates(session, CandidateFilter(search="nguyen"),
                                                  limit=PAGE, order="year", descending=True)]
    qtbot.waitUntil(lambda: tab.model.rowCount() == len(expected))
    assert [tab.model.index(r, 0).data(RowRole).id for r in range(len(expected))] == expected
    assert expected and tab.count_label.text() != "700 điển hình"


def test_columns_kept_from_a_narrower_window_fill_the_table_without_a_reload(register, ctx,
                                                                            qtbot):
    """The columns' state saved at another window size is restored once the tabs are
    built; the name column still stretches to the table's width, and the page on screen
    is not read again for the sort it already has."""
    from app.ui.candidates.first_page import read_first_page
    from app.ui.candidates.tab import CandidatesTab
    from app.ui.window_state import _settings

    small = CandidatesTab(None, first_page=read_first_page(register))
    qtbot.addWidget(small)
    small.resize(640, 400)
    small.show()
    qtbot.waitExposed(small)
    settings = _settings()
    settings.setValue("tables/candidates", small.view.horizontalHeader().saveState())
    settings.sync()

    window, tab = _quick_window(register, qtbot)
    resets: list[int] = []
    tab.model.modelReset.connect(lambda: resets.append(1))
    filled: list[bool] = []
    window.attach(ctx, stepwise=True, done=lambda: filled.append(True))
    qtbot.waitUntil(lambda: bool(filled), timeout=10000)
    header = tab.view.horizontalHeader()
    qtbot.waitUntil(lambda: header.length() == header.viewport().width())
    assert header.viewport().width() > 1000 and resets == []
