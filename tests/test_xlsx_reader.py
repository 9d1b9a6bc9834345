"""The import's own reader of a sheet's cells gives exactly what openpyxl's read-only
``iter_rows(values_only=True)`` gives, on files written by openpyxl, by the program's own
writer and in the form Excel writes (shared strings, rich text, styles that make numbers
dates, gaps, cells without references); openpyxl is the independent reference."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.errors import InputError
from app.services import excel, xlsx_reader
from app.services.xlsx_writer import write_table

MAX_COL = excel.MAX_COLUMNS


@pytest.fixture(autouse=True, params=["scan", "expat"])
def reader(request, monkeypatch):
    """Every comparison twice: with the regular-expression scan first (the sheets it does
    not know go to expat) and with the expat parser alone."""
    monkeypatch.setattr(xlsx_reader, "SCAN", request.param == "scan")
    return request.param


def _both(path: Path, max_col: int = MAX_COL) -> tuple[list, list]:
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        reference = list(wb.worksheets[0].iter_rows(values_only=True, max_col=max_col))
    finally:
        wb.close()
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        ours = list(xlsx_reader.iter_values(wb.worksheets[0], max_col))
    finally:
        wb.close()
    return reference, ours


def _scanned(monkeypatch) -> list[bool]:
    """Whether the scan read each sheet read from now on (True) or left it to expat."""
    seen: list[bool] = []
    real = xlsx_reader._scanned

    def watch(parser, data):  # noqa: ANN001, ANN202
        rows = real(parser, data)
        seen.append(rows is not None)
        return rows

    monkeypatch.setattr(xlsx_reader, "_scanned", watch)
    return seen


def test_a_file_written_by_openpyxl(tmp_path, monkeypatch, reader):
    seen = _scanned(monkeypatch)
    path = tmp_path / "openpyxl.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Loại đối tượng", "Họ", "Tên", "Ngày sinh", "Năm", "Doanh thu", "Có"])
    ws.append(["Cá nhân", "Rơ Mah", "H'Lan", date(1980, 3, 2), 2025, 1.5e9, True])
    ws.append(["Hợp tác xã", None, "  khoảng trắng  ", datetime(2024, 5, 6, 7, 8, 9), 0,
               -3, False])
    ws.append([])  # an empty row in the middle
    ws.append([None, None, None, time(10, 30), 12.25, "=SUM(E2:E3)", "x" * 300])
    ws.cell(row=9, column=70, value="beyond the columns read")
    ws.cell(row=9, column=2, value="after a gap")
    wb.save(path)
    reference, ours = _both(path)
    assert ours == reference and len(ours) == 9
    assert ours[1][3] == datetime(1980, 3, 2)  # a date stays a date
    assert seen == ([True] if reader == "scan" else [])


def test_a_file_written_by_the_program(tmp_path, monkeypatch, reader):
    seen = _scanned(monkeypatch)
    path = tmp_path / "ours.xlsx"
    write_table(path, "Danh sách", ["Mã", "Họ và tên", "Năm"],
                [["K7Q2-M9XD", "Nguyễn Thị Ánh Tuyết", 2025], ["=HYPERLINK(1)", "Đinh Văn Đức",
                                                               None]], [10, 30, 8])
    reference, ours = _both(path)
    assert ours == reference and ours[1][1] == "Nguyễn Thị Ánh Tuyết"
    assert seen == ([True] if reader == "scan" else [])


SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
PKG = "http://schemas.openxmlformats.org/package/2006"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="{PKG}/content-types">
<Default Extension="rels"
 ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override
 PartName="/xl/workbook.xml" ContentType="{SML}.sheet.main+xml"/>
<Override
 PartName="/xl/worksheets/sheet1.xml" ContentType="{SML}.worksheet+xml"/>
<Override
 PartName="/xl/sharedStrings.xml" ContentType="{SML}.sharedStrings+xml"/>
<Override
 PartName="/xl/styles.xml" ContentType="{SML}.styles+xml"/>
</Types>"""
RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG}/relationships">
<Relationship
 Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{REL}">
<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PKG}/relationships">
<Relationship
 Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship
 Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>
