"""Printing on province data: 1,000 certificates into one PDF, a final review of 20+ pages
(PDF and Word), against LibreOffice converting the same certificates from a mail-merged
Word document — what offices do today.

    .venv/bin/python bench/bench_print.py

`bench/run.py` uses :func:`comparisons`, whole process against whole process: `dhtt print
certificates` for 1,000 awards (opening the file, reading the awards, laying out, drawing)
against a bare ReportLab script drawing the same pages (the same strings at the same places
in the same fonts, recorded from DHTT's own drawing, with the same border), and against
LibreOffice headless converting the same certificates mail-merged into one Word file
(`apt-get install libreoffice-writer-nogui`; without it that row says "not measured").
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import PROVINCE_OFFICE, machine, province_db  # noqa: E402


def main() -> None:
    from docx import Document
    from docx.enum.text import WD_BREAK
    from pypdf import PdfReader
    from sqlalchemy import select

    from app.models import Award, Candidate, Status
    from app.models.database import open_database
    from app.reports.certificates import render_certificates
    from app.reports.printing import ReportOptions, certificates, review_document, write_document
    from app.services.awards import propose_award

    print(machine())
    work = Path(tempfile.mkdtemp(prefix="dhtt-bench-print-"))
    try:
        copy = work / "province.sqlite"
        shutil.copyfile(province_db(), copy)
        db = open_database(copy)
        with db.session() as s:
            ids = list(s.scalars(select(Award.id).where(Award.decision_id.is_not(None))
                                 .order_by(Award.year, Award.register_number).limit(1000)))
            started = time.perf_counter()
            items = certificates(s, award_ids=ids)
            fetched = time.perf_counter() - started
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            render_certificates(items, work / "gk.pdf")
            runs.append(time.perf_counter() - started)
        pages = len(PdfReader(str(work / "gk.pdf")).pages)
        size = (work / "gk.pdf").stat().st_size / 1048576
        print(f"{pages} certificates: data {fetched:.2f} s, PDF {min(runs):.2f} s best of 3 "
              f"({', '.join(f'{r:.2f}' for r in runs)}), {size:.1f} MB")

        # The province's final review with a long list proposed for commendation.
        with db.transaction() as s:
            recognised = list(s.scalars(select(Candidate.id).where(
                Candidate.status == Status.RECOGNISED).limit(450)))
            for cid in recognised:
                propose_award(s, year=2025, candidate_id=cid)
        options = ReportOptions(number="05/BC-UBND", signed_on=date(2026, 2, 5),
                                signer_name="Nguyễn Văn Hùng")
        for suffix in (".pdf", ".docx"):
            runs = []
            for _ in range(3):
                started = time.perf_counter()
                with db.session() as s:
                    doc = review_document(s, PROVINCE_OFFICE, "tong_ket", options)
                write_document(doc, work / f"tong-ket{suffix}")
                runs.append(time.perf_counter() - started)
            extra = ""
            if suffix == ".pdf":
                extra = f", {len(PdfReader(str(work / 'tong-ket.pdf')).pages)} pages"
            print(f"final review of the province {suffix}: {min(runs):.2f} s best of 3 "
                  f"(data + layout{extra})")
        db.close()

        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if not soffice:
            print("LibreOffice not installed: comparison skipped")
            return
        # What a mail merge produces: one page per certificate in one Word file.
        merged = Document()
        for i, item in enumerate(items):
            for line in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                         item.authority, "Tặng", item.title, item.recipient,
                         item.recipient_unit, item.achievement,
                         f"Quyết định số {item.decision_number}",
                         f"Số sổ vàng: {item.register_number}", item.signer_title,
                         item.signer_name):
                merged.add_paragraph(line)
            if i + 1 < len(items):
                merged.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        merged.save(work / "tron-thu.docx")
        started = time.perf_counter()
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(work),
                        str(work / "tron-thu.docx")], check=True, capture_output=True,
                       timeout=900)
        took = time.perf_counter() - started
        pages = len(PdfReader(str(work / "tron-thu.pdf")).pages)
        print(f"LibreOffice headless, mail-merged .docx → PDF, {pages} pages: {took:.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


BARE = r"""
import json, sys
from reportlab.lib.colors import HexColor, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

fonts, pages = json.load(open(sys.argv[1], encoding="utf-8"))
for name, path in fonts.items():
    pdfmetrics.registerFont(TTFont(name, path))
