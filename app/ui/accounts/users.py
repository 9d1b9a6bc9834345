"""Account management for the administrator: create, disable, reset; login on or off."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.access import Role, role_label
from app.services.accounts import (
    UserInfo,
    add_user,
    list_users,
    login_required,
    reset_password,
    set_disabled,
    set_login_required,
)
from app.ui.accounts.fields import form_dialog, password_field
from app.ui.context import AppContext
from app.ui.dialogs import ErrorLabel
from app.ui.ops import DbOp
from app.ui.unit_combo import UnitChooser


class NewAccountDialog(QDialog):
    """The fields of a new account."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("New account"))
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. cb.iakha"))
        self.full_name = QLineEdit()
        self.role = QComboBox()
        for role in Role.ALL:
            self.role.addItem(role_label(role), role)
        # The one unit chooser (name with its parent, official code, search without
        # diacritics), never a code typed by hand; empty only for an administrator. Units
        # dissolved in 2025 too (marked): an office of the former structure has accounts.
        self.unit = UnitChooser(everything=_("No unit (administrator of the whole office)"),
                                retired=True)
        self.password, self.again = password_field(), password_field()
        self.error = ErrorLabel()
        form_dialog(self, [(_("Account name:"), self.name), (_("Full name:"), self.full_name),
                           (_("Role:"), self.role), (_("Unit:"), self.unit),
                           (_("Password:"), self.password), (_("Password again:"), self.again)],
                    self.error, ok=QDialogButtonBox.StandardButton.Save)
        DbOp(self, ctx, self.unit.load, write=False).on_success(self._units).on_failure(
            lambda e: self.error.show_failure(self.ctx, e)).run()

    def _units(self, choices: list[Any]) -> None:
        self.unit.set_units(choices)
        self.unit.set_code(self.ctx.office_unit_code)

    def accept(self) -> None:
        if self.password.text() != self.again.text():
            self.error.setText(_("The two passwords differ."))
            return
        name, full, role = self.name.text(), self.full_name.text(), self.role.currentData()
        unit, password = self.unit.code(), self.password.text()

        def work(session: Any) -> str:
            return add_user(session, name, password, role=role, unit_code=unit,
                            full_name=full).username

        DbOp(self, self.ctx, work).on_success(lambda _n: super(NewAccountDialog, self).accept()
                                              ).on_failure(lambda e: self.error.show_failure(
                                                  self.ctx, e)).run()


class AccountsDialog(QDialog):
    """Every account with its role, unit and state; the administrator's actions on them."""

    COLUMNS = ("username", "full_name", "role", "unit", "state")

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.users: list[UserInfo] = []
        self.setWindowTitle(_("Accounts"))
        self.resize(760, 420)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([_("Account"), _("Full name"), _("Role"),
                                              _("Unit"), _("State")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.add_button = QPushButton(_("&New account…"))
        self.disable_button = QPushButton(_("&Disable"))
        self.enable_button = QPushButton(_("&Enable"))
        self.reset_button = QPushButton(_("&Reset password…"))
        self.login_box = QCheckBox(_("Ask for an account and password at start"))
        self.error = ErrorLabel()
        actions = QHBoxLayout()
        for b in (self.add_button, self.disable_button, self.enable_button, self.reset_button):
            actions.addWidget(b)
        actions.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.login_box)
        layout.addWidget(self.error)
        layout.addWidget(close)
        self.add_button.clicked.connect(self.add)
        self.disable_button.clicked.connect(lambda: self._set_disabled(True))
        self.enable_button.clicked.connect(lambda: self._set_disabled(False))
        self.reset_button.clicked.connect(self.reset)
        self.login_box.clicked.connect(self._login_toggled)
        self.reload()

    def reload(self) -> None:
        def load(session: Any) -> tuple[list[UserInfo], bool]:
            return list_users(session), login_required(session)

        DbOp(self, self.ctx, load, write=False).on_success(self._show).run()

    def _show(self, data: tuple[list[UserInfo], bool]) -> None:
        self.users, required = data
        self.login_box.setChecked(required)
        self.table.setRowCount(len(self.users))
        for row, u in enumerate(self.users):
            state = _("disabled") if u.disabled else _("active")
            for col, value in enumerate((u.username, u.full_name, role_label(u.role),
                                         u.unit_code or "", state)):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, u.username)
                self.table.setItem(row, col, item)

    def selected(self) -> str | None:
        row = self.table.currentRow()
        return self.users[row].username if 0 <= row < len(self.users) else None

    def _run(self, work: Any) -> None:
        self.error.clear()
        DbOp(self, self.ctx, work).on_success(lambda _r: self.reload()).on_failure(
            self._failed).run()

    def _failed(self, exc: Exception) -> None:
        self.error.show_failure(self.ctx, exc)
        self.reload()

    def add(self) -> None:
        if NewAccountDialog(self.ctx, self).exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def _set_disabled(self, disabled: bool) -> None:
        name = self.selected()
        if name:
            self._run(lambda s: set_disabled(s, name, disabled))

    def reset(self) -> None:
        name = self.selected()
        if not name:
            return
        password, ok = QInputDialog.getText(
            self, _("Reset password"), _("New password for {name}:").format(name=name),
            QLineEdit.EchoMode.Password)
        if ok:
            self._run(lambda s: reset_password(s, name, password))

    def _login_toggled(self, on: bool) -> None:
        self._run(lambda s: set_login_required(s, on))
