"""The audit trail viewer: filters (account, record, date, kind of change), Excel export."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.audit import (
    TABLE_LABELS,
    Action,
    AuditFilter,
    AuditLine,
    action_label,
    export_trail,
    list_entries,
    local_time,
    table_label,
    user_names,
    verify,
)
from app.ui.context import AppContext
from app.ui.ops import DbOp

_Index = QModelIndex | QPersistentModelIndex


class AuditModel(QAbstractTableModel):
    """Entries of the trail, newest first."""

    TIME, USER, ACTION, KIND, RECORD, UNIT, CHANGES = range(7)
    RowRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[AuditLine] = []

    def set_lines(self, lines: list[AuditLine]) -> None:
        self.beginResetModel()
        self.lines = lines
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Time"), _("Account"), _("Change"), _("Record kind"), _("Record"),
                    _("Unit"), _("Changed fields"))[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        if role == self.RowRole:
            return line
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        local = local_time(line.at)
        return (f"{local:%d/%m/%Y %H:%M:%S}", line.user_name or "—", action_label(line.action),
                table_label(line.table_name), line.record or line.row_id, line.unit_code,
                line.summary())[index.column()]


def _date_edit() -> QDateEdit:
    edit = QDateEdit(QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setEnabled(False)
    return edit


class AuditViewer(QDialog):
    """Who changed what and when, with the values before and after."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None, *,
                 record_id: str = "", record_label: str = "") -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.record_id = record_id
        self.setWindowTitle(_("Change history") if record_id else _("Audit trail"))
        self.resize(1100, 560)
        self.user = QComboBox()
        self.user.addItem(_("All accounts"), "")
        self.kind = QComboBox()
        self.kind.addItem(_("All records"), "")
        for table in TABLE_LABELS:
            self.kind.addItem(table_label(table), table)
        self.action = QComboBox()
        self.action.addItem(_("All changes"), "")
        for action in Action.LABELS:
            self.action.addItem(action_label(action), action)
        self.use_from, self.use_to = QCheckBox(_("From")), QCheckBox(_("to"))
        self.date_from, self.date_to = _date_edit(), _date_edit()
        self.use_from.toggled.connect(self.date_from.setEnabled)
        self.use_to.toggled.connect(self.date_to.setEnabled)
        self.export_button = QPushButton(_("E&xport to Excel…"))
        self.status = QLabel()
        self.chain = QLabel()
        self.chain.setWordWrap(True)
        filters = QHBoxLayout()
        for w in (QLabel(_("Account:")), self.user, QLabel(_("Record:")), self.kind,
                  QLabel(_("Change:")), self.action, self.use_from, self.date_from, self.use_to,
                  self.date_to):
            filters.addWidget(w)
        filters.addStretch(1)
        self.model = AuditModel()
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(AuditModel.CHANGES,
                                                          QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 140), (1, 110), (2, 110), (3, 120), (4, 120), (5, 60)):
            self.view.setColumnWidth(col, width)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.export_button)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if record_id:
            layout.addWidget(QLabel(_("Changes of {record} and of the rows that refer to it.")
                                    .format(record=record_label or record_id)))
        layout.addLayout(filters)
        layout.addWidget(self.chain)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        layout.addWidget(close)
        for combo in (self.user, self.kind, self.action):
            combo.currentIndexChanged.connect(self.reload)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.reload)
        for box in (self.use_from, self.use_to):
            box.toggled.connect(self.reload)
        self.export_button.clicked.connect(self.export)
        DbOp(self, ctx, lambda s: (user_names(s), verify(s)), write=False).on_success(
            self._fill_users).run()
        self.reload()

    def _fill_users(self, data: tuple[list[str], Any]) -> None:
        names, check = data
        for name in names:
            self.user.addItem(name, name)
        if check.whole:
            self.chain.setText(_("The audit trail is whole ({n} entries).")
                               .format(n=check.entries))
        else:
            self.chain.setStyleSheet("color: #a40000")
            self.chain.setText(_("The audit trail is broken from entry {id}: {problem}")
                               .format(id=check.broken_at, problem=check.problem))

    def current_filter(self) -> AuditFilter:
        def day(box: QCheckBox, edit: QDateEdit) -> date | None:
            return edit.date().toPython() if box.isChecked() else None  # type: ignore[return-value]

        return AuditFilter(user_name=self.user.currentData() or "",
                           record_id=self.record_id, table_name=self.kind.currentData() or "",
                           action=self.action.currentData() or "",
                           date_from=day(self.use_from, self.date_from),
                           date_to=day(self.use_to, self.date_to))

    def reload(self) -> None:
        f = self.current_filter()
        DbOp(self, self.ctx, lambda s: list_entries(s, f), write=False).on_success(
            self._show).run()

    def _show(self, lines: list[AuditLine]) -> None:
        self.model.set_lines(lines)
        self.status.setText(_("{n} entries shown (at most 1000, newest first).")
                            .format(n=len(lines)))

    def export(self) -> None:
        target, _filter = QFileDialog.getSaveFileName(
            self, _("Export the audit trail"), f"nhat-ky-{date.today():%Y%m%d}.xlsx",
            _("Excel workbook (*.xlsx)"))
        if not target:
            return
        f = self.current_filter()
        DbOp(self, self.ctx, lambda s: export_trail(s, target, f), write=False).on_success(
            lambda n: self.status.setText(_("{n} entries written to {path}.")
                                          .format(n=n, path=target))).run()
