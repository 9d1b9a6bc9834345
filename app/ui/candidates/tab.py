"""The Điển hình tab: find candidates and examples in the register."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QPushButton,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.models import CandidateKind, Status
from app.services.candidates import CandidateFilter
from app.services.labels import KIND_LABELS, STATUS_LABELS, label
from app.ui.candidates.model import COL_NAME, RowRole, CandidateTableModel
from app.ui.context import AppContext
from app.ui.format import thousands


class CandidatesTab(QWidget):
    """Search box, filters and the paged table of candidates."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loaded = False

        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name, with or without diacritics…"))
        self.search.setClearButtonEnabled(True)
        self.kind = QComboBox()
        self.kind.addItem(_("All kinds"), None)
        for code in CandidateKind.ALL:
            self.kind.addItem(label(KIND_LABELS, code), code)
        self.status = QComboBox()
        self.status.addItem(_("All statuses"), None)
        for code in Status.ALL:
            self.status.addItem(label(STATUS_LABELS, code), code)
        self.count_label = QLabel()

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.kind, 1)
        filters.addWidget(self.status, 1)
        filters.addWidget(self.count_label)

        self.model = CandidateTableModel(ctx, self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(COL_NAME, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.setAlternatingRowColors(True)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for col, width in ((1, 110), (2, 170), (3, 100), (4, 150), (5, 60)):
            self.view.setColumnWidth(col, width)

        actions = QHBoxLayout()
        self.new_button = QPushButton(_("&New…"))
        self.status_button = QPushButton(_("Change &status…"))
        self.assess_button = QPushButton(_("&Assess…"))
        self.import_button = QPushButton(_("&Import Excel…"))
        self.export_button = QPushButton(_("E&xport Excel…"))
        self.template_button = QPushButton(_("Import &template…"))
        for button in (self.new_button, self.status_button, self.assess_button):
            actions.addWidget(button)
        actions.addStretch(1)
        for button in (self.import_button, self.export_button, self.template_button):
            actions.addWidget(button)
        self.new_button.clicked.connect(self.new_candidate)
        self.status_button.clicked.connect(self.change_status)
        self.assess_button.clicked.connect(self.assess)
        self.import_button.clicked.connect(self.import_excel)
        self.export_button.clicked.connect(self.export_excel)
        self.template_button.clicked.connect(self.export_template)
        self.view.doubleClicked.connect(lambda _index: self.change_status())

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.view)

        # Search as the user types, but not on every keystroke.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.kind.currentIndexChanged.connect(self.apply_filter)
        self.status.currentIndexChanged.connect(self.apply_filter)
        self.model.total_changed.connect(self._show_total)
        ctx.signals.candidates_changed.connect(self.model.reload)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if not self._loaded:  # load on first show, not at start-up
            self._loaded = True
            self.apply_filter()

    def current_filter(self) -> CandidateFilter:
        return CandidateFilter(search=self.search.text(), kind=self.kind.currentData(),
                               status=self.status.currentData())

    def apply_filter(self) -> None:
        self._debounce.stop()
        self.model.set_filter(self.current_filter())

    def selected_id(self) -> str | None:
        index = self.view.currentIndex()
        row = index.data(RowRole) if index.isValid() else None
        return row.id if row else None

    def new_candidate(self) -> None:
        from app.ui.candidates.form import CandidateForm

        CandidateForm(self.ctx, self).open()

    def change_status(self) -> None:
        candidate_id = self.selected_id()
        if candidate_id:
            from app.ui.candidates.status_dialog import StatusDialog

            StatusDialog(self.ctx, candidate_id, self).open()

    def assess(self) -> None:
        candidate_id = self.selected_id()
        if candidate_id:
            from app.ui.criteria.assessment_dialog import AssessmentDialog

            AssessmentDialog(self.ctx, candidate_id, self).open()

    def import_excel(self) -> None:
        from app.ui.excel.actions import import_excel

        import_excel(self.ctx, self)

    def export_excel(self) -> None:
        from app.ui.excel.actions import export_excel

        export_excel(self.ctx, self, self.current_filter())

    def export_template(self) -> None:
        from app.ui.excel.actions import export_template_file

        export_template_file(self.ctx, self)

    def _show_total(self, total: int) -> None:
        self.count_label.setText(_("{count} candidates").format(count=thousands(total)))
