"""The Thôn văn hóa tab (village cultural scoring comes in a later version)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.i18n import _
from app.ui.context import AppContext
from app.ui.placeholder import PlannedTab


class VillagesTab(PlannedTab):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Cultural villages"),
            _("Here the commune will score its villages and residential groups each year "
              "(Decree 86/2023): self-assessment, the commune council's review, the public "
              "notice and the decision. The yearly results already stored are used by the "
              "review reports."), parent)
        self.ctx = ctx
