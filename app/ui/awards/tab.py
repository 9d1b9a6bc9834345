"""The Khen thưởng & In tab (awards and printing come with the printing work)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.i18n import _
from app.ui.context import AppContext
from app.ui.placeholder import PlannedTab


class AwardsTab(PlannedTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Awards and printing"),
            _("Here you will record commendation decisions with their register numbers and "
              "print certificates (Giấy khen), the interim and final review reports and the "
              "list of proposed awards."), parent)
        self.ctx = ctx
