"""The note on the Tổng hợp tab: this year's village review is due before 25 November,
with the communes that have not reached their decision yet."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.i18n import _
from app.services.villages import overview
from app.ui.context import AppContext
from app.ui.ops import DbOp


class VillageDeadlineNote(QLabel):
    """One line (wrapped) under the period chooser; hidden when no commune has villages."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWordWrap(True)
        self.hide()
        ctx.signals.villages_changed.connect(self.reload)

    def reload(self) -> None:
        office = self.ctx.office_unit_code
        DbOp(self, self.ctx, lambda s: overview.deadline_note(s, office), write=False) \
            .on_success(self._show).run()

    def _show(self, note: overview.DeadlineNote) -> None:
        if not note.total:
            self.hide()
            return
        due = note.deadline.strftime("%d/%m/%Y")
        if not note.pending:
            self.setStyleSheet("color: #2d6a2d")
            self.setText(_("Cultural villages {year}: every commune has its decision (the "
                           "review is due before {due}).").format(year=note.year, due=due))
        else:
            names = ", ".join(note.pending[:6]) + (" …" if len(note.pending) > 6 else "")
            self.setStyleSheet("color: #a40000")
            self.setText(_("Cultural villages {year}: the review is due before {due}; "
                           "{n} of {total} communes have no decision yet: {names}.").format(
                year=note.year, due=due, n=len(note.pending), total=note.total, names=names))
        self.show()
