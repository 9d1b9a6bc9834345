"""Backup settings with the list of copies, and the restore dialog that shows what is lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.backup import (
    BackupInfo,
    BackupSettings,
    Reason,
    RestorePreview,
    backup_settings,
    list_backups,
    make_backup,
    reason_label,
    restore,
    restore_preview,
    save_backup_settings,
)
from app.ui.context import AppContext
from app.ui.dialogs import ErrorLabel
from app.ui.ops import DbOp


def _when(value: Any) -> str:
    from app.services.audit import local_time

    return local_time(value).strftime("%d/%m/%Y %H:%M") if value else _("unknown")


class RestoreDialog(QDialog):
    """Confirm restoring ``path``: its date, the date of its last change, and the changes
    made since that will be lost. A copy of the current file is made first."""

    def __init__(self, ctx: AppContext, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.path = Path(path)
        self.restored = False
        self.setWindowTitle(_("Restore from a backup copy"))
        self.resize(640, 420)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.lost = QListWidget()
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(_("Restore"))
        self.ok.setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("File: {path}").format(path=self.path)))
        layout.addWidget(self.summary)
        layout.addWidget(self.lost, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        db = ctx.db
        DbOp(self, ctx, lambda _s: restore_preview(db, self.path), write=False).busy(
            _("Checking the copy…")).on_success(self._show).on_failure(
            lambda e: self.error.show_failure(ctx, e)).run()

    def _show(self, p: RestorePreview) -> None:
        self.summary.setText(_(
            "The last change this copy holds was made on {last}. Restoring it undoes "
            "{n} changes made since then (listed below); a copy of the current file is made "
            "first, so this can be undone.").format(last=_when(p.check.last_change),
                                                    n=p.lost_changes))
        self.lost.addItems(p.lost_sample)
        if p.lost_changes > len(p.lost_sample):
            self.lost.addItem(_("… and {n} more").format(n=p.lost_changes - len(p.lost_sample)))
        self.ok.setEnabled(True)

    def accept(self) -> None:
        db, path = self.ctx.db, self.path
        self.ok.setEnabled(False)
        DbOp(self, self.ctx, lambda _s: restore(db, path), write=False).busy(
            _("Restoring the copy…")).on_success(self._done).on_failure(
            lambda e: self.error.show_failure(self.ctx, e)).run()

    def _done(self, _result: Any) -> None:
        self.restored = True
        s = self.ctx.signals
        for signal in (s.candidates_changed, s.criteria_changed, s.awards_changed,
                       s.villages_changed, s.units_changed):
            signal.emit()
        super().accept()


class BackupDialog(QDialog):
    """Where copies go, how many are kept, the copies made; back up now or restore one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[BackupInfo] = []
        self.setWindowTitle(_("Backups"))
        self.resize(860, 520)
        self.second = QLineEdit()
        self.second.setPlaceholderText(_("e.g. E:\\DHTT (a USB drive); empty: none"))
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.second, 1)
        folder_row.addWidget(browse)
        self.daily, self.weekly, self.monthly = QSpinBox(), QSpinBox(), QSpinBox()
        for box in (self.daily, self.weekly, self.monthly):
            box.setRange(0, 999)
        form = QFormLayout()
        form.addRow(_("Main folder:"), QLabel(str(ctx.db.path.parent / "sao-luu")))
        form.addRow(_("Second folder:"), folder_row)
        form.addRow(_("Keep daily copies:"), self.daily)
        form.addRow(_("Keep weekly copies:"), self.weekly)
        form.addRow(_("Keep monthly copies:"), self.monthly)
        self.save_button = QPushButton(_("&Save settings"))
        self.backup_button = QPushButton(_("&Back up now"))
        self.restore_button = QPushButton(_("&Restore the chosen copy…"))
        self.other_button = QPushButton(_("Restore from &another file…"))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Made on"), _("Size"), _("Made by"),
                                              _("File")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 150), (1, 80), (2, 160)):
            self.table.setColumnWidth(col, width)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.error = ErrorLabel()
        actions = QHBoxLayout()
        for b in (self.save_button, self.backup_button, self.restore_button, self.other_button):
            actions.addWidget(b)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.notice)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.save_button.clicked.connect(self.save)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_chosen)
        self.other_button.clicked.connect(self.restore_other)
        self.reload()

    def reload(self) -> None:
        db = self.ctx.db
        DbOp(self, self.ctx, lambda s: (backup_settings(s), list_backups(db)), write=False
             ).on_success(self._show).run()

    def _show(self, data: tuple[BackupSettings, list[BackupInfo]]) -> None:
        settings, self.rows = data
        self.second.setText(settings.second_folder)
        self.daily.setValue(settings.keep_daily)
        self.weekly.setValue(settings.keep_weekly)
        self.monthly.setValue(settings.keep_monthly)
        self.table.setRowCount(len(self.rows))
        for row, b in enumerate(self.rows):
            for col, value in enumerate((b.made_at.strftime("%d/%m/%Y %H:%M:%S"), b.size_text(),
                                         reason_label(b.reason), str(b.path))):
                self.table.setItem(row, col, QTableWidgetItem(value))

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Second backup folder"),
                                                  self.second.text())
        if folder:
            self.second.setText(folder)

    def save(self) -> None:
        s = BackupSettings(self.second.text(), self.daily.value(), self.weekly.value(),
                           self.monthly.value())
        self.error.clear()
        DbOp(self, self.ctx, lambda session: save_backup_settings(session, s)).on_success(
            lambda _r: self.notice.setText(_("Settings saved."))).on_failure(
            lambda e: self.error.show_failure(self.ctx, e)).run()

    def backup_now(self) -> None:
        db = self.ctx.db
        DbOp(self, self.ctx, lambda _s: make_backup(db, Reason.MANUAL), write=False
             ).busy(_("Making a backup copy…")).on_success(self._backed_up).run()

    def _backed_up(self, result: Any) -> None:
        lines = [_("Backup written: {path}").format(path=p) for p in result.paths]
        self.notice.setText("\n".join(lines + result.notices))
        self.reload()

    def restore_chosen(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.rows):
            self._restore(self.rows[row].path)

    def restore_other(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Restore from a backup copy"), "",
                                                    _("DHTT database (*.sqlite)"))
        if path:
            self._restore(Path(path))

    def _restore(self, path: Path) -> None:
        dialog = RestoreDialog(self.ctx, path, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.notice.setText(_("The database was restored from {path}.").format(path=path))
            self.reload()
