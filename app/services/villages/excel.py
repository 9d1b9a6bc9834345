"""The village grid in Excel: one sheet per year, villages in rows, the scheme's items in
columns (headed with the standard's number), the statistics, the votes and the result.

Import previews every change and every error (village, item, reason) and writes nothing
until confirmed; a sheet of another commune or year, unknown villages or unknown items are
refused by row; importing the same file again changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from app import text
from app.errors import DomainError, InputError
from app.i18n import N_, _
from app.services.excel import _write_whole
from app.services.villages import engine, grid
from app.services.villages.grid import COUNCIL, SELF, Entry

META_COMMUNE, META_YEAR, META_SCHEME = "Mã xã", "Năm", "Bộ tiêu chí"
CODE_HEADER, NAME_HEADER, VOTES_HEADER, RESULT_HEADER = ("Mã thôn", "Tên thôn, tổ dân phố",
                                                         "Số phiếu tán thành", "Kết quả")
SELF_SUFFIX, COUNCIL_SUFFIX = " (thôn tự chấm)", " (hội đồng xã)"


def _headers(g: grid.Grid) -> list[tuple[str, str, str | None]]:
    """(header, what, assessor) per column after the code and the name."""
    cols: list[tuple[str, str, str | None]] = [
        (_(grid.STAT_LABELS[k]), "stat:" + k, None) for k in g.stat_keys]
    for who, suffix in ((SELF, SELF_SUFFIX), (COUNCIL, COUNCIL_SUFFIX)):
        for item in g.rules.items:
            cols.append((f"{item.code} {item.text}{suffix}", "item:" + item.code, who))
    cols.append((VOTES_HEADER, "votes", None))
    return cols


def export_grid(session: Session, commune_code: str, years: list[int], path: Path | str) -> int:
    """Write the commune's grids of ``years`` (one sheet each); returns the rows written."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    grids = [grid.load_grid(session, commune_code, y) for y in years]
    wb = Workbook()
    wb.remove(wb.active)
    rows = 0
    for g in grids:
        ws = wb.create_sheet(f"Năm {g.year}")
        ws.append([META_COMMUNE, g.commune_code, META_YEAR, g.year, META_SCHEME,
                   f"{g.rules.code} (phiên bản {g.rules.version})", g.commune_name])
        cols = _headers(g)
        ws.append([CODE_HEADER, NAME_HEADER, *[c[0] for c in cols], RESULT_HEADER])
        for cell in ws[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for r in g.rows:
            line: list[Any] = [r.code, r.name]
            for _h, what, who in cols:
                if what.startswith("stat:"):
                    line.append(r.stats.get(what[5:]))
                elif what.startswith("item:"):
                    line.append(r.values.get(who or COUNCIL, {}).get(what[5:]))
                else:
                    line.append(r.votes_for)
            line.append(r.result[COUNCIL].summary())
            ws.append([int(v) if isinstance(v, float) and v.is_integer() else v for v in line])
            rows += 1
        ws.freeze_panes = "C3"
        ws.column_dimensions["B"].width = 24
    _write_whole(Path(path), wb.save)
    return rows


@dataclass
class Change:
    """One value the import would change."""

    sheet: str
    village: str
    what: str
    old: float | None
    new: float | None


@dataclass
class CellError:
    """A refused row or value: where, and why."""

    sheet: str
    row: int
    village: str
    item: str
    reason: str


@dataclass
class VillageImport:
    """What importing a file would do: per (commune, year) the entries, and the errors."""

    path: Path
    changes: list[Change] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    batches: dict[tuple[str, int], list[Entry]] = field(default_factory=dict)

    def as_json(self, imported: int, dry_run: bool) -> dict:
        return {"file": str(self.path), "changes": [
            {"sheet": c.sheet, "village": c.village, "item": c.what, "old": c.old, "new": c.new}
            for c in self.changes], "imported": imported, "dry_run": dry_run,
            "errors": [{"sheet": e.sheet, "row": e.row, "village": e.village, "item": e.item,
                        "message": e.reason} for e in self.errors]}


def _number(value: Any) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    cleaned = text.clean(str(value)).replace(",", ".")
    if text.fold(cleaned) in ("co", "x", "dat"):
        return 1.0
    if text.fold(cleaned) in ("khong",):
        return 0.0
    return float(cleaned)


def preview_import(session: Session, path: Path | str, commune_code: str | None = None,
                   year: int | None = None) -> VillageImport:
    """Read the file and check every value against the grids; nothing is written."""
    from openpyxl import load_workbook

    path = Path(path)
    if not path.exists():
        raise InputError(N_("The file {path} does not exist."), path=str(path))
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputError(N_("{path} is not an Excel workbook (.xlsx) or it is damaged. Open it "
                            "in Excel, save it as .xlsx and try again."), path=path.name) from exc
    out = VillageImport(path)
    try:
        for ws in wb.worksheets:
            _preview_sheet(session, ws.title, [list(r) for r in ws.iter_rows(values_only=True)],
                           out, commune_code, year)
    finally:
        wb.close()
    return out


def _preview_sheet(session: Session, title: str, rows: list[list[Any]], out: VillageImport,
                   commune_code: str | None, year: int | None) -> None:
    meta = rows[0] if rows else []
    if len(meta) < 4 or meta[0] != META_COMMUNE or meta[2] != META_YEAR or len(rows) < 2:
        out.errors.append(CellError(title, 1, "", "", _("The sheet is not a village scoring "
                                                        "sheet exported by DHTT.")))
        return
    s_commune, s_year = str(meta[1]), int(meta[3])
    if (commune_code and s_commune != commune_code) or (year and s_year != year):
        out.errors.append(CellError(title, 1, "", "", _(
            "The sheet is for commune {code}, year {year}, not the one chosen.").format(
            code=s_commune, year=s_year)))
        return
    try:
        g = grid.load_grid(session, s_commune, s_year)
    except DomainError as exc:
        out.errors.append(CellError(title, 1, "", "", exc.message()))
        return
    known_items = {i.code for i in g.rules.items}
    columns: list[tuple[str, str, str | None] | None] = []
    for header in rows[1][2:]:
        columns.append(_column_of(str(header or ""), g, known_items))
    entries: list[Entry] = []
    for n, row in enumerate(rows[2:], start=3):
        if not row or row[0] is None:
            continue
        code = str(row[0])
        try:
            village = g.row(code)
        except InputError:
            out.errors.append(CellError(title, n, code, "", _("Unknown village {code} in this "
                                                              "commune.").format(code=code)))
            continue
        for col, spec in zip(range(2, len(row)), columns, strict=False):
            if spec is None:
                header = str(rows[1][col] or "")
                if header and header != RESULT_HEADER:
                    out.errors.append(CellError(title, n, village.name, header,
                                                _("Unknown item in the scheme.")))
                continue
            _kind, key, who = spec
            try:
                value = _number(row[col])
            except ValueError:
                out.errors.append(CellError(title, n, village.name, key,
                                            _("Not a number: {value}").format(value=row[col])))
                continue
            entry = (Entry(code, stat=key, value=value) if _kind == "stat"
                     else Entry(code, votes=True, value=value) if _kind == "votes"
                     else Entry(code, item=key, value=value, assessor=who or COUNCIL))
            old = (village.stats.get(key) if _kind == "stat" else village.votes_for
                   if _kind == "votes" else village.values.get(who or COUNCIL, {}).get(key))
            if old == value:
                continue
            try:
                grid.apply_entry(g, entry)
            except DomainError as exc:
                out.errors.append(CellError(title, n, village.name, key, exc.message()))
                continue
            entries.append(entry)
            label = key if _kind != "stat" else _(grid.STAT_LABELS[key])
            out.changes.append(Change(title, village.name, label + (
                SELF_SUFFIX if who == SELF else ""), old, value))
    if entries:
        out.batches[(s_commune, s_year)] = entries


def _column_of(header: str, g: grid.Grid,
               known_items: set[str]) -> tuple[str, str, str | None] | None:
    if header == VOTES_HEADER:
        return ("votes", "", None)
    for key in grid.STAT_LABELS:
        if header == _(grid.STAT_LABELS[key]):
            return ("stat", key, None)
    code = header.split(" ", 1)[0]
    if code in known_items:
        return ("item", code, SELF if header.endswith(SELF_SUFFIX) else COUNCIL)
    return None


def apply_import(session: Session, preview: VillageImport) -> int:
    """Write the previewed changes (only when the file had no errors); returns how many."""
    if preview.errors:
        raise InputError(N_("The file has errors; nothing was imported."))
    for (commune, year), entries in preview.batches.items():
        grid.save_entries(session, commune, year, entries)
    return len(preview.changes)


def fmt_value(value: float | None) -> str:
    return "" if value is None else engine.fmt(value)
