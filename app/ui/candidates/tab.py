"""The Điển hình tab: find candidates and examples in the register.

Importing it loads no service and no SQLAlchemy: the window builds it around the first page
read with ``sqlite3`` (:mod:`app.ui.candidates.first_page`) while the ORM is still loading,
then gives it the database with :meth:`CandidatesTab.attach`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.code_labels import KIND_LABELS, STATUS_LABELS, label
from app.codes import CandidateKind, Status
from app.i18n import _
from app.register_rows import CandidateFilter
from app.ui.candidates.model import COL_NAME, CandidateTableModel, RowRole
from app.ui.format import thousands
from app.ui.ops import DbOp
from app.ui.unit_combo import UnitTreeCombo

if TYPE_CHECKING:
    from app.ui.candidates.first_page import FirstPage
    from app.ui.context import AppContext


def _filter_choices(session: Any) -> dict[str, Any]:
    from app.services import choices
    from app.services.unit_choices import unit_choices

    return {"units": unit_choices(session, villages=True, retired=True),
            "models": [(f"{m.code} – {m.name}", m.code) for m in choices.model_types(session)],
            "model_names": {m.code: m.name for m in choices.model_types(session)},
            "movements": choices.movements(session), "phases": choices.phases(session),
            "years": [(str(y), y) for y in choices.register_years(session)]}


class CandidatesTab(QWidget):
    """Search box, filters and the paged table of candidates.

    With ``ctx`` None it shows ``first_page`` until :meth:`attach` gives the database;
    meanwhile the filters and the sorting take what the user asks and apply it then, and
    the buttons that open or change records wait (disabled)."""

    def __init__(self, ctx: AppContext | None, parent: QWidget | None = None,
                 first_page: FirstPage | None = None) -> None:
        super().__init__(parent)
        self.ctx: AppContext = ctx  # type: ignore[assignment]  # None until attach()
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
        self.unit = UnitTreeCombo()
        self.movement = QComboBox()
        self.model_type = QComboBox()
        self.phase = QComboBox()
        self.year = QComboBox()
        for combo, caption in ((self.movement, _("All movements")),
                               (self.model_type, _("All model types")),
                               (self.phase, _("All phases")), (self.year, _("All years"))):
            combo.addItem(caption, None)
        self.model_type.setMinimumContentsLength(16)
        self.model_type.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.movement.setMinimumContentsLength(16)
        self.movement.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.clear_button = QPushButton(_("Clear filters"))
        self.clear_button.clicked.connect(self.clear_filters)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.unit, 2)
        filters.addWidget(self.kind, 1)
        filters.addWidget(self.status, 1)
        filters.addWidget(self.count_label)
        more = QHBoxLayout()
        more.addWidget(self.movement, 2)
        more.addWidget(self.model_type, 2)
        more.addWidget(self.phase, 1)
        more.addWidget(self.year, 1)
        more.addWidget(self.clear_button)

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
        self.detail_button = QPushButton(_("&Open…"))
        self.activity_button = QPushButton(_("&Replication…"))
        self.status_button = QPushButton(_("Change &status…"))
        self.assess_button = QPushButton(_("&Assess…"))
        self.import_button = QPushButton(_("&Import Excel…"))
        self.export_button = QPushButton(_("E&xport Excel…"))
        self.template_button = QPushButton(_("Import &template…"))
        for button in (self.new_button, self.detail_button, self.status_button,
                       self.assess_button, self.activity_button):
            actions.addWidget(button)
        actions.addStretch(1)
        for button in (self.import_button, self.export_button, self.template_button):
            actions.addWidget(button)
        self.new_button.clicked.connect(self.new_candidate)
        self.detail_button.clicked.connect(self.open_detail)
        self.activity_button.clicked.connect(self.add_activity)
        self.status_button.clicked.connect(self.change_status)
        self.assess_button.clicked.connect(self.assess)
        self.import_button.clicked.connect(self.import_excel)
        self.export_button.clicked.connect(self.export_excel)
        self.template_button.clicked.connect(self.export_template)
        self.view.doubleClicked.connect(lambda _index: self.open_detail())

        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(more)
        layout.addLayout(actions)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self._empty_page())
        layout.addWidget(self.stack, 1)

        # Search as the user types, but not on every keystroke.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.kind.currentIndexChanged.connect(self.apply_filter)
        self.status.currentIndexChanged.connect(self.apply_filter)
        for combo in (self.movement, self.model_type, self.phase, self.year):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.unit.unit_changed.connect(lambda _code: self.apply_filter())
        self.model.total_changed.connect(self._show_total)
        # The selection follows the records through every reload (re-sorting, a status
        # change, an import), not the row numbers.
        self._keep: tuple[list[str], str | None] = ([], None)
        self._wanted: str | None = None
        self._pages_searched = 0
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.model.page_added.connect(self._look_for_wanted)
        self.view.selectionModel().selectionChanged.connect(self._update_actions)
        self.hidden_note = QLabel()
        self.hidden_note.setStyleSheet("color: #8a5a00")
        self.hidden_note.hide()
        layout.insertWidget(layout.count() - 1, self.hidden_note)
        self._always = (self.new_button, self.import_button, self.export_button,
                        self.template_button)
        if ctx is None:
            for button in self._always:
                button.setEnabled(False)
            if first_page is not None:
                self.model.show_first_page(first_page.total, first_page.rows)
        else:
            self._wire(ctx)
        self._update_actions()

    def attach(self, ctx: AppContext) -> None:
        """The database is open: read the first page again (kept on screen when it is the
        same), the filters' choices, and what the user asked for meanwhile."""
        self.ctx = ctx
        self.model.attach(ctx)
        self._wire(ctx)
        for button in self._always:
            button.setEnabled(True)
        self._update_actions()
        if self.isVisible():
            self._load()

    def _wire(self, ctx: AppContext) -> None:
        ctx.signals.candidates_changed.connect(self.model.reload)
        ctx.signals.candidate_saved.connect(self.show_candidate)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if self.ctx is not None:
            self._load()

    def _load(self) -> None:
        if not self._loaded:  # load on first show, not at start-up
            self._loaded = True
            # The first page first: the filters' choices (the whole unit tree) take longer
            # than the page, and the one database worker runs them in turn.
            self.apply_filter()
            DbOp(self, self.ctx, _filter_choices, write=False).on_success(
                self._fill_choices).run()

    def _fill_choices(self, data: dict[str, Any]) -> None:
        self.unit.set_units(data["units"])
        self.model.model_names = data["model_names"]
        for combo, items in ((self.movement, data["movements"]),
                             (self.model_type, data["models"]), (self.phase, data["phases"]),
                             (self.year, data["years"])):
            combo.blockSignals(True)
            for caption, value in items:
                combo.addItem(caption, value)
            combo.blockSignals(False)

    def clear_filters(self) -> None:
        widgets = (self.kind, self.status, self.movement, self.model_type, self.phase, self.year,
                   self.unit, self.search)
        for w in widgets:
            w.blockSignals(True)
        for combo in (self.kind, self.status, self.movement, self.model_type, self.phase,
                      self.year):
            combo.setCurrentIndex(0)
        self.unit.set_code(None)
        self.search.clear()
        for w in widgets:
            w.blockSignals(False)
        self.apply_filter()

    def current_filter(self) -> CandidateFilter:
        return CandidateFilter(search=self.search.text(), kind=self.kind.currentData(),
                               status=self.status.currentData(), unit_code=self.unit.code(),
                               movement_code=self.movement.currentData(),
                               model_type_code=self.model_type.currentData(),
                               phase_code=self.phase.currentData(),
                               year=self.year.currentData())

    def apply_filter(self) -> None:
        self._debounce.stop()
        if self._wanted is None:
            self.hidden_note.hide()
        self.model.set_filter(self.current_filter())

    # --- the selection follows the record -------------------------------------------------

    def selected_ids(self) -> list[str]:
        return [index.data(RowRole).id for index in self.view.selectionModel().selectedRows()
                if index.data(RowRole) is not None]

    def _remember_selection(self) -> None:
        self._keep = (self.selected_ids(), self.selected_id())

    def _restore_selection(self) -> None:
        ids, current = self._keep
        if self._wanted:
            ids, current = [self._wanted], self._wanted
        self._select(ids, current)
        self._look_for_wanted()
        self._update_actions()

    def _select(self, ids: list[str], current: str | None) -> None:
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        selection = QItemSelection()
        for cid in ids:
            row = self.model.row_of(cid)
            if row >= 0:
                selection.select(self.model.index(row, 0),
                                 self.model.index(row, self.model.columnCount() - 1))
        model = self.view.selectionModel()
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        row = self.model.row_of(current) if current else -1
        if row >= 0:
            model.setCurrentIndex(self.model.index(row, 0),
                                  QItemSelectionModel.SelectionFlag.NoUpdate)
            self.view.scrollTo(self.model.index(row, 0))

    def show_candidate(self, candidate_id: str) -> None:
        """Show and select a record just saved, even if the filter would hide it."""
        self._wanted = candidate_id
        self._pages_searched = 0
        self.hidden_note.hide()
        if not self.model.loading:
            self._look_for_wanted()

    def _look_for_wanted(self) -> None:
        wanted = self._wanted
        if not wanted or self.model.loading:
            return
        if self.model.row_of(wanted) >= 0:
            self._wanted = None
            self._select([wanted], wanted)
            return
        if self.model.canFetchMore() and self._pages_searched < 20:
            self._pages_searched += 1  # further down the list: fetch the next page
            self.model.fetchMore()
            return
        if self._filtered():
            # Hidden by the filter: clear it and say why the list changed.
            self._pages_searched = 0
            self.clear_filters()
            self.hidden_note.setText(_("The filters were cleared to show the record just "
                                       "saved, which they would have hidden."))
            self.hidden_note.show()
            return
        self._wanted = None

    def _filtered(self) -> bool:
        f = self.current_filter()
        return bool(f.search or f.kind or f.status or f.unit_code or f.movement_code
                    or f.model_type_code or f.phase_code or f.year)

    def _update_actions(self, *_args: Any) -> None:
        count = len(self.selected_ids()) if self.ctx is not None else 0
        for button, enabled, hint in (
            (self.detail_button, count == 1, _("Select one candidate in the list.")),
            (self.status_button, count == 1, _("Select one candidate in the list.")),
            (self.assess_button, count == 1, _("Select one candidate in the list.")),
            (self.activity_button, count >= 1,
             _("Select the candidates featured in the activity.")),
        ):
            button.setEnabled(enabled)
            # Before the database is open (the first page only) there is nothing to hint.
            button.setToolTip("" if enabled or self.ctx is None else hint)

    def selected_id(self) -> str | None:
        index = self.view.currentIndex()
        row = index.data(RowRole) if index.isValid() else None
        return row.id if row else None

    def new_candidate(self) -> None:
        from app.ui.candidates.form import CandidateForm

        CandidateForm(self.ctx, self).open()

    def open_detail(self) -> None:
        candidate_id = self.selected_id()
        if candidate_id and self.ctx is not None:
            from app.ui.candidates.detail import CandidateDetailDialog

            CandidateDetailDialog(self.ctx, candidate_id, self).open()

    def add_activity(self) -> None:
        ids = [index.data(RowRole).id for index in self.view.selectionModel().selectedRows()
               if index.data(RowRole) is not None]
        if ids:
            from app.ui.candidates.activity_dialog import ActivityDialog

            ActivityDialog(self.ctx, ids, self).open()

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

    def _empty_page(self) -> QWidget:
        """What an empty register (or a filter matching nothing) says to do first."""
        page = QWidget()
        self.empty_text = QLabel()
        self.empty_text.setWordWrap(True)
        self.empty_text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_new = QPushButton(_("Add the first candidate…"))
        self.empty_import = QPushButton(_("Import a list from Excel…"))
        self.empty_template = QPushButton(_("Get the Excel template…"))
        self.empty_clear = QPushButton(_("Clear filters"))
        self.empty_new.clicked.connect(self.new_candidate)
        self.empty_import.clicked.connect(self.import_excel)
        self.empty_template.clicked.connect(self.export_template)
        self.empty_clear.clicked.connect(self.clear_filters)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in (self.empty_new, self.empty_import, self.empty_template, self.empty_clear):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.empty_text)
        layout.addLayout(row)
        layout.addStretch(2)
        return page

    def _show_empty_state(self, total: int) -> None:
        filtered = self._filtered()
        if total or not self._loaded:
            self.stack.setCurrentIndex(0)
            return
        if filtered:
            self.empty_text.setText(_("No candidate matches these filters."))
        else:
            self.empty_text.setText(_(
                "<h3>The register is still empty</h3>Start by adding a candidate, or import "
                "your list from Excel (get the template first to see the columns)."))
        for button in (self.empty_new, self.empty_import, self.empty_template):
            button.setVisible(not filtered)
        self.empty_clear.setVisible(filtered)
        self.stack.setCurrentIndex(1)

    def _show_total(self, total: int) -> None:
        self._show_empty_state(total)
        self.count_label.setText(_("{count} candidates").format(count=thousands(total)))
