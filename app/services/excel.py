"""Excel in and out: export the filtered list, the import template, import with a preview.

Import never writes before the user confirms: ``preview_import`` reads and checks every
row (bad rows listed with their row, column and reason in Vietnamese); ``apply_import``
then writes all good rows in one transaction. Rows already in the register (same id, or
same normalised name, birth year and unit) are skipped, so importing the same file twice
adds nothing twice. Column headers are matched without diacritics, in any order, so files
made by other programs are read too.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app import text
from app.dates import parse_partial_date
from app.errors import Cancelled, DomainError, InputError
from app.i18n import N_, _
from app.models import AdminUnit, Candidate, CandidateKind, LeadAgency, ModelType, Movement
from app.outputs import write_output
from app.services.candidates import CandidateFilter, find_candidates
from app.services.labels import ETHNIC_GROUPS, KIND_LABELS, STATUS_LABELS, label
from app.services.register import (
    CandidateInput,
    RegisteredKeys,
    normalise_ethnicity,
    registered_keys,
    save_candidate,
    save_validated,
    validate,
)
from app.services.xlsx_writer import looks_like_formula, write_table
from app.short_code import as_short_code, looks_like_uuid, short_code_of

# (field, header shown in our files, other headers accepted — all compared folded)
COLUMNS: list[tuple[str, str, tuple[str, ...]]] = [
    ("id", N_("ID"), ("ma", "ma so", "uuid")),
    ("kind", N_("Kind"), ("loai doi tuong", "doi tuong", "loai")),
    ("ho", N_("Family name"), ("ho",)),
    ("ten_dem", N_("Middle name"), ("ten dem", "ten lot")),
    ("ten", N_("Given name"), ("ten",)),
    ("display_name", N_("Full name or collective name"),
     ("ho va ten", "ho ten", "ten tap the", "ten don vi", "ten hien thi")),
    ("gender", N_("Gender"), ("gioi tinh", "phai")),
    ("birth", N_("Date or year of birth"), ("ngay sinh", "nam sinh", "ngay thang nam sinh")),
    ("ethnicity", N_("Ethnic group"), ("dan toc",)),
    ("position", N_("Position"), ("chuc vu",)),
    ("workplace", N_("Workplace"), ("noi cong tac", "co quan")),
    ("head_name", N_("Head or household head"), ("nguoi dung dau", "chu ho")),
    ("members_count", N_("Members"), ("so thanh vien", "so nguoi", "thanh vien")),
    ("registration_no", N_("Registration number"), ("so dang ky", "ma so thue")),
    ("revenue", N_("Revenue (dong)"), ("doanh thu",)),
    ("unit_code", N_("Unit code"), ("ma don vi", "ma xa", "don vi")),
    ("movement_code", N_("Movement code"), ("ma phong trao", "phong trao")),
    ("model_type_code", N_("Model type"), ("loai mo hinh", "mo hinh")),
    ("lead_agency_code", N_("Lead agency code"), ("ma co quan chu tri", "co quan chu tri")),
    ("year", N_("Year"), ("nam", "nam dang ky")),
    ("summary", N_("Achievements"), ("thanh tich", "tom tat thanh tich")),
]
FIELD_HEADER = {f: h for f, h, _a in COLUMNS}
REQUIRED = ("kind", "unit_code")
MAX_ROWS = 200_000


@dataclass
class RowError:
    """One problem of one row, as the preview lists it."""

    row: int
    column: str
    message: str


@dataclass
class ImportPreview:
    """What an import would do; nothing is written yet."""

    path: Path
    good: list[tuple[int, CandidateInput]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    already: list[int] = field(default_factory=list)  # rows skipped: already registered
    # The checked column values of each good row (row number → values), so that writing
    # does not validate every row a second time.
    values: dict[int, dict[str, Any]] = field(default_factory=dict)
    # What the window shows and gives back: the file's header, the cells of refused rows,
    # and names of the units, model types and movements the good rows were understood as.
    header: list[Any] = field(default_factory=list)
    refused_cells: dict[int, list[Any]] = field(default_factory=dict)
    unit_names: dict[str, str] = field(default_factory=dict)
    model_names: dict[str, str] = field(default_factory=dict)

    @property
    def bad_rows(self) -> set[int]:
        return {e.row for e in self.errors}


def _header_map(header: list[Any]) -> dict[int, str]:
    aliases: dict[str, str] = {}
    for fld, shown, extra in COLUMNS:
        aliases[text.fold(shown)] = fld
        aliases[text.fold(_(shown))] = fld
        for a in extra:
            aliases.setdefault(a, fld)
    found: dict[int, str] = {}
    for i, cell in enumerate(header):
        key = text.fold(str(cell)) if cell is not None else ""
        if key in aliases and aliases[key] not in found.values():
            found[i] = aliases[key]
    return found


MAX_COLUMNS = 64  # columns read per row: the import has 21, other programs add a few
MAX_INFLATED = 400 * 1024 * 1024  # what the parts of a workbook may expand to, in bytes


def _check_inflated_size(path: Path) -> None:
    """Refuse a workbook whose parts would expand beyond MAX_INFLATED (a "zip bomb": a 2 MB
    file that inflates to 2 GB), from the sizes in its directory, before reading any part.
    Python's zip reader stops at the declared size, so a part cannot lie its way past."""
    try:
        with zipfile.ZipFile(path) as zf:
            inflated = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # load_workbook says it is not a workbook
    if inflated > MAX_INFLATED:
        raise InputError(N_("{path} would expand to {size} MB when read (at most {limit} MB "
                            "are allowed): it is not a normal register list. Split it into "
                            "smaller files or save it again from Excel."), path=path.name,
                         size=inflated // (1024 * 1024), limit=MAX_INFLATED // (1024 * 1024))


def _open_rows(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook

    if not path.exists():
        raise InputError(N_("The file {path} does not exist."), path=str(path))
    _check_inflated_size(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputError(N_("{path} is not an Excel workbook (.xlsx) or it is damaged. Open it "
                            "in Excel, save it as .xlsx and try again."), path=path.name) from exc
    try:
        sheet = wb.worksheets[0]
        rows = []
        from app.services.xlsx_reader import fast_reader_available, iter_values

        values = (iter_values(sheet, MAX_COLUMNS) if fast_reader_available()
                  and hasattr(sheet, "_get_source") else
                  sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS))
        # The row limit is checked while reading: a sheet of millions of rows is refused
        # as soon as the limit is passed, not after all of them are in memory.
        for row in values:
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:  # the header row and MAX_ROWS data rows
                raise InputError(N_("{path} has more than {n} rows; split it into smaller "
                                    "files."), path=path.name, n=MAX_ROWS)
    except InputError:
        raise
    except Exception as exc:  # a part that is damaged inside a readable zip
        raise InputError(N_("{path} is not an Excel workbook (.xlsx) or it is damaged. Open it "
                            "in Excel, save it as .xlsx and try again."), path=path.name) from exc
    finally:
        wb.close()
    return rows


# The folded names of the kinds: folded once, not five times for every row.
_fold_label = lru_cache(maxsize=256)(text.fold)


def _kind(value: Any) -> str:
    folded = text.fold(str(value or ""))
    for code in CandidateKind.ALL:
        if folded in (code.replace("_", " "), _fold_label(label(KIND_LABELS, code))):
            return code
    raise InputError(N_("unknown kind \"{value}\" (use Cá nhân, Tập thể, Hộ gia đình, Hợp tác "
                        "xã or Tổ hợp tác)"), value=value)


# The largest whole number a column may hold: SQLite's INTEGER is 64-bit; no count or
# revenue in the register comes near 10^15 (a thousand thousand billion đồng).
MAX_WHOLE_NUMBER = 10 ** 15


def _int(value: Any) -> int | None:
    """A whole number from a cell; "nan", "inf", "1e400" and numbers too large for the
    database are refused here, with the row and column, not by SQLite at import time."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InputError(N_("\"{value}\" is not a number"), value=value)
    if isinstance(value, int):
        number: float | int = value
    else:
        try:
            number = float(str(value).replace(".", "").replace(",", ".")) \
                if isinstance(value, str) else float(value)
        except (ValueError, OverflowError) as exc:
            raise InputError(N_("\"{value}\" is not a number"), value=value) from exc
        if not math.isfinite(number):
            raise InputError(N_("\"{value}\" is not a number"), value=value)
    if number < 0:
        raise InputError(N_("{value} is negative"), value=value)
    if number > MAX_WHOLE_NUMBER:
        raise InputError(N_("{value} is too large (at most {max})"), value=value,
                         max=f"{MAX_WHOLE_NUMBER:,}".replace(",", "."))
    return int(number)


def _gender(value: Any) -> str | None:
    folded = text.fold(str(value or ""))
    if not folded:
        return None
    if folded in ("nam", "male", "m"):
        return "nam"
    if folded in ("nu", "female", "f"):
        return "nu"
    raise InputError(N_("unknown gender \"{value}\" (use Nam or Nữ)"), value=value)


def _parse_row(raw: dict[str, Any]) -> CandidateInput:
    """Turn one row into a CandidateInput; InputError carries the column in ``field``."""
    values: dict[str, Any] = {}
    for fld in ("ho", "ten_dem", "ten", "display_name", "position", "workplace", "head_name",
                "registration_no", "summary", "unit_code", "movement_code", "model_type_code",
                "lead_agency_code", "id"):
        cell = raw.get(fld)
        values[fld] = text.clean(str(cell)) if cell is not None else ""
        if fld == "unit_code" and isinstance(cell, float) and cell.is_integer():
            values[fld] = str(int(cell))
    parsers = {
        "kind": _kind, "gender": _gender, "members_count": _int, "revenue": _int,
        "year": _int, "ethnicity": normalise_ethnicity,
    }
    for fld, parse in parsers.items():
        try:
            values[fld] = parse(raw.get(fld))
        except InputError as exc:
            exc.params["field"] = fld
            raise
    try:
        birth_date, birth_year = parse_partial_date(raw.get("birth"))
    except InputError as exc:
        exc.params["field"] = "birth"
        raise
    if values["year"] is not None and not 2000 <= values["year"] <= 2100:
        raise InputError(N_("the year {year} is not possible"), year=values["year"], field="year")
    return CandidateInput(
        kind=values["kind"], unit_code=values["unit_code"], display_name=values["display_name"],
        ho=values["ho"], ten_dem=values["ten_dem"], ten=values["ten"], gender=values["gender"],
        birth_year=birth_year, birth_date=birth_date, ethnicity=values["ethnicity"],
        position=values["position"], workplace=values["workplace"],
        head_name=values["head_name"], members_count=values["members_count"],
        registration_no=values["registration_no"], revenue=values["revenue"],
        movement_code=values["movement_code"] or None,
        model_type_code=values["model_type_code"] or None,
        lead_agency_code=values["lead_agency_code"] or None, year=values["year"],
        summary=values["summary"], id=values["id"] or None,
    )


Progress = Callable[[int, int], bool]
STEP = 250  # rows between two progress reports


def preview_import(session: Session, path: Path | str,
                   progress: Progress | None = None) -> ImportPreview:
    """Read and check every row of ``path``; write nothing. ``progress(done, total)`` is
    told every few hundred rows; returning False stops with :class:`Cancelled`."""
    path = Path(path)
    rows = _open_rows(path)
    if not rows:
        raise InputError(N_("{path} is empty."), path=path.name)
    header = _header_map(rows[0])
    missing = [f for f in REQUIRED if f not in header.values()]
    if "ten" not in header.values() and "display_name" not in header.values():
        missing.append("display_name")
    if missing:
        raise InputError(N_("{path} lacks the columns: {columns}. Use the import template "
                            "(dhtt export-template)."), path=path.name,
                         columns=", ".join(_(FIELD_HEADER[f]) for f in missing))
    from app.services.excel_names import NameResolver

    names = NameResolver(session)
    preview = ImportPreview(path, header=list(rows[0]), unit_names=names.unit_names,
                            model_names=names.models)
    checked: list[tuple[int, CandidateInput, dict[str, Any]]] = []
    total = len(rows) - 1
    for number, cells in enumerate(rows[1:], start=2):
        if progress is not None and (number - 1) % STEP == 0 and not progress(number - 1, total):
            raise Cancelled()
        if not any(c is not None and str(c).strip() for c in cells):
            continue
        raw = names.resolve({fld: cells[i] for i, fld in header.items() if i < len(cells)})
        try:
            data = _parse_row(raw)
            values = validate(session, data)
        except DomainError as exc:
            column = exc.params.pop("field", None)
            preview.errors.append(RowError(number, _(FIELD_HEADER[column]) if column else "",
                                           exc.message()))
            preview.refused_cells[number] = list(cells)
            continue
        checked.append((number, data, values))
    registered = registered_keys(session, (values["name_search"] for _n, _d, values in checked))
    checked = _recognise_short_codes(session, checked)
    known_ids = {d.id for _n, d, _v in checked if d.id}
    if known_ids:
        known_ids = set(session.scalars(select(Candidate.id).where(
            Candidate.id.in_(list(known_ids)))))
    # An id this file does not hold (a row of another office's export, or of a file made
    # elsewhere) is a new candidate here, checked for duplicates by name like any other;
    # writing it as an update would refuse the whole file with "no longer exists".
    checked = [(n, replace(d, id=None) if d.id and d.id not in known_ids else d, v)
               for n, d, v in checked]
    seen = RegisteredKeys()  # the same person twice in the file counts once
    for number, data, values in checked:
        if (data.id and data.id in known_ids) or values in registered or values in seen:
            preview.already.append(number)
            continue
        seen.add(values)
        preview.good.append((number, data))
        preview.values[number] = values
    return preview


def _recognise_short_codes(session: Session, checked: list[tuple[int, CandidateInput,
                                                                 dict[str, Any]]]
                           ) -> list[tuple[int, CandidateInput, dict[str, Any]]]:
    """Rows whose first column is a short code ("K7Q2-M9XD", what the export writes since
    issue 7 point 8) get the id of the candidate with that code, so a re-imported row is
    "already registered"; a code this file does not know is a new candidate (a row from
    another office's export), checked for duplicates by name like any other. Ids written
    as UUIDs (files exported before) are left as they are."""
    codes: dict[str, str] = {}
    for _n, d, _v in checked:
        code = as_short_code(d.id) if d.id and not looks_like_uuid(d.id) else None
        if d.id and code:
            codes[d.id] = code
    if not codes:
        return checked
    wanted = sorted(set(codes.values()))
    found: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        for code, cid in session.execute(select(Candidate.short_code, Candidate.id).where(
                Candidate.short_code.in_(wanted[start:start + 500]))):
            found[str(code)] = cid
    return [(n, replace(d, id=found.get(codes[d.id or ""])) if d.id in codes else d, v)
            for n, d, v in checked]


def apply_import(session: Session, preview: ImportPreview, user: str = "",
                 progress: Progress | None = None) -> int:
    """Write the good rows of a preview (call inside one transaction); return how many.
    Cancelling through ``progress`` raises :class:`Cancelled` and the transaction is
    rolled back, so nothing is half-imported."""
    total = len(preview.good)
    from app.services.excel_write import can_write_in_bulk, write_new_candidates

    checked = [(data, preview.values[number]) for number, data in preview.good
               if number in preview.values]
    if len(checked) == total and can_write_in_bulk(checked):
        return write_new_candidates(session, checked, user=user, progress=progress, step=STEP)
    for done, (number, data) in enumerate(preview.good, start=1):
        values = preview.values.get(number)
        if values is None:
            save_candidate(session, data, user=user, allow_duplicate=True, flush=False)
        else:
            save_validated(session, data, dict(values), user=user, allow_duplicate=True,
                           flush=False)
        if progress is not None and done % STEP == 0 and not progress(done, total):
            raise Cancelled()
    session.flush()
    return len(preview.good)


def write_refused(preview: ImportPreview, path: Path | str) -> int:
    """The refused rows of ``preview`` into ``path`` (an .xlsx), with a column saying why."""
    from app.services.excel_names import write_refused_rows

    reasons: dict[int, list[str]] = {}
    for e in preview.errors:
        reasons.setdefault(e.row, []).append(f"{e.column}: {e.message}" if e.column
                                             else e.message)
    rows = [(preview.refused_cells.get(n, []), "; ".join(reasons[n])) for n in sorted(reasons)]
    return write_refused_rows(path, preview.header, rows, _("Why refused"), _("Candidates"))


# --- export ------------------------------------------------------------------------------

EXPORT_FIELDS = [f for f, _h, _a in COLUMNS] + ["status"]


def export_candidates(session: Session, path: Path | str, f: CandidateFilter) -> int:
    """Write the candidates matching ``f`` to an .xlsx file in the import's columns, in
    Vietnamese order; return how many rows. The file is complete or not there at all."""
    path = Path(path)
    _require_xlsx(path)
    unit = aliased(AdminUnit)
    ids = [r.id for r in find_candidates(session, f)]
    order = {cid: i for i, cid in enumerate(ids)}
    rows: list[list[Any]] = [[] for _ in ids]
    gender = {"nam": "Nam", "nu": "Nữ"}
    kinds = {k: label(KIND_LABELS, k) for k in CandidateKind.ALL}
    statuses = {k: label(STATUS_LABELS, k) for k in STATUS_LABELS}
    c = Candidate
    for chunk_start in range(0, len(ids), 900):
        chunk = ids[chunk_start:chunk_start + 900]
        result = session.execute(
            select(c.id, c.kind, c.ho, c.ten_dem, c.ten, c.display_name, c.gender,
                   c.birth_date, c.birth_year, c.ethnicity, c.position, c.workplace,
                   c.head_name, c.members_count, c.registration_no, c.revenue, c.unit_code,
                   Movement.code, ModelType.code, LeadAgency.code, c.year, c.summary,
                   c.status, unit.name, c.short_code)
            .join(unit, unit.code == c.unit_code)
            .outerjoin(ModelType, ModelType.id == c.model_type_id)
            .outerjoin(Movement, Movement.id == c.movement_id)
            .outerjoin(LeadAgency, LeadAgency.id == c.lead_agency_id)
            .where(c.id.in_(chunk)))
        for (cid, kind, ho, dem, ten, name, sex, birth_date, birth_year, *middle,
             status, unit_name, short) in result:
            birth = birth_date.strftime("%d/%m/%Y") if birth_date else birth_year
            # The short code, not the 36-character id (issue 7 point 8); the import
            # recognises both.
            rows[order[cid]] = [short or short_code_of(cid), kinds.get(kind, kind), ho, dem,
                                ten, name, gender.get(sex or "", ""), birth, *middle,
                                statuses.get(status, status), unit_name]
    header = [_(FIELD_HEADER[col]) for col, _h, _a in COLUMNS] + [_("Status"), _("Unit")]
    widths = [WIDTHS.get(col, 14) for col, _h, _a in COLUMNS] + [16, 24]
    _write_whole(path, lambda tmp: write_table(tmp, _("Candidates"), header, rows, widths))
    return len(ids)


WIDTHS = {"id": 10, "ho": 12, "ten_dem": 12, "ten": 10, "display_name": 30, "summary": 50,
          "workplace": 24, "position": 18}


def _write_whole(path: Path, write: Callable[[Path], Any]) -> None:
    """``write`` a temporary file beside ``path``, then put it in place: the file is
    complete or not there at all (a full USB stick leaves nothing half-written)."""
    write_output(path, write)


def _require_xlsx(path: Path) -> None:
    """The exports are Excel workbooks: a name ending in .csv (or anything else) would get
    an .xlsx inside and confuse whoever opens it, so it is refused."""
    if path.suffix.lower() != ".xlsx":
        raise InputError(N_("{file}: the list is written as an Excel file; give a name ending "
                            "in .xlsx."), file=path.name)


def _text_cell(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Put ``value`` in a cell as text, never as a formula: openpyxl takes a string that
    starts with "=" for a formula, so a unit or code "=HYPERLINK(…)" would run in Excel.
    The quote prefix keeps it text even when someone edits the cell in Excel."""
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    return cell


def export_template(session: Session, path: Path | str) -> None:
    """An empty import sheet with drop-down lists for kind, unit, model type, ethnicity."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    _require_xlsx(path)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Candidates")
    headers = [_(h) for _f, h, _a in COLUMNS]
    for col, header_text in enumerate(headers, start=1):
        _text_cell(ws, 1, col, header_text).font = Font(bold=True)
    lists = wb.create_sheet("DanhMuc")
    lists.sheet_state = "hidden"
    kinds = [label(KIND_LABELS, k) for k in CandidateKind.ALL]
    from app.services.excel_names import unit_caption
    from app.services.unit_choices import unit_choices

    # Names (with the official code) in the lists; the import accepts names and codes.
    units = [unit_caption(u.label, u.official_code)
             for u in unit_choices(session, villages=True)]
    models = [f"{m.code} – {m.name}" for m in session.scalars(
        select(ModelType).order_by(ModelType.sort_order))]
    movements = list(session.scalars(select(Movement.name).order_by(Movement.sort_order)))
    for col, values in enumerate((kinds, units, models, list(ETHNIC_GROUPS), movements,
                                  ["Nam", "Nữ"]), start=1):
        for row, value in enumerate(values, start=1):
            _text_cell(lists, row, col, value)
    letters = "ABCDEF"
    sizes = [len(kinds), len(units), len(models), len(ETHNIC_GROUPS), len(movements), 2]
    targets = {"kind": 0, "unit_code": 1, "model_type_code": 2, "ethnicity": 3,
               "movement_code": 4, "gender": 5}
    fields = [f for f, _h, _a in COLUMNS]
    for fld, list_index in targets.items():
        col_letter = chr(ord("A") + fields.index(fld))
        ref = f"DanhMuc!${letters[list_index]}$1:${letters[list_index]}${sizes[list_index]}"
        dv = DataValidation(type="list", formula1=f"={ref}", allow_blank=True)
        dv.error = _("Choose a value from the list.")
        ws.add_data_validation(dv)
        dv.add(f"{col_letter}2:{col_letter}5000")
    for i, h in enumerate(headers):
        ws.column_dimensions[chr(ord("A") + i)].width = max(12, min(40, len(h) + 4))
    _write_whole(path, wb.save)
