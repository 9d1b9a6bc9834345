"""The Đồng bộ tab (exchange of data packages comes in a later version)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.i18n import _
from app.ui.context import AppContext
from app.ui.placeholder import PlannedTab


class SyncTab(PlannedTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Data exchange"),
            _("Here you will export a package file of your data for the level above (on a "
              "USB stick or by e-mail) and import packages and decisions from other offices, "
              "with no network needed."), parent)
        self.ctx = ctx
