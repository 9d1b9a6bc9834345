"""Small things seen by a new officer (issue 7, point 11)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.services.register import CandidateInput, save_candidate


def test_view_menu_shows_the_ampersand_of_khen_thuong_va_in(qtbot, ctx):
    from app.ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    view = window.menuBar().actions()[1].menu()
    texts = [a.text() for a in view.actions()]
    assert "Khen thưởng && In" in texts  # shown as "Khen thưởng & In"


def test_the_model_type_column_shows_the_code_with_the_name_as_tooltip(qtbot, ctx, db):
    from app.ui.candidates.model import COL_MODEL
    from app.ui.candidates.tab import CandidatesTab

    with db.transaction() as s:
        save_candidate(s, CandidateInput(kind="individual", unit_code="628", ho="Ksor",
                                         ten="H'Lan", model_type_code="3.2.2b"))
    tab = CandidatesTab(ctx)
    qtbot.addWidget(tab)
    tab.show()
    index = tab.model.index(0, COL_MODEL)
    assert index.data() == "3.2.2b"
    assert index.data(Qt.ItemDataRole.ToolTipRole) == (
        "Gương điển hình người dân trong cộng đồng dân cư, chức sắc tôn giáo")


def test_the_status_bar_shows_the_offices_official_code_not_its_internal_key(qtbot, ctx):
    # The commune Ia Grai of the new province reuses code 23764; its row is kept apart
    # from the old unit by the key "23764-2025", which must never reach the screen.
    from app.ui.main_window import MainWindow

    ctx.office_unit_code = "23764-2025"
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "Ia Grai" in window.unit_label.text())
    assert "(mã 23764)" in window.unit_label.text()
    assert "2025" not in window.unit_label.text()