<Relationship
 Id="rId3" Type="{REL}/styles" Target="styles.xml"/>
</Relationships>"""
# Style 1 a built-in date format (14), style 2 a custom one, style 3 a time span, style 4 a
# plain number with decimals.
STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="3"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>
<numFmt numFmtId="165" formatCode="[h]:mm:ss"/><numFmt numFmtId="166" formatCode="#,##0.00"/>
</numFmts>
<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border/></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""
SHARED = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="6" uniqueCount="6">
<si><t>Loại đối tượng</t></si>
<si><t xml:space="preserve"> Cá nhân </t></si>
<si><r><rPr><b/></rPr><t>Nguyễn </t></r><r><t>Thị Ánh</t></r></si>
<si><t>Ksor</t><rPh sb="0" eb="1"><t>phonetic</t></rPh></si>
<si><t/></si>
<si><t>H&apos;Lan &amp; &lt;Blơi&gt; x005F_x000D_</t></si>
</sst>"""


def _excel_like(path: Path, sheet_data: str, dimension: str | None = "A1:F6") -> Path:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
             'mc:Ignorable="x14ac" '
             'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">'
             f"{dim}<sheetData>{sheet_data}</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", STYLES)
        zf.writestr("xl/sharedStrings.xml", SHARED)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


SHEET = (
    '<row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
    '<c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c>'
    '<c r="F1" t="s"><v>5</v></c></row>'
    # numbers, dates by style, a time span, booleans, an error, a formula's text result
    '<row r="2"><c r="A2"><v>42</v></c><c r="B2" s="1"><v>29281</v></c>'
    '<c r="C2" s="2"><v>45658.5</v></c><c r="D2" s="3"><v>1.25</v></c>'
    '<c r="E2" t="b"><v>1</v></c><c r="F2" t="e"><v>#N/A</v></c></row>'
    # a gap of one row, cells without references, an empty value, an exponent
    '<row r="4"><c t="str"><f>A1&amp;"x"</f><v>Loạix</v></c><c/><c s="4"><v>1E+3</v></c>'
    '<c t="inlineStr"><is><r><t>Rơ </t></r><r><t>Mah</t></r></is></c>'
    '<c t="d"><v>2025-07-01T00:00:00</v></c><c><v></v></c></row>'
    # no row number: the one after; a cell far to the right; a date out of range
    '<row><c r="B5" t="inlineStr"><is><t>  Đinh  Văn  </t></is></c>'
    '<c r="BZ5"><v>7</v></c><c r="C5" s="1"><v>99999999</v></c></row>'
    '<row r="6"><c r="A6" t="n"><v>-0.5</v></c><!-- a comment --><c r="F6" t="b"><v>0</v></c>'
    '</row>'
    '<row r="9"><c r="A9"><v>9</v></c></row>'  # beyond the dimension: not read
)


# The same in the form Excel writes with nothing the scan leaves to expat: row attributes
# with a prefix, spans, styles, a formula before its value, references in the text, a line
# end written as CR LF, an empty value, cells without a reference.
USUAL = (
    '<row r="1" spans="1:6" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c>'
    '<c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>5</v></c><c r="D1" t="s"><v>3</v></c>'
    '<c r="E1" t="s"><v>4</v></c><c r="F1" s="4" t="s"><v>5</v></c></row>\n'
    '<row r="2" spans="1:6"><c r="A2"><v>42</v></c><c r="B2" s="1"><v>29281</v></c>'
    '<c r="C2" s="2"><v>45658.5</v></c><c r="D2" s="3"><v>1.25</v></c>'
    '<c r="E2" t="b"><v>1</v></c><c r="F2" t="e"><v>#N/A</v></c></row>\n'
    '<row r="4"><c r="A4" t="str"><f>A1&amp;"x"</f><v>Loạix</v></c><c r="B4" s="4"/>'
    '<c r="C4" s="4"><v>1E+3</v></c><c r="D4" t="inlineStr"><is><t xml:space="preserve">'
    ' R&#417; Mah &amp;&#x1EA0;\r\nx </t></is></c><c t="d"><v>2025-07-01T00:00:00</v></c>'
    '<c><v></v></c></row>'
    '<row><c r="B5" t="inlineStr"><is><t>&lt;&amp;lt;&gt;&quot;&apos;</t></is></c>'
    '<c r="BZ5"><v>7</v></c><c r="C5" s="1"><v>99999999</v></c></row>'
    '<row r="6"/><row r="7"><c r="A7" t="n"><v>-0.5</v></c></row>'
)


