"""First start: which office does this installation belong to?"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.reference import set_office_unit
from app.services.unit_choices import UnitChoice, unit_choices
from app.ui.context import AppContext
from app.ui.ops import DbOp
from app.ui.unit_combo import UnitPicker

REFORM = date(2025, 7, 1)  # two-level local government: province, then commune or ward


def _units(session: Any) -> list[UnitChoice]:
    return unit_choices(session, retired=True)


class FirstRunDialog(QDialog):
    """Pick this office's administrative unit from the units in force (the former ones on
    request), searchable without diacritics."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Welcome to DHTT"))
        self.resize(640, 560)
        today = today or date.today()
        question = (_("Which office does this computer belong to? Choose your province, "
                      "commune or ward.") if today >= REFORM else
                    _("Which office does this computer belong to? Choose your province, "
                      "district or commune."))
        self.intro = QLabel(question + " " + _(
            "Then the main window opens on this unit's register, where you add the first "
            "candidates or import them from Excel."))
        self.intro.setWordWrap(True)
        self.picker = UnitPicker()
        self.picker.search.setPlaceholderText(_("Type a name, e.g. ia grai"))
        self.search, self.tree = self.picker.search, self.picker.tree
        self.tree.setMinimumHeight(360)
        self.former = QCheckBox(_("Also show the units before 1 July 2025 (to enter old "
                                  "records of a district or a merged commune)"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.picker, 1)
        layout.addWidget(self.former)
        from app.ui.accounts.first_admin import FirstAdminFields

        self.admin = FirstAdminFields()
        layout.addWidget(self.admin)
        layout.addWidget(self.buttons)
        self.picker.current_changed.connect(self._selection_changed)
        self.picker.chosen.connect(lambda _code: self.accept())
        self.former.toggled.connect(self._show_units)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.chosen_code: str | None = None
        self._all: list[UnitChoice] = []
        DbOp(self, ctx, _units, write=False).on_success(self._fill).run()

    def _fill(self, units: list[UnitChoice]) -> None:
        self._all = units
        self._show_units()

    def _show_units(self) -> None:
        # Offices are provinces, districts and communes: no villages here.
        shown = [u for u in self._all if u.level != "village"
                 and (self.former.isChecked() or not u.retired)]
        query = self.search.text()
        self.picker.fill(shown, None)
        if query:
            self.picker.apply_search(query)

    def _selection_changed(self, code: str | None) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(code))

    def accept(self) -> None:
        code = self.picker.current_code()
        if code is None:
            return
        admin = self.admin.values()
        if admin is None:
            return

        def save(session: object) -> str:
            set_office_unit(session, code)  # type: ignore[arg-type]
            self.admin.create(session, admin, code)
            return code

        def saved(value: str) -> None:
            self.chosen_code = value
            self.ctx.office_unit_code = value
            self.admin.sign_in(self.ctx, admin)
            super(FirstRunDialog, self).accept()

        DbOp(self, self.ctx, save).on_success(saved).on_failure(
            self.admin.error.show_failure_for(self.ctx)).run()
