"""The village title's papers through the Decree 30 engine: the minutes of the review
meeting (Mẫu 06 of Decree 86), the submission (tờ trình, Mẫu 04), the decision with its
annex list, the certificates (Giấy công nhận, full page or fields only) and the one-page
notice of a village's failed items for its head. The forms' full fields are "verify" in
the domain notes: they are built as ordinary, editable Decree 30 documents (PDF or Word).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session

from app.errors import InputError
from app.i18n import N_
from app.reports.certificates import CertificateData, render_certificates
from app.reports.document import Block, Header, Heading, OfficialDocument, Paragraph, Signature, Table
from app.reports.printing import write_document
from app.services.report_settings import load_options
from app.services.villages import engine, grid, procedure
from app.services.villages.grid import COUNCIL

KINDS = ("minutes", "submission", "decision", "notice", "certificates", "certificates_fields")


@dataclass
class _Context:
    g: grid.Grid
    info: procedure.ReviewInfo
    body: str  # ỦY BAN NHÂN DÂN XÃ …
    place: str
    signer: str
    authority: str  # who decides this year (a setting: district before 2025, then commune)


def _context(session: Session, commune: str, year: int) -> _Context:
    g = grid.load_grid(session, commune, year)
    info = procedure.review_info(session, commune, year)
    unit = grid.commune_of(session, commune)
    options = load_options(session)
    return _Context(g, info, f"ỦY BAN NHÂN DÂN {unit.unit_type.upper()} {unit.name.upper()}",
                    options.place or unit.name, options.signer_name,
                    info.authority or procedure.default_authority(session, year))


def _title(name: str) -> str:
    return "Tổ dân phố văn hóa" if name.startswith("Tổ dân phố") else "Thôn văn hóa"


def _passed(c: _Context) -> list[grid.VillageRow]:
    return [r for r in c.g.rows if r.result[COUNCIL].status == engine.DAT]


def _need(value: object, what: str) -> None:
    if not value:
        raise InputError(N_("Before printing, record {what} in the procedure."), what=what)


def minutes(c: _Context) -> OfficialDocument:
    """Biên bản họp bình xét (Mẫu 06)."""
    i = c.info
    _need(i.meeting_on, "cuộc họp bình xét")
    assert i.meeting_on is not None
    rows = []
    points = c.g.rules.mode == "points"
    for n, r in enumerate(c.g.rows, start=1):
        res = r.result[COUNCIL]
        share = "" if not i.present or r.votes_for is None else \
            f"{engine.fmt(100 * r.votes_for / i.present)} %"
        line = [str(n), r.name, "" if res.points is None else engine.fmt(res.points),
                "" if r.votes_for is None else str(r.votes_for), share,
                "Đạt" if res.status == engine.DAT else "Không đạt"]
        rows.append(line if points else line[:2] + line[3:])
    body: list[Block] = [
        Paragraph(f"Hôm nay, {i.meeting_on.strftime('%d/%m/%Y')}, tại {i.meeting_place or c.place}, "
                  f"Hội đồng Thi đua – Khen thưởng {c.g.commune_name} họp bình xét danh hiệu "
                  f"\"Thôn, Tổ dân phố văn hóa\" năm {c.g.year}."),
        Paragraph(f"Chủ trì: {i.chair}. Thư ký: {i.secretary}."),
        Paragraph(f"Thành phần: được mời {i.invited or 0} người, có mặt {i.present or 0} người. "
                  f"Hình thức biểu quyết: {i.voting_method}."),
        Paragraph(f"Hội đồng đã xem xét báo cáo thành tích, kết quả tự đánh giá của các thôn và "
                  f"kết quả chấm theo {c.g.rules.name}. Kết quả bình xét như sau:"),
        Table(["STT", "Thôn, tổ dân phố", "Điểm", "Số phiếu tán thành", "Tỷ lệ", "Kết quả"]
              if points else ["STT", "Thôn, tổ dân phố", "Số phiếu tán thành", "Tỷ lệ",
                              "Kết quả"],
              rows, [0.6, 3, 1, 1.4, 1, 1.2] if points else [0.6, 3, 1.4, 1, 1.2]),
        Paragraph(f"Hội đồng thống nhất đề nghị công nhận {len(_passed(c))} thôn, tổ dân phố "
                  f"đạt danh hiệu. Biên bản kết thúc cùng ngày, đã thông qua trước cuộc họp."),
    ]
    return OfficialDocument(
        Header(f"HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG {c.g.commune_name.upper()}", "…/BB-HĐTĐKT",
               c.place, i.meeting_on, c.body),
        "BIÊN BẢN", f"Họp bình xét danh hiệu \"Thôn, Tổ dân phố văn hóa\" năm {c.g.year}",
        body, Signature("CHỦ TRÌ", i.chair), ["Như trên", "Lưu: VT"])


def submission(c: _Context) -> OfficialDocument:
    """Tờ trình đề nghị công nhận (Mẫu 04) with the list of villages proposed."""
    i = c.info
    _need(i.meeting_on, "cuộc họp bình xét")
    signed = i.posted_to or i.meeting_on or date(c.g.year, 11, 25)
    authority = i.authority or c.authority
    rows = [[str(n), r.name, _title(r.name), "" if r.votes_for is None else str(r.votes_for)]
            for n, r in enumerate(_passed(c), start=1)]
    body: list[Block] = [
        Paragraph(f"Kính gửi: {authority}."),
        Paragraph(f"Căn cứ Nghị định số 86/2023/NĐ-CP ngày 07/12/2023 của Chính phủ; căn cứ kết "
                  f"quả họp bình xét ngày {i.meeting_on.strftime('%d/%m/%Y') if i.meeting_on else ''} "
                  f"và kết quả niêm yết công khai, {c.body.title()} đề nghị công nhận danh hiệu "
                  f"\"Thôn, Tổ dân phố văn hóa\" năm {c.g.year} cho {len(rows)} thôn, tổ dân phố "
                  f"sau đây:"),
        Table(["STT", "Thôn, tổ dân phố", "Danh hiệu", "Số phiếu tán thành"], rows,
              [0.6, 3, 2, 1.4]),
        Paragraph("Kèm theo: biên bản họp bình xét, báo cáo thành tích của các thôn."),
    ]
    return OfficialDocument(
        Header(c.body, "…/TTr-UBND", c.place, signed), "TỜ TRÌNH",
        f"Về việc đề nghị công nhận danh hiệu \"Thôn, Tổ dân phố văn hóa\" năm {c.g.year}",
        body, Signature("CHỦ TỊCH", c.signer, "TM. ỦY BAN NHÂN DÂN"), ["Như trên", "Lưu: VT"])


def decision(c: _Context) -> OfficialDocument:
    """Quyết định công nhận with its annex list."""
    i = c.info
    _need(i.decision_number, "số và ngày quyết định")
    assert i.decided_on is not None
    rows = [[str(n), r.name, _title(r.name)] for n, r in enumerate(_passed(c), start=1)]
    body: list[Block] = [
        Paragraph("Căn cứ Luật Thi đua, khen thưởng ngày 15/6/2022; căn cứ Nghị định số "
                  "86/2023/NĐ-CP ngày 07/12/2023 của Chính phủ quy định khung tiêu chuẩn và "
                  "trình tự, thủ tục, hồ sơ xét tặng danh hiệu \"Gia đình văn hóa\", \"Thôn, "
                  "Tổ dân phố văn hóa\", \"Xã, Phường, Thị trấn tiêu biểu\";"),
        Paragraph(f"Xét đề nghị tại tờ trình và biên bản họp bình xét ngày "
                  f"{i.meeting_on.strftime('%d/%m/%Y') if i.meeting_on else ''}."),
        Heading("QUYẾT ĐỊNH:"),
        Paragraph(f"Điều 1. Công nhận danh hiệu \"Thôn, Tổ dân phố văn hóa\" năm {c.g.year} cho "
                  f"{len(rows)} thôn, tổ dân phố (có danh sách kèm theo)."),
        Paragraph("Điều 2. Quyết định này có hiệu lực kể từ ngày ký."),
        Paragraph("Điều 3. Văn phòng, công chức Văn hóa – Xã hội và trưởng các thôn, tổ dân phố "
                  "có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."),
        Heading(f"DANH SÁCH THÔN, TỔ DÂN PHỐ ĐẠT DANH HIỆU VĂN HÓA NĂM {c.g.year}"),
        Paragraph(f"(Kèm theo Quyết định số {i.decision_number} ngày "
                  f"{i.decided_on.strftime('%d/%m/%Y')})"),
        Table(["STT", "Thôn, tổ dân phố", "Danh hiệu"], rows, [0.6, 3.4, 2]),
    ]
    return OfficialDocument(
        Header(c.body, i.decision_number, c.place, i.decided_on), "QUYẾT ĐỊNH",
        f"Về việc công nhận danh hiệu \"Thôn, Tổ dân phố văn hóa\" năm {c.g.year}", body,
        Signature("CHỦ TỊCH", c.signer), ["Như Điều 3", "Lưu: VT"])


def notice(c: _Context, village: str | None) -> OfficialDocument:
    """One page for the village head: the items the village failed and by how much."""
    if not village:
        raise InputError(N_("Choose a village in the grid first."))
    row = c.g.row(village)
    res = row.result[COUNCIL]
    texts = {i.code: i.text for i in c.g.rules.items}
    texts.update({s.code: f"Tiêu chuẩn {s.code}. {s.text}" for s in c.g.rules.standards})
    texts.update({"TONG": "Tổng số điểm", "PHIEU": "Số phiếu tán thành"})
    failures = res.failed + res.missing
    rows = [[f.code, texts.get(f.code, ""), f.reason()] for f in failures]
    body: list[Block] = [Paragraph(f"Kết quả bình xét danh hiệu \"{_title(row.name)}\" năm {c.g.year} của "
                      f"{row.name}: " + ("đạt." if res.status == engine.DAT else
                                         "chưa đạt ở các nội dung sau:"))]
    if rows:
        body.append(Table(["Mục", "Nội dung", "Lý do"], rows, [0.8, 3.2, 3]))
    body.append(Paragraph("Đề nghị Ban công tác Mặt trận và trưởng thôn phổ biến đến nhân dân, "
                          "có kế hoạch khắc phục trong năm tới."))
    signed = c.info.meeting_on or date(c.g.year, 11, 25)
    return OfficialDocument(
        Header(c.body, "…/TB-UBND", c.place, signed), "THÔNG BÁO",
        f"Các nội dung chưa đạt danh hiệu văn hóa năm {c.g.year} của {row.name}", body,
        Signature("CHỦ TỊCH", c.signer, "TM. ỦY BAN NHÂN DÂN"), [row.name, "Lưu: VT"])


def certificates(c: _Context) -> list[CertificateData]:
    """A Giấy công nhận for each village recognised by the decision."""
    i = c.info
    _need(i.decision_number, "số và ngày quyết định")
    assert i.decided_on is not None
    return [CertificateData(
        authority=f"CHỦ TỊCH {c.body}", recipient=r.name,
        achievement=f"Đạt danh hiệu \"{_title(r.name)}\" năm {c.g.year}",
        decision_number=i.decision_number, decision_date=i.decided_on, place=c.place,
        signed_on=i.decided_on, signer_title="CHỦ TỊCH", signer_name=c.signer,
        title="GIẤY CÔNG NHẬN", recipient_unit=c.g.commune_name, kind="village")
        for r in _passed(c)]


def print_paper(session: Session, kind: str, commune: str, year: int,
                out: str | os.PathLike[str], village: str | None = None,
                offset_mm: tuple[float, float] = (0, 0)) -> Path:
    """Write one of the papers (PDF or Word; certificates PDF only) and return its path."""
    return print_papers(session, [(kind, out)], commune, year, village, offset_mm)[0]


def print_papers(session: Session, jobs: list[tuple[str, str | os.PathLike[str]]],
                 commune: str, year: int, village: str | None = None,
                 offset_mm: tuple[float, float] = (0, 0)) -> list[Path]:
    """Several papers of one commune-year (kind, file) from one reading of the grid."""
    for kind, _out in jobs:
        if kind not in KINDS:
            raise InputError(N_("Unknown paper {kind}."), kind=kind)
    c = _context(session, commune, year)
    written = []
    for kind, out in jobs:
        path = Path(out)
        if kind.startswith("certificates"):
            render_certificates(certificates(c), path,
                                "fields" if kind == "certificates_fields" else "full", offset_mm)
            written.append(path)
            continue
        builders = {"minutes": minutes, "submission": submission, "decision": decision}
        doc = notice(c, village) if kind == "notice" else builders[kind](c)
        if not doc.signature.name:
            raise InputError(N_("Type the signer's name in the report settings before "
                                "printing."))
        written.append(write_document(doc, path))
    return written
