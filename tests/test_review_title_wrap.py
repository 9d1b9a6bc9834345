"""The title of a review never breaks inside "2021–2025" (issue 7.9), in the PDF and in the
Word file as Word and LibreOffice lay it out.

The title is made longer one letter at a time so that the range falls across the end of the
first line in some of the variants; each variant is rendered for real and read back with
pdftotext: no line may end in "2021–" (or "2021"), and the plain range "2021–2025" is what
the text holds.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest

from app.reports.document import Header, Signature
from app.reports.docx import render_docx
from app.reports.pdf import render_pdf
from app.reports.review import ReviewData, build_review

# Letters added before "giai đoạn": from 40 to 55 the range crosses the end of the first line
# of the title (14 pt bold, 165 mm) in both writers.
FILLERS = range(40, 56)
BROKEN = re.compile(r"2021\u2013?\s*$")


def _variants():
    data = ReviewData(
        unit_name="xã Ia Grai", kind="tong_ket", period=(2021, 2025),
        header=Header(issuing_body="ỦY BAN NHÂN DÂN\nXÃ IA GRAI", number="05/BC-UBND",
                      place="Ia Grai", signed_on=date(2026, 2, 5)),
        signature=Signature(title="CHỦ TỊCH", name="Rơ Mah Blơi", prefix="TM."))
    doc = build_review(data)
    assert doc.summary.endswith("giai đoạn 2021–2025")
    for n in FILLERS:
        title = doc.summary.replace("giai đoạn", f"của xã Ia Grai {'n' * n} giai đoạn")
        yield n, dataclasses.replace(doc, summary=title)


def _title_lines(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-l", "1", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout.replace("\u2060", "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.startswith("Tổng kết công tác"))
    end = next(i for i, line in enumerate(lines) if "2025" in line and i >= start)
    return lines[start:end + 1]


def _check(pdfs: dict[int, Path]) -> None:
    wrapped_before_range = 0
    for n, pdf in pdfs.items():
        lines = _title_lines(pdf)
        assert len(lines) >= 2, (n, lines)  # long enough to wrap
        assert not any(BROKEN.search(line) for line in lines), (n, lines)
        assert "2021–2025" in " ".join(lines), (n, lines)
        wrapped_before_range += lines[-1].startswith("2021–2025")
    # the variants do put the range at the end of a line: it moved down whole
    assert wrapped_before_range >= 2


def test_the_pdf_title_keeps_the_range_together(tmp_path):
    pdfs = {}
    for n, doc in _variants():
        pdfs[n] = tmp_path / f"tong-ket-{n}.pdf"
        render_pdf(doc, pdfs[n])
    _check(pdfs)


def test_the_word_title_joins_the_range(tmp_path):
    for n, doc in _variants():
        render_docx(doc, tmp_path / f"tong-ket-{n}.docx")
    word = docx.Document(str(tmp_path / "tong-ket-45.docx"))
    title = next(p for p in word.paragraphs if p.text.startswith("Tổng kết công tác"))
    assert title.text.endswith("2021\u2060–\u20602025")  # word joiners around the dash
    assert word.core_properties.title.endswith("2021–2025")  # the plain range in properties
    body = [p.text for p in word.paragraphs if "2021" in p.text and p is not title]
    assert body and all("2021\u2060–\u20602025" in t and "2021–2025" not in t for t in body)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice to lay out "
                    "the Word file (installed on the build machine)")
def test_the_word_title_laid_out_by_libreoffice_keeps_the_range_together(tmp_path):
    for n, doc in _variants():
        render_docx(doc, tmp_path / f"tong-ket-{n}.docx")
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "out"),
                    *sorted(str(p) for p in tmp_path.glob("tong-ket-*.docx"))],
                   capture_output=True, check=True, timeout=240)
    _check({n: tmp_path / "out" / f"tong-ket-{n}.pdf" for n in FILLERS})
