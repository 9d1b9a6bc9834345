"""The Đồng bộ tab: this office's key, the offices enrolled, changes not yet sent, the
import history, the waiting queue and the conflicts; export and import of packages (file
chooser or drag and drop) with the dry-run summary before anything is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.dates import format_date
from app.errors import DomainError
from app.i18n import _
from app.services.sync import conflicts as conflict_service
from app.services.sync import keys as key_service
from app.services.sync import status as status_service
from app.services.sync.export import export_package
from app.services.sync.importer import ImportResult, apply_held, import_file, import_files
from app.services.sync.labels import audit_text, drift_text, field_label, table_label
from app.services.sync.verify import UnknownSender
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.sync.conflict_dialog import ConflictDialog
from app.ui.sync.summary_dialog import ImportSummaryDialog

ID_ROLE = Qt.ItemDataRole.UserRole


def _when(value: Any) -> str:
    if value is None:
        return "—"
    return f"{format_date(value.date())} {value:%H:%M}"


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _fill(table: QTableWidget, rows: list[tuple[str, list[str]]]) -> None:
    table.setRowCount(len(rows))
    for r, (key, cells) in enumerate(rows):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(ID_ROLE, key)
            item.setToolTip(text)  # the whole text where the column is too narrow
            table.setItem(r, c, item)


class SyncTab(QWidget):
    """Exchange of package files with the office above and the offices below."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._loaded = False
        self.status: status_service.SyncStatus | None = None
        self.conflicts: list[conflict_service.ConflictView] = []
        self.setAcceptDrops(True)

        self.office_label = QLabel()
        self.office_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.unsent_label = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.export_button = QPushButton(_("&Export package…"))
        self.import_button = QPushButton(_("&Import package…"))
        self.import_several_button = QPushButton(_("Import &several…"))
        self.import_several_button.setToolTip(_(
            "Import several package files at once (for example a USB stick with the packages "
            "of many communes): one backup copy before them all, then each on its own."))
        self._last_path: str | None = None
        self.key_button = QPushButton(_("Save this office's &key file…"))
        self.enrol_button = QPushButton(_("E&nrol another office's key…"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setVisible(False)
        self.warn_days = QSpinBox()
        self.warn_days.setRange(0, 365)
        self.warn_days.setSuffix(_(" days"))
        self.warn_days.setToolTip(_("0: no warning"))
        buttons = QHBoxLayout()
        for button in (self.export_button, self.import_button, self.import_several_button,
                       self.key_button, self.enrol_button):
            buttons.addWidget(button)
        buttons.addWidget(self.progress, 1)
        buttons.addStretch(1)
        buttons.addWidget(QLabel(_("Warn on exit when not sent for")))
        buttons.addWidget(self.warn_days)

        self.conflict_table = _table([_("Conflict or proposal"), _("Data"), _("Record"), _("From unit"),
                                      _("Fields"), _("Received")])
        self.settle_button = QPushButton(_("&Settle the selected…"))
        self.held_table = _table([_("From unit"), _("Package no."), _("Waiting for"),
                                  _("Received")])
        self.apply_held_button = QPushButton(_("&Apply without the missing package…"))
        self.office_table = _table([_("Unit"), _("Name"), _("Fingerprint"), _("State"),
                                    _("Last package in"), _("Last package out"),
                                    _("Sender's audit trail"),
                                    _("Records of its units (sender / here)")])
        self.alert_label = QLabel()
        self.alert_label.setWordWrap(True)
        self.alert_label.setStyleSheet("color: #a00000")
        self.alert_label.setVisible(False)
        self.history_table = _table([_("Direction"), _("From"), _("To"), _("Package no."),
                                     _("When"), _("Rows"), _("By"), _("File"), _("File hash")])
        self.pages = QTabWidget()
        for widget, button in ((self.conflict_table, self.settle_button),
                               (self.held_table, self.apply_held_button),
                               (self.office_table, None), (self.history_table, None)):
            page = QWidget()
            layout = QVBoxLayout(page)
            layout.addWidget(widget)
            if button is not None:
                row = QHBoxLayout()
                row.addStretch(1)
                row.addWidget(button)
                layout.addLayout(row)
            self.pages.addTab(page, "")

        hint = QLabel(_("Drop a package file (.dhtt) here to import it."))
        hint.setStyleSheet("color: #555")
        layout = QVBoxLayout(self)
        layout.addWidget(self.office_label)
        layout.addWidget(self.unsent_label)
        layout.addWidget(self.alert_label)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.pages, 1)
        layout.addWidget(hint)

        self.export_button.clicked.connect(lambda: self.export_to())
        self.import_button.clicked.connect(lambda: self.import_from())
        self.import_several_button.clicked.connect(lambda: self.import_several())
        self.key_button.clicked.connect(self.save_key)
        self.enrol_button.clicked.connect(lambda: self.enrol())
        self.settle_button.clicked.connect(self.settle_selected)
        self.apply_held_button.clicked.connect(self.apply_selected_held)
        self.conflict_table.doubleClicked.connect(self.settle_selected)
        self.warn_days.editingFinished.connect(self._save_warn_days)

    # --- loading ---------------------------------------------------------------------------

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if not self._loaded:
            self._loaded = True
            self.refresh()

    def refresh(self) -> None:
        def load(session: Any) -> tuple[Any, Any, int]:
            return (status_service.sync_status(session),
                    conflict_service.list_conflicts(session),
                    status_service.warn_days(session))

        DbOp(self, self.ctx, load).on_success(self._show).on_failure(self._failed).run()

    def _caption(self, code: str | None) -> str:
        """A unit as staff know it: its name and official code, never an internal key
        such as "23764-2025"."""
        status = getattr(self, "status", None)
        if not code:
            return ""
        if status is None or code not in status.captions:
            return code
        return _("{unit} (code {code})").format(unit=status.name(code),
                                                code=status.official(code))

    def _show(self, loaded: tuple[Any, Any, int]) -> None:
        status, conflicts, days = loaded
        self.status, self.conflicts = status, conflicts
        self.office_label.setText(_("This office: unit {unit} · key fingerprint {fingerprint} "
                                    "(read it out by phone to the other office)").format(
            unit=self._caption(status.unit_code), fingerprint=status.fingerprint))
        if status.recipient:
            self.unsent_label.setText(_("Changes not yet sent to unit {unit}: {n} · last "
                                        "package sent: {when}").format(
                unit=self._caption(status.recipient), n=status.unsent,
                when=_when(status.last_export)))
        else:
            self.unsent_label.setText(_("Changes not yet sent: {n}").format(n=status.unsent))
        self.warn_days.blockSignals(True)
        self.warn_days.setValue(days)
        self.warn_days.blockSignals(False)
        kinds = {"conflict": _("Conflict"), "proposal": _("Proposal")}
        _fill(self.conflict_table, [
            (c.id, [kinds.get(c.kind, c.kind), table_label(c.table), c.label,
                    self._caption(c.sender),
                    ", ".join(field_label(f.name) for f in c.fields if f.differs),
                    _when(c.created_at)]) for c in conflicts])
        _fill(self.held_table, [
            (h.package_id, [f"{status.official(h.sender)} {h.sender_name}", str(h.sequence),
                            _("package no. {n} of {unit} is missing").format(
                                n=h.missing_sequence, unit=h.sender_name),
                            _when(h.received_at)]) for h in status.held])
        _fill(self.office_table, [
            (o.unit_code, [status.official(o.unit_code), o.unit_name, o.fingerprint,
                           _("revoked: {reason}").format(reason=o.revoked_reason)
                           if o.revoked_at else _("in use"),
                           _("{when} (no. {n})").format(when=_when(o.last_in), n=o.last_in_sequence)
                           if o.last_in else "—",
                           _("{when} (no. {n})").format(when=_when(o.last_out), n=o.last_out_sequence)
                           if o.last_out else "—",
                           audit_text(o.audit_check, o.audit_breaks) if o.last_in else "—",
                           drift_text(o.drift, "\n") if o.last_in else "—"])
            for o in status.offices])
        self.office_table.resizeRowsToContents()  # one line per table that differs
        alerts = []
        drifted = [self._caption(o.unit_code) for o in status.offices if o.drift]
        broken = [self._caption(o.unit_code) for o in status.offices if o.audit_breaks]
        if drifted:
            alerts.append(_("The records held here differ from what these offices declared in "
                            "their last package: {units}. See the Offices page; ask them for a "
                            "full package.").format(units=", ".join(drifted)))
        if broken:
            alerts.append(_("The audit trail of these offices does not continue from their "
                            "previous package: {units}. Ask them to check their audit trail."
                            ).format(units=", ".join(broken)))
        self.alert_label.setText("\n".join(alerts))
        self.alert_label.setVisible(bool(alerts))
        directions = {"in": _("received"), "out": _("sent")}
        _fill(self.history_table, [
            (h.package_id, [directions[h.direction], self._caption(h.sender),
                            self._caption(h.recipient), str(h.sequence),
                            _when(h.at), str(h.rows), h.user or "—", h.file_name,
                            h.file_hash[:16]]) for h in status.history])
        titles = (_("Conflicts ({n})").format(n=len(conflicts)),
                  _("Waiting ({n})").format(n=len(status.held)),
                  _("Offices ({n})").format(n=len(status.offices)),
                  _("History ({n})").format(n=len(status.history)))
        for i, title in enumerate(titles):
            self.pages.setTabText(i, title)

    def _busy(self, on: bool) -> None:
        self.progress.setVisible(on)
        for button in (self.export_button, self.import_button, self.import_several_button):
            button.setEnabled(not on)

    def _failed(self, exc: Exception) -> None:
        self._busy(False)
        if isinstance(exc, UnknownSender):
            answer = QMessageBox.question(self, _("Unknown office"), exc.message() + "\n\n" +
                                          _("Enrol that office's key file now?"))
            if answer == QMessageBox.StandardButton.Yes:
                self.enrol(retry=self._last_path)  # imported again once the key is enrolled
            return
        if isinstance(exc, DomainError):
            self.message.setText(exc.message())
            self.ctx.show_error(exc.message())
        else:
            self.ctx.report_bug(exc)

    # --- export ----------------------------------------------------------------------------

    def export_to(self, folder: str | None = None) -> None:
        if folder is None:
            folder = QFileDialog.getExistingDirectory(
                self, _("Choose the folder or USB drive for the package"), str(Path.home()))
        if not folder:
            return
        self._busy(True)
        DbOp(self, self.ctx, lambda s: export_package(s, Path(folder))).on_success(
            self._exported).on_failure(self._failed).run()

    def _exported(self, result: Any) -> None:
        self._busy(False)
        self.message.setText(_("Package no. {n} for unit {unit} written to {path} ({rows} "
                               "rows). Carry it to that office or send it by e-mail.").format(
            n=result.sequence, unit=self._caption(result.recipient), path=result.path,
            rows=result.total))
        self.refresh()

    # --- import ----------------------------------------------------------------------------

    def import_from(self, path: str | None = None) -> None:
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(
                self, _("Choose a package file"), str(Path.home()), _("DHTT packages (*.dhtt)"))
        if not path:
            return
        self._last_path = path
        self._busy(True)
        db = self.ctx.db
        DbOp(self, self.ctx, lambda _s: import_file(db, Path(path), dry_run=True),
             write=False).on_success(lambda r: self._confirm(Path(path), r)).on_failure(
            self._failed).run()

    def _confirm(self, path: Path, dry: ImportResult) -> None:
        self._busy(False)
        if dry.already_imported:
            self.message.setText(_("Package no. {n} of unit {unit} was already imported; "
                                   "nothing changed.").format(n=dry.sequence,
                                                              unit=self._caption(dry.sender)))
            return
        dialog = ImportSummaryDialog(dry, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            self.message.setText(_("Import cancelled; nothing was written."))
            return
        self._busy(True)
        db = self.ctx.db
        DbOp(self, self.ctx, lambda _s: import_file(db, path), write=False).on_success(
            self._imported).on_failure(self._failed).run()

    def _imported(self, result: ImportResult) -> None:
        self._busy(False)
        if result.held:
            text = _("Package no. {n} of unit {unit} waits in the queue: package no. {missing} "
                     "is missing. It is applied when that one arrives.").format(
                n=result.sequence, unit=self._caption(result.sender),
                missing=result.missing_sequence)
        else:
            text = _("Package no. {n} of unit {unit} imported: {rows} rows written, {conflicts} "
                     "to settle.").format(n=result.sequence, unit=self._caption(result.sender),
                                          rows=sum(result.applied.values()),
                                          conflicts=result.conflicts)
            for extra in result.released:
                text += " " + _("Waiting package no. {n} applied too.").format(n=extra.sequence)
        self.message.setText(text)
        for signal in (self.ctx.signals.candidates_changed, self.ctx.signals.awards_changed,
                       self.ctx.signals.villages_changed, self.ctx.signals.criteria_changed):
            signal.emit()
        self.refresh()

    def import_several(self, paths: list[str] | None = None) -> None:
        """Several package files: one summary of what they would change together, then
        one backup copy and each package in its own transaction."""
        if paths is None:
            paths, _filter = QFileDialog.getOpenFileNames(
                self, _("Choose the package files"), str(Path.home()),
                _("DHTT packages (*.dhtt)"))
        if not paths:
            return
        if len(paths) == 1:
            self.import_from(paths[0])
            return
        self._busy(True)
        db = self.ctx.db

        def dry(_session: Any) -> list[tuple[str, ImportResult | None, DomainError | None]]:
            out: list[tuple[str, ImportResult | None, DomainError | None]] = []
            for p in paths:
                try:
                    out.append((p, import_file(db, Path(p), dry_run=True), None))
                except DomainError as exc:
                    out.append((p, None, exc))
            return out

        DbOp(self, self.ctx, dry, write=False).on_success(
            lambda found: self._confirm_several(paths, found)).on_failure(self._failed).run()

    def _confirm_several(self, paths: list[str], found: list) -> None:  # noqa: ANN001
        from app.services.sync.importer import TableSummary

        self._busy(False)
        senders = sorted({r.sender for _p, r, _e in found if r is not None})
        combined = ImportResult("", ", ".join(senders), 0, "up", dry_run=True)
        for _p, r, _e in found:
            if r is None or r.already_imported:
                continue
            for name, t in r.tables.items():
                total = combined.tables.setdefault(name, TableSummary())
                for key, value in t.__dict__.items():
                    setattr(total, key, getattr(total, key) + value)
        notes = [_("{n} package files from: {units}.").format(n=len(found),
                                                             units=", ".join(senders) or "—")]
        notes += [_("Already imported: {file}").format(file=Path(p).name)
                  for p, r, _e in found if r is not None and r.already_imported]
        notes += [_("Refused, nothing of it will be written: {file}: {error}").format(
            file=Path(p).name, error=e.message()) for p, _r, e in found if e is not None]
        dialog = ImportSummaryDialog(combined, self, notes=notes,
                                     title=_("{n} package files").format(n=len(found)))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            self.message.setText(_("Import cancelled; nothing was written."))
            return
        self._busy(True)
        db = self.ctx.db
        DbOp(self, self.ctx, lambda _s: import_files(db, [Path(p) for p in paths]),
             write=False).on_success(self._imported_several).on_failure(self._failed).run()

    def _imported_several(self, items: list) -> None:  # noqa: ANN001 - BatchItem
        self._busy(False)
        done = [i.result for i in items if i.result is not None]
        applied = [r for r in done if not r.held and not r.already_imported]
        text = _("{n} packages imported: {rows} rows written, {conflicts} to settle.").format(
            n=len(applied), rows=sum(sum(r.applied.values()) for r in applied),
            conflicts=sum(r.conflicts for r in applied))
        waiting = [r for r in done if r.held]
        if waiting:
            text += " " + _("Waiting in the queue: {n}.").format(n=len(waiting))
        for item in items:
            if item.error is not None:
                text += "\n" + _("Refused: {file}: {error}").format(
                    file=item.path.name, error=item.error.message())
        self.message.setText(text)
        for signal in (self.ctx.signals.candidates_changed, self.ctx.signals.awards_changed,
                       self.ctx.signals.villages_changed, self.ctx.signals.criteria_changed):
            signal.emit()
        self.refresh()

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt name
        if self._dropped_packages(event):
            event.acceptProposedAction()

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt name
        paths = self._dropped_packages(event)
        if paths:
            event.acceptProposedAction()
            if len(paths) == 1:
                self.import_from(paths[0])
            else:
                self.import_several(paths)

    @staticmethod
    def _dropped_packages(event: Any) -> list[str]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [url.toLocalFile() for url in mime.urls()
                if url.isLocalFile() and url.toLocalFile().lower().endswith(".dhtt")]

    # --- keys ------------------------------------------------------------------------------

    def save_key(self) -> None:
        unit = self.status.official(self.status.unit_code) if self.status else "don-vi"
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save this office's key file"), str(Path.home() / f"khoa-{unit}.json"),
            _("Key files (*.json)"))
        if not path:
            return
        DbOp(self, self.ctx, lambda s: key_service.export_public_key(s, Path(path))).on_success(
            lambda p: self.message.setText(_("Key file written to {path}. Give it to the other "
                                             "office and read the fingerprint out by phone."
                                             ).format(path=p))).on_failure(self._failed).run()

    def enrol(self, path: str | None = None, retry: str | None = None) -> None:
        """Enrol another office's key file; ``retry``: a package refused because that key
        was missing, imported again once it is enrolled."""
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(
                self, _("Choose the other office's key file"), str(Path.home()),
                _("Key files (*.json)"))
        if not path:
            return
        try:
            key = key_service.read_key_file(Path(path))
        except DomainError as exc:
            self._failed(exc)
            return
        answer = QMessageBox.question(self, _("Compare the fingerprint"), _(
            "Key of unit {unit} {name}.\n\nFingerprint: {fingerprint}\n\nCall that office and "
            "ask them to read their fingerprint (Đồng bộ tab). Enrol the key only if it is "
            "exactly the same.").format(unit=key.unit_code, name=key.unit_name,
                                         fingerprint=key.fingerprint))
        if answer != QMessageBox.StandardButton.Yes:
            return
        replacing = any(o.unit_code == key.unit_code and not o.revoked_at
                        and o.fingerprint != key.fingerprint
                        for o in (self.status.offices if self.status else []))
        reason = ""
        if replacing:
            reason, ok = QInputDialog.getText(self, _("Replace a key"), _(
                "Unit {unit} already has a key. Why is it replaced (for example: the computer "
                "was lost)?").format(unit=key.unit_code))
            if not ok:
                return
        DbOp(self, self.ctx, lambda s: key_service.enroll(s, key, reason=reason).fingerprint
             ).on_success(lambda fp: self._enrolled(key.unit_code, fp, retry)).on_failure(
            self._failed).run()

    def _enrolled(self, unit: str, fingerprint: str, retry: str | None) -> None:
        self.message.setText(_("Key of unit {unit} enrolled (fingerprint {fingerprint}).").format(
            unit=unit, fingerprint=fingerprint))
        self.refresh()
        if retry:  # the package that was refused for want of this key
            self.import_from(retry)

    # --- queue and conflicts ---------------------------------------------------------------

    def _selected(self, table: QTableWidget) -> str | None:
        row = table.currentRow()
        item = table.item(row, 0) if row >= 0 else None
        return item.data(ID_ROLE) if item else None

    def apply_selected_held(self) -> None:
        package_id = self._selected(self.held_table)
        if not package_id:
            return
        answer = QMessageBox.question(self, _("Apply without the missing package"), _(
            "Apply this package now, without waiting for the missing one? Changes in the "
            "missing package that this one does not repeat stay missing until it arrives."))
        if answer != QMessageBox.StandardButton.Yes:
            return
        db = self.ctx.db
        DbOp(self, self.ctx, lambda _s: apply_held(db, package_id), write=False).on_success(
            self._imported).on_failure(self._failed).run()

    def settle_selected(self) -> None:
        conflict_id = self._selected(self.conflict_table)
        conflict = next((c for c in self.conflicts if c.id == conflict_id), None)
        if conflict is None:
            return
        dialog = ConflictDialog(conflict, self)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.choice is None:
            return
        choice, choices = dialog.choice, dialog.choices
        DbOp(self, self.ctx, lambda s: conflict_service.settle(s, conflict.id, choice, choices)
             ).on_success(lambda _v: (self.message.setText(_(
                 "Settled. The choice goes to unit {unit} in the next package.").format(
                     unit=self._caption(conflict.sender))), self.ctx.signals.candidates_changed.emit(),
                 self.refresh())).on_failure(self._failed).run()

    def _save_warn_days(self) -> None:
        days = self.warn_days.value()
        DbOp(self, self.ctx, lambda s: status_service.set_warn_days(s, days)).on_failure(
            self._failed).run()


def confirm_exit(parent: QWidget, ctx: AppContext) -> bool:
    """Ask before closing when changes have waited too long to be sent (True: close)."""
    try:
        warning = status_service.exit_warning_for(ctx.db)
    except DomainError:
        return True
    if warning is None:
        return True
    unsent, days = warning
    answer = QMessageBox.question(parent, _("Changes not sent"), _(
        "{n} changes have not been sent to the level above for {days} days. Remember to export "
        "a package (Đồng bộ tab).\n\nClose the program anyway?").format(n=unsent, days=days))
    return answer == QMessageBox.StandardButton.Yes
