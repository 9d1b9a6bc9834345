"""The candidate form: the fields that fit each kind, duplicate warning before saving."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import text
from app.dates import parse_partial_date
from app.errors import DomainError
from app.i18n import _
from app.models.enums import (
    CandidateKind,
    Status,
    SubjectGroup,
)
from app.services.detail import candidate_input
from app.services.evidence import add_evidence, list_evidence
from app.services.labels import ETHNIC_GROUPS, GENDER_LABELS, KIND_LABELS, label
from app.services.register import CandidateInput, DuplicateWarning, save_candidate
from app.services.unit_choices import unit_choices
from app.ui.context import AppContext
from app.ui.dialogs import ErrorLabel, choose_evidence_files
from app.ui.ops import DbOp
from app.ui.stale import changed_elsewhere, is_stale, load_failed, refresh_views
from app.ui.unit_combo import UnitChooser

PERSON_FIELDS = ("ho", "ten_dem", "ten", "gender", "birth", "ethnicity", "position", "workplace")
ORG_FIELDS = ("org_kind", "head_name", "members_count")
COOP_FIELDS = ("registration_no", "revenue")


def _choices(session: Any, unit: str | None) -> dict[str, Any]:
    from app.services import choices

    return {"units": unit_choices(session, villages=True, keep=unit),
            "models": [(f"{m.code} – {m.name}", m.code, m.subject_group)
                       for m in choices.model_types(session)],
            "movements": choices.movements(session), "agencies": choices.lead_agencies(session)}


class CandidateForm(QDialog):
    """Register a new candidate or edit one (``candidate_id``), with its evidence files."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None,
                 default_unit: str | None = None, candidate_id: str | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.candidate_id = candidate_id
        self.saved_id: str | None = None
        self.pending_files: list[Path] = []
        self._status = Status.DISCOVERED  # kept as it is when editing
        self.setWindowTitle(_("Edit candidate") if candidate_id else _("New candidate"))
        self.resize(760, 680)
        self.f: dict[str, QWidget] = {}
        form = QFormLayout()
        self.form = form
        kind = QComboBox()
        for code in CandidateKind.ALL:
            kind.addItem(label(KIND_LABELS, code), code)
        self._add("kind", _("Kind"), kind)
        self._add("unit", _("Unit"), UnitChooser(villages=True))
        for key, caption in (("ho", _("Family name")), ("ten_dem", _("Middle name")),
                             ("ten", _("Given name"))):
            self._add(key, caption, QLineEdit())
        self._add("display_name", _("Full name or collective name"), QLineEdit())
        gender = QComboBox()
        gender.addItem("", None)
        for code in ("nam", "nu"):
            gender.addItem(label(GENDER_LABELS, code), code)
        self._add("gender", _("Gender"), gender)
        birth = QLineEdit()
        birth.setPlaceholderText(_("05/03/1980 or only 1980"))
        self._add("birth", _("Date or year of birth"), birth)
        ethnicity = QComboBox()
        ethnicity.setEditable(True)
        ethnicity.addItem("")
        ethnicity.addItems(list(ETHNIC_GROUPS))
        ethnicity.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self._add("ethnicity", _("Ethnic group"), ethnicity)
        for key, caption in (("position", _("Position")), ("workplace", _("Workplace")),
                             ("org_kind", _("Kind of organisation")),
                             ("head_name", _("Head or household head")),
                             ("registration_no", _("Registration number"))):
            self._add(key, caption, QLineEdit())
        members = QSpinBox()
        members.setRange(0, 1_000_000)
        self._add("members_count", _("Members"), members)
        revenue = QLineEdit()
        revenue.setPlaceholderText(_("in đồng, e.g. 1500000000"))
        self._add("revenue", _("Revenue (dong)"), revenue)
        movement = QComboBox()
        self._add("movement", _("Movement"), movement)
        model = QComboBox()
        self._add("model", _("Model type"), model)
        self._add("agency", _("Lead agency"), QComboBox())
        year = QSpinBox()
        year.setRange(2021, 2030)
        year.setValue(2025)
        self._add("year", _("Year"), year)
        summary = QPlainTextEdit()
        summary.setMinimumHeight(90)
        self._add("summary", _("Achievements"), summary)
        files = QWidget()
        files_layout = QHBoxLayout(files)
        files_layout.setContentsMargins(0, 0, 0, 0)
        self.files = QListWidget()
        self.files.setMaximumHeight(70)
        add_file = QPushButton(_("Add &file…"))
        add_file.clicked.connect(self.choose_files)
        files_layout.addWidget(self.files, 1)
        files_layout.addWidget(add_file, 0, Qt.AlignmentFlag.AlignTop)
        self._add("evidence", _("Evidence (photos, scans, PDF)"), files)

        body = QWidget()
        body.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.message = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        kind.currentIndexChanged.connect(self._kind_changed)
        for key in ("ho", "ten_dem", "ten"):
            self.f[key].textEdited.connect(self._fill_display_name)  # type: ignore[attr-defined]
        self._models: list[tuple[str, str, str]] = []
        def load(session: Any) -> dict[str, Any]:
            current = candidate_input(session, candidate_id) if candidate_id else None
            # Former units only for an old record, or an office still set to one.
            data: dict[str, Any] = _choices(
                session, current.unit_code if current else default_unit or ctx.office_unit_code)
            if candidate_id:
                data["current"] = current
                data["files"] = [e.file_name for e in list_evidence(session, candidate_id)]
            return data

        self._kind_changed()  # before the data arrive: with a synchronous load it would undo them
        self._loaded: Any = None  # the record as the form showed it, to notice changes

        def loaded(data: dict[str, Any]) -> None:
            self._loaded = data.get("current")
            self._fill(data, default_unit or ctx.office_unit_code)

        DbOp(self, ctx, load, write=False).on_success(loaded).on_failure(
            load_failed(self, ctx)).run()

    def _add(self, key: str, caption: str, widget: QWidget) -> None:
        widget.setObjectName(key)
        self.f[key] = widget
        self.form.addRow(caption, widget)

    def _fill(self, data: dict[str, list[Any]], default_unit: str | None) -> None:
        unit: UnitChooser = self.f["unit"]  # type: ignore[assignment]
        unit.set_units(data["units"])
        if default_unit:
            unit.set_code(default_unit)
        movement: QComboBox = self.f["movement"]  # type: ignore[assignment]
        movement.addItem("", None)
        for caption, code in data["movements"]:
            movement.addItem(caption, code)
        agency: QComboBox = self.f["agency"]  # type: ignore[assignment]
        agency.addItem(_("(from the movement)"), None)
        for caption, code in data["agencies"]:
            agency.addItem(caption, code)
        self._models = data["models"]
        self._kind_changed()
        current = data.get("current")
        if current is not None:
            self._show_input(current)
            for name in data.get("files", []):
                self.files.addItem(name)

    def _show_input(self, c: CandidateInput) -> None:
        """Put a stored candidate into the widgets."""
        def pick(key: str, value: Any) -> None:
            combo: QComboBox = self.f[key]  # type: ignore[assignment]
            combo.setCurrentIndex(max(0, combo.findData(value)))

        pick("kind", c.kind)
        self.f["kind"].setEnabled(False)  # a person does not become a cooperative
        self.f["unit"].set_code(c.unit_code)  # type: ignore[attr-defined]
        for key in ("ho", "ten_dem", "ten", "display_name", "position", "workplace",
                    "org_kind", "head_name", "registration_no"):
            self.f[key].setText(getattr(c, key) or "")  # type: ignore[attr-defined]
        pick("gender", c.gender)
        birth = (c.birth_date.strftime("%d/%m/%Y") if c.birth_date
                 else str(c.birth_year) if c.birth_year else "")
        self.f["birth"].setText(birth)  # type: ignore[attr-defined]
        self.f["ethnicity"].setCurrentText(c.ethnicity or "")  # type: ignore[attr-defined]
        self.f["members_count"].setValue(c.members_count or 0)  # type: ignore[attr-defined]
        self.f["revenue"].setText(str(c.revenue) if c.revenue is not None else "")  # type: ignore[attr-defined]
        pick("movement", c.movement_code)
        pick("model", c.model_type_code)
        pick("agency", c.lead_agency_code)
        if c.year:
            self.f["year"].setValue(c.year)  # type: ignore[attr-defined]
        self.f["summary"].setPlainText(c.summary)  # type: ignore[attr-defined]
        self._status = c.status

    def choose_files(self) -> None:
        self.add_files(choose_evidence_files(self))

    def add_files(self, paths: list[Path]) -> None:
        """Files kept as evidence when the form is saved (checked then, in one go)."""
        for path in paths:
            self.pending_files.append(path)
            self.files.addItem(_("{name} (to be added)").format(name=path.name))

    def _kind_changed(self) -> None:
        kind = self.kind()
        person = kind == CandidateKind.INDIVIDUAL
        for key in PERSON_FIELDS:
            self.form.setRowVisible(self.f[key], person)
        for key in ORG_FIELDS:
            self.form.setRowVisible(self.f[key], not person)
        for key in COOP_FIELDS:
            self.form.setRowVisible(self.f[key], kind in (CandidateKind.COOPERATIVE,
                                                          CandidateKind.COOP_GROUP))
        group = SubjectGroup.INDIVIDUAL if person else SubjectGroup.COLLECTIVE
        model: QComboBox = self.f["model"]  # type: ignore[assignment]
        model.clear()
        model.addItem("", None)
        for caption, code, subject in self._models:
            if subject == group:
                model.addItem(caption, code)

    def _fill_display_name(self) -> None:
        parts = [self.f[k].text() for k in ("ho", "ten_dem", "ten")]  # type: ignore[attr-defined]
        self.f["display_name"].setText(text.clean(" ".join(parts)))  # type: ignore[attr-defined]

    def kind(self) -> str:
        return self.f["kind"].currentData()  # type: ignore[attr-defined]

    def value(self, key: str) -> str:
        widget = self.f[key]
        if isinstance(widget, QLineEdit):
            return widget.text()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if isinstance(widget, QComboBox):
            data = widget.currentData()
            return data if data is not None else widget.currentText()
        return ""

    def collect(self) -> CandidateInput:
        """The form's values as a CandidateInput (raises DomainError for a bad date/number)."""
        person = self.kind() == CandidateKind.INDIVIDUAL
        birth_date, birth_year = parse_partial_date(self.value("birth")) if person else (None, None)
        revenue_text = self.value("revenue").replace(".", "").replace(" ", "")
        if revenue_text and not revenue_text.isdigit():
            from app.errors import InputError
            from app.i18n import N_

            raise InputError(N_("Revenue must be a whole number of đồng."))
        members = self.f["members_count"].value()  # type: ignore[attr-defined]
        return CandidateInput(
            kind=self.kind(), unit_code=self.f["unit"].currentData() or "",  # type: ignore[attr-defined]
            display_name=self.value("display_name"),
            ho=self.value("ho") if person else "", ten_dem=self.value("ten_dem") if person else "",
            ten=self.value("ten") if person else "",
            gender=self.f["gender"].currentData() if person else None,  # type: ignore[attr-defined]
            birth_year=birth_year, birth_date=birth_date,
            ethnicity=self.value("ethnicity") if person else None,
            position=self.value("position") if person else "",
            workplace=self.value("workplace") if person else "",
            org_kind="" if person else self.value("org_kind"),
            head_name="" if person else self.value("head_name"),
            members_count=None if person or not members else members,
            registration_no=self.value("registration_no") if not person else "",
            revenue=int(revenue_text) if revenue_text and not person else None,
            movement_code=self.f["movement"].currentData(),  # type: ignore[attr-defined]
            model_type_code=self.f["model"].currentData(),  # type: ignore[attr-defined]
            lead_agency_code=self.f["agency"].currentData(),  # type: ignore[attr-defined]
            status=self._status, id=self.candidate_id,
            year=self.f["year"].value(), summary=self.value("summary"),  # type: ignore[attr-defined]
        )

    def save(self, allow_duplicate: bool = False) -> None:
        try:
            data = self.collect()
        except DomainError as exc:
            self.message.setText(exc.message())
            return
        user = self.ctx.user_name

        files = list(self.pending_files)
        shown = self._loaded

        def work(session: Any) -> str:
            if shown is not None and candidate_input(session, shown.id) != shown:
                raise changed_elsewhere()  # never write this form over someone else's change
            saved = save_candidate(session, data, user=user,
                                   allow_duplicate=allow_duplicate).candidate_id
            for path in files:  # a bad file refuses the whole save: nothing half-written
                add_evidence(session, saved, path)
            return saved

        DbOp(self, self.ctx, work).on_success(self._saved).on_failure(self._failed).run()

    def _saved(self, candidate_id: str) -> None:
        self.saved_id = candidate_id
        self.ctx.signals.candidates_changed.emit()
        self.ctx.signals.candidate_saved.emit(candidate_id)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, DuplicateWarning):
            answer = QMessageBox.question(self, _("Possible duplicate"), exc.message())
            if answer == QMessageBox.StandardButton.Yes:
                self.save(allow_duplicate=True)
            return
        self.message.show_failure(self.ctx, exc)
        if is_stale(exc):
            refresh_views(self.ctx)
