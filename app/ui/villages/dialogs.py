"""The procedure's dialogs: the review meeting, the public posting, the decision."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.villages import procedure
from app.ui.context import AppContext
from app.ui.dialogs import ErrorLabel
from app.ui.ops import DbOp


def _date_edit(d: date) -> QDateEdit:
    edit = QDateEdit(QDate(d.year, d.month, d.day))
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    return edit


def _py(edit: QDateEdit) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


class _StepDialog(QDialog):
    """A form whose Save runs one procedure step in a database operation."""

    def __init__(self, ctx: AppContext, commune: str, year: int, title: str,
                 parent: QWidget | None) -> None:
        super().__init__(parent)
        self.ctx, self.commune, self.year = ctx, commune, year
        self.setWindowTitle(title)
        self.resize(560, 360)
        self.form = QFormLayout()
        self.message = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def step(self, session: Any) -> Any:
        raise NotImplementedError

    def save(self) -> None:
        user = self.ctx.user_name
        DbOp(self, self.ctx, lambda s: self.step(s, user)).on_success(
            lambda _r: self.accept()).on_failure(
            lambda exc: self.message.show_failure(self.ctx, exc)).run()


class MeetingDialog(_StepDialog):
    """Biên bản họp bình xét: date, chair, secretary, invited and present, voting method.
    The votes for each village are those typed in the grid's votes column."""

    def __init__(self, ctx: AppContext, commune: str, year: int, votes: dict[str, int | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, commune, year, _("Review meeting of the council"), parent)
        self.votes = votes
        self.held_on = _date_edit(date(year, 11, 10))
        self.place = QLineEdit(_("Hall of the commune People's Committee"))
        self.chair, self.secretary = QLineEdit(), QLineEdit()
        self.invited, self.present = QSpinBox(), QSpinBox()
        for box in (self.invited, self.present):
            box.setRange(0, 500)
        self.method = QComboBox()
        self.method.setEditable(True)
        self.method.addItems(["Biểu quyết giơ tay", "Bỏ phiếu kín"])
        self.form.addRow(_("Held on"), self.held_on)
        self.form.addRow(_("Place"), self.place)
        self.form.addRow(_("Chair"), self.chair)
        self.form.addRow(_("Secretary"), self.secretary)
        self.form.addRow(_("Invited"), self.invited)
        self.form.addRow(_("Present"), self.present)
        self.form.addRow(_("Voting method"), self.method)
        typed = sum(1 for v in votes.values() if v is not None)
        note = QLabel(_("Votes for each village are taken from the grid ({typed} of {n} "
                        "typed).").format(typed=typed, n=len(votes)))
        note.setWordWrap(True)
        self.form.addRow(note)

    def step(self, session: Any, user: str = "") -> Any:
        meeting = procedure.Meeting(
            held_on=_py(self.held_on), chair=self.chair.text(), secretary=self.secretary.text(),
            invited=self.invited.value(), present=self.present.value(),
            voting_method=self.method.currentText(), place=self.place.text(),
            votes={c: v for c, v in self.votes.items() if v is not None})
        return procedure.record_meeting(session, self.commune, self.year, meeting, user)


class PostingDialog(_StepDialog):
    """Niêm yết công khai: where, from when (to when: 10 days by default), objections."""

    def __init__(self, ctx: AppContext, commune: str, year: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, commune, year, _("Public posting of the list"), parent)
        self.place = QLineEdit(_("Cultural houses of the villages and the commune office"))
        self.posted_from = _date_edit(date(year, 11, 12))
        self.objections = QPlainTextEdit()
        self.objections.setPlaceholderText(_("Objections received and how they were settled"))
        self.form.addRow(_("Posted at"), self.place)
        self.form.addRow(_("From"), self.posted_from)
        self.form.addRow(_("Objections"), self.objections)

    def step(self, session: Any, user: str = "") -> Any:
        return procedure.post_list(session, self.commune, self.year, procedure.Posting(
            self.place.text(), _py(self.posted_from), None, self.objections.toPlainText()), user)


class DecisionDialog(_StepDialog):
    """The decision recognising the villages: number, date, authority."""

    def __init__(self, ctx: AppContext, commune: str, year: int, authority: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, commune, year, _("Decision recognising the villages"), parent)
        self.number = QLineEdit()
        self.number.setPlaceholderText("15/QĐ-UBND")
        self.decided_on = _date_edit(date(year, 11, 24))
        self.authority = QLineEdit(authority)
        self.form.addRow(_("Decision number"), self.number)
        self.form.addRow(_("Decided on"), self.decided_on)
        self.form.addRow(_("Deciding authority"), self.authority)

    def step(self, session: Any, user: str = "") -> Any:
        return procedure.decide(session, self.commune, self.year, procedure.DecisionInfo(
            self.number.text(), _py(self.decided_on), self.authority.text()), user)


class ReasonDialog(_StepDialog):
    """Unlocking a year, or returning it to scoring: the reason is recorded."""

    def __init__(self, ctx: AppContext, commune: str, year: int, unlock: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(ctx, commune, year, _("Unlock the year") if unlock
                         else _("Return the year to scoring"), parent)
        self.unlock = unlock
        self.reason = QLineEdit()
        self.form.addRow(_("Reason"), self.reason)

    def step(self, session: Any, user: str = "") -> Any:
        fn = procedure.unlock if self.unlock else procedure.reopen
        return fn(session, self.commune, self.year, self.reason.text(), user)