RED, GOLD = HexColor("#B3121B"), HexColor("#B8892E")
W, H = landscape(A4)
c = Canvas(sys.argv[2], pagesize=(W, H), pageCompression=1)
c.beginForm("frame")
c.setStrokeColor(RED); c.setLineWidth(2.6); c.rect(8 * mm, 8 * mm, W - 16 * mm, H - 16 * mm)
c.setStrokeColor(GOLD); c.setLineWidth(0.9); c.rect(11.5 * mm, 11.5 * mm, W - 23 * mm, H - 23 * mm)
c.setLineWidth(0.4); c.rect(9.75 * mm, 9.75 * mm, W - 19.5 * mm, H - 19.5 * mm)
for x, y, sx, sy in ((11.5 * mm, 11.5 * mm, 1, 1), (W - 11.5 * mm, 11.5 * mm, -1, 1),
                     (11.5 * mm, H - 11.5 * mm, 1, -1), (W - 11.5 * mm, H - 11.5 * mm, -1, -1)):
    c.setFillColor(RED); s = 4 * mm; p = c.beginPath(); p.moveTo(x, y)
    p.lineTo(x + sx * s, y + sy * s * 0.35); p.lineTo(x + sx * s * 0.5, y + sy * s * 0.5)
    p.lineTo(x + sx * s * 0.35, y + sy * s); p.close(); c.drawPath(p, stroke=0, fill=1)
    c.setStrokeColor(GOLD); c.setLineWidth(0.6)
    c.circle(x + sx * s * 1.3, y + sy * s * 1.3, 1.2 * mm, stroke=1, fill=0)
c.setFillColor(black)
c.endForm()
for ops in pages:
    c.saveState(); c.doForm("frame")
    for op, *args in ops:
        if op == "font":
            c.setFont(*args)
        elif op == "fill":
            c.setFillColor(HexColor(args[0]))
        elif op == "centred":
            c.drawCentredString(*args)
        elif op == "line":
            c.line(*args)
        else:
            c.drawString(*args)
    c.restoreState(); c.showPage()
c.save()
"""


def _record_pages(items, out: Path) -> tuple[dict[str, str], list[list[list]]]:
    """Render with DHTT and record every text it draws, page by page."""
    from reportlab.pdfgen.canvas import Canvas

    import app.reports.certificates as certs
    from app.paths import fonts_dir
    from app.reports.fonts import _FILES

    pages: list[list[list]] = [[]]
    frame_ops: list[list] = []
    state = {"in_form": False}

    class Recorder(Canvas):
        def _ops(self):  # noqa: ANN202
            return frame_ops if state["in_form"] else pages[-1]

        def beginForm(self, *a, **k):  # noqa: ANN002, ANN003, ANN202, N802
            state["in_form"] = True
            return super().beginForm(*a, **k)

        def endForm(self, *a, **k):  # noqa: ANN002, ANN003, ANN202, N802
            state["in_form"] = False
            return super().endForm(*a, **k)

        def setFont(self, name, size, *a, **k):  # noqa: ANN001, ANN002, ANN003, ANN202, N802
            self._ops().append(["font", name, size])
            return super().setFont(name, size, *a, **k)

        def setFillColor(self, colour, *a, **k):  # noqa: ANN001, ANN002, ANN003, ANN202, N802
            self._ops().append(["fill", "#" + colour.hexval()[2:]])
            return super().setFillColor(colour, *a, **k)

        def drawCentredString(self, x, y, text, *a, **k):  # noqa: ANN001, ANN002, ANN003, ANN202, N802
            self._ops().append(["centred", x, y, text])
            return super().drawCentredString(x, y, text, *a, **k)

        def drawString(self, x, y, text, *a, **k):  # noqa: ANN001, ANN002, ANN003, ANN202, N802
            self._ops().append(["string", x, y, text])
            return super().drawString(x, y, text, *a, **k)

        def line(self, *a):  # noqa: ANN002, ANN202
            self._ops().append(["line", *a])
            return super().line(*a)

        def showPage(self):  # noqa: ANN202, N802
            pages.append([])
            return super().showPage()

    original = certs.Canvas
    certs.Canvas = Recorder  # type: ignore[misc]
    try:
        certs.render_certificates(items, out)
    finally:
        certs.Canvas = original  # type: ignore[misc]
    pages = [frame_ops + page for page in pages if page]  # the texts of the frame on each page
    fonts = {name: str(fonts_dir() / file) for name, file in _FILES.items()}
    return fonts, pages


def _merged_docx(items, path: Path) -> None:
    """The same certificates as a mail-merged Word file, as an office makes them: A4
    landscape, the same serif font (Times New Roman, which LibreOffice draws with the
    metric-compatible Liberation Serif DHTT embeds), centred lines at the certificate's
    sizes, a red page border; one page per certificate."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    merged = Document()
    section = merged.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("top_margin", "bottom_margin", "left_margin", "right_margin"):
        setattr(section, side, Mm(18))
    borders = OxmlElement("w:pgBorders")
    borders.set(qn("w:offsetFrom"), "page")
    for edge in ("top", "left", "bottom", "right"):
        line = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "double"), ("w:sz", "18"), ("w:space", "24"),
                           ("w:color", "C00000")):
            line.set(qn(key), value)
        borders.append(line)
    section._sectPr.append(borders)
    normal = merged.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.paragraph_format.space_after = Pt(2)
    red = RGBColor(0xC0, 0x00, 0x00)
    for i, item in enumerate(items):
        for line, size, bold, colour in (
                ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 14, True, None),
                ("Độc lập - Tự do - Hạnh phúc", 14, True, None),
                (item.authority, 16, True, None), ("Tặng", 16, False, None),
                (item.title, 36, True, red), (item.recipient, 24, True, red),
                (item.recipient_unit, 15, False, None), (item.achievement, 16, False, None),
                (f"Quyết định số {item.decision_number}", 13, False, None),
                (f"Số sổ vàng: {item.register_number}", 13, False, None),
                (item.signer_title, 14, True, None), (item.signer_name, 14, True, None)):
            para = merged.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = para.add_run(line)
            run.font.size, run.font.bold = Pt(size), bold
            if colour is not None:
                run.font.color.rgb = colour
        if i + 1 < len(items):
            merged.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    merged.save(path)


