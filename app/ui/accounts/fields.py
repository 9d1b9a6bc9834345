"""What the account dialogs share: a password field, and the layout of a form with the
red refusal line under it and OK/Cancel (or Save/Cancel) buttons."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.ui.dialogs import ErrorLabel


def password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def form_dialog(dialog: QDialog, rows: list[tuple[str, QWidget]], error: ErrorLabel,
                ok: QDialogButtonBox.StandardButton = QDialogButtonBox.StandardButton.Ok,
                intro: QWidget | None = None) -> QDialogButtonBox:
    """Lay out ``dialog``: [intro], the labelled ``rows``, ``error``, then the buttons
    (``ok`` and Cancel, wired to accept and reject), which are returned."""
    form = QFormLayout()
    for label, widget in rows:
        form.addRow(label, widget)
    buttons = QDialogButtonBox(ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    if intro is not None:
        layout.addWidget(intro)
    layout.addLayout(form)
    layout.addWidget(error)
    layout.addWidget(buttons)
    return buttons