def test_a_sheet_in_excel_s_usual_form_is_read_by_the_scan(tmp_path, monkeypatch, reader):
    seen = _scanned(monkeypatch)
    path = _excel_like(tmp_path / "usual.xlsx", USUAL, dimension="A1:F7")
    reference, ours = _both(path)
    assert ours == reference and len(ours) == 7
    assert ours[3][3] == " Rơ Mah &Ạ\nx " and ours[4][1] == "<&lt;>\"'"
    assert seen == ([True] if reader == "scan" else [])


@pytest.mark.parametrize("unusual", [
    '<row r="1"><c r=\'A1\'><v>1</v></c></row>',  # single quotes
    '<row r="1"><c r="A1" t="inlineStr"><is><r><t>a</t></r></is></c></row>',  # rich text
    '<row r="1"><!-- a comment --><c r="A1"><v>1</v></c></row>',
    '<row r="1"><c t="s" r="A1"><v>0</v></c></row>',  # the type before the reference
    '<row r="1"><c r="A1" t="str"><v>a &copy; b</v></c></row>',  # not a reference XML has
    '<row r="1"><c r="A1" t="str"><v>&#1;</v></c></row>',  # not a character XML allows
])
def test_a_sheet_the_scan_does_not_know_is_read_by_expat(tmp_path, monkeypatch, reader,
                                                         unusual):
    seen = _scanned(monkeypatch)
    path = _excel_like(tmp_path / "other.xlsx", unusual + '<row r="2"><c r="A2"><v>2</v></c>'
                       "</row>", dimension=None)
    try:
        reference = _both(path)[0]
    except Exception as exc:  # noqa: BLE001 - openpyxl refuses it: so must the import
        with pytest.raises(InputError):
            excel._open_rows(path)
        assert type(exc).__name__
    else:
        assert _both(path)[1] == reference
    assert all(not s for s in seen)


def test_a_file_in_the_form_excel_writes(tmp_path):
    path = _excel_like(tmp_path / "excel.xlsx", SHEET)
    reference, ours = _both(path)
    assert ours == reference
    assert ours[0][:4] == ("Loại đối tượng", " Cá nhân ", "Nguyễn Thị Ánh", "Ksor")
    assert ours[1][1] == datetime(1980, 3, 1) and len(ours) == 6


@pytest.mark.parametrize("dimension", [None, "A1:C3", "A1:Z400"])
def test_with_no_dimension_a_short_one_or_a_long_one(tmp_path, dimension):
    path = _excel_like(tmp_path / "dim.xlsx", SHEET, dimension)
    for width in (3, MAX_COL):
        reference, ours = _both(path, width)
        assert ours == reference, (dimension, width)


def test_the_import_reads_the_same_rows_either_way(tmp_path, monkeypatch):
    path = _excel_like(tmp_path / "excel.xlsx", SHEET)
    fast = excel._open_rows(path)
    monkeypatch.setattr(xlsx_reader, "fast_reader_available", lambda: False)
    assert excel._open_rows(path) == fast and len(fast) == 6


def test_a_damaged_sheet_gets_the_same_message_either_way(tmp_path, monkeypatch):
    path = _excel_like(tmp_path / "hong.xlsx", SHEET[:len(SHEET) // 2], dimension=None)
    with pytest.raises(InputError) as fast:
        excel._open_rows(path)
    monkeypatch.setattr(xlsx_reader, "fast_reader_available", lambda: False)
    with pytest.raises(InputError) as slow:
        excel._open_rows(path)
    assert fast.value.message() == slow.value.message()
    assert "hong.xlsx" in fast.value.message() and "Excel" in fast.value.message()