def comparisons(env):  # noqa: ANN001, ANN201 - harness.Env
    import json

    from common import DHTT
    from harness import Group, Row, process
    from pypdf import PdfReader
    from sqlalchemy import select

    from app.models import Award
    from app.models.database import open_database
    from app.reports.printing import certificates

    db = open_database(env.db)
    with db.session() as s:
        ids = list(s.scalars(select(Award.id).where(Award.decision_id.is_not(None))
                             .order_by(Award.year, Award.register_number).limit(1000)))
        items = certificates(s, award_ids=ids)
    db.close()
    work = env.work / "print"
    work.mkdir(exist_ok=True)
    fonts, pages = _record_pages(items, work / "recorded.pdf")
    (work / "pages.json").write_text(json.dumps([fonts, pages], ensure_ascii=False),
                                     encoding="utf-8")
    (work / "bare.py").write_text(BARE, encoding="utf-8")
    ids_file = work / "ids.txt"
    ids_file.write_text("\n".join(ids), encoding="utf-8")
    ours_cmd = [*DHTT, "--db", str(env.db), "print", "certificates", "--out",
                str(work / "dhtt.pdf"), "--award", *ids]
    bare_cmd = [sys.executable, str(work / "bare.py"), str(work / "pages.json"),
                str(work / "bare.pdf")]
    _merged_docx(items, work / "tron-thu.docx")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    profile = (work / "lo-profile").as_uri()
    lo_cmd = [soffice or "soffice", f"-env:UserInstallation={profile}", "--headless",
              "--convert-to", "pdf", "--outdir", str(work / "lo"), str(work / "tron-thu.docx")]

    def check() -> None:  # the same number of pages on each side
        counts = {name: len(PdfReader(str(work / name)).pages)
                  for name in ("dhtt.pdf", "bare.pdf") if (work / name).exists()}
        if soffice and (work / "lo" / "tron-thu.pdf").exists():
            counts["lo"] = len(PdfReader(str(work / "lo" / "tron-thu.pdf")).pages)
        if set(counts.values()) != {len(items)}:
            raise RuntimeError(f"page counts differ: {counts}")

    groups = [Group("1,000 certificates", "whole process", lambda: process(ours_cmd),
                    baseline=lambda: process(bare_cmd), teardown=check, rows=[
                        Row("3 · 1,000 certificates into one PDF (`dhtt print certificates`)",
                            "exit", "exit", max_ratio=1.5,
                            baseline_what="bare ReportLab drawing the same pages"),
                        Row("issue 4 floor · 1,000 certificates", "exit", max_value=5.0)])]
    if soffice:
        groups.append(Group("certificates against LibreOffice", "whole process",
                            lambda: process(ours_cmd), baseline=lambda: process(lo_cmd),
                            teardown=check, rows=[
                                Row("3 · 1,000 certificates against LibreOffice",
                                    "exit", "exit", min_speedup=3,
                                    baseline_what="LibreOffice headless converting the "
                                                  "mail-merged .docx")]))
    else:
        groups.append(Group("certificates against LibreOffice", "whole process",
                            lambda: {}, rows=[Row("3 · 1,000 certificates against "
                                                  "LibreOffice (not installed)", "exit")],
                            pairs=1, warm_up=False))
    return groups


if __name__ == "__main__":
    if "--pairs" in sys.argv or "--harness" in sys.argv:
        from harness import standalone

        standalone("print", comparisons)
    else:
        main()
