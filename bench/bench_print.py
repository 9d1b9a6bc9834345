"""Printing on province data: 1,000 certificates into one PDF, a final review of 20+ pages
(PDF and Word), against LibreOffice converting the same certificates from a mail-merged
Word document — what offices do today.

    .venv/bin/python bench/bench_print.py
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

from common import machine, province_db  # noqa: E402


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
                    doc = review_document(s, "64", "tong_ket", options)
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


if __name__ == "__main__":
    main()
