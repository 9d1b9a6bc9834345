"""Evidence files (photos, scanned minutes, PDFs) kept inside the database file.

A file is accepted only when its content is what its name says, through its whole
structure (``evidence_formats``): a program renamed to ``anh.jpg``, a JPEG header followed
by a script, a Word file carrying a program are refused, and so are links and devices.
Each file is limited in size so that the database stays small enough to copy on a USB
stick and to send by e-mail.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import text
from app.errors import InputError
from app.i18n import N_
from app.models import Candidate, EvidenceFile
from app.outputs import write_output
from app.services import evidence_formats
from app.services.access import require_unit

MAX_SIZE = 15 * 1024 * 1024  # 15 MB: a scanned document of several pages at 300 dpi

# extension -> (mime type, description of the magic check)
TYPES = {
    ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def sniff(content: bytes) -> str | None:
    """The real type of ``content``, checked through its whole structure (see
    ``evidence_formats``), or None when it is not wholly one of the accepted types."""
    if content.startswith(b"\xff\xd8\xff"):
        return "image/jpeg" if evidence_formats.jpeg_is_whole(content) else None
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png" if evidence_formats.png_is_whole(content) else None
    if content.startswith(b"%PDF-"):
        return "application/pdf" if evidence_formats.pdf_is_whole(content) else None
    if content.startswith(b"PK\x03\x04"):
        kind = evidence_formats.office_kind(content)
        return TYPES[f".{kind}"] if kind else None
    return None


@dataclass
class EvidenceInfo:
    """An evidence file as listed on a candidate (without its content)."""

    id: str
    file_name: str
    mime_type: str
    size: int
    added: datetime


def _check_size(name: str, size: int) -> None:
    if size > MAX_SIZE:
        raise InputError(N_("{file} is {size} MB; evidence files may be at most {limit} MB. "
                            "Scan at a lower resolution or split the document."),
                         file=name, size=f"{size / 1048576:.1f}", limit=MAX_SIZE // 1048576)


def check_file(file_name: str, content: bytes) -> str:
    """The mime type of an acceptable file; raises InputError naming the file otherwise."""
    name = Path(file_name).name
    expected = TYPES.get(Path(name).suffix.lower())
    if expected is None:
        raise InputError(N_("{file}: only photos (JPG, PNG), PDF, Word and Excel files can be "
                            "kept as evidence."), file=name)
    if not content:
        raise InputError(N_("{file} is empty."), file=name)
    _check_size(name, len(content))
    actual = sniff(content)
    if actual != expected:
        raise InputError(N_("{file} is not really a {ext} file (its content is something "
                            "else). Open it and save it again in the right format."),
                         file=name, ext=Path(name).suffix.lower().lstrip(".").upper())
    return expected


def add_evidence(session: Session, candidate_id: str, path: str | Path | None = None, *,
                 file_name: str | None = None, content: bytes | None = None,
                 assessment_item_id: str | None = None) -> str:
    """Keep a file as evidence of a candidate (or of one criterion of an assessment of
    it); the same file twice for the same thing is kept once."""
    candidate = session.get(Candidate, candidate_id)
    if candidate is None or candidate.deleted:
        raise InputError(N_("This candidate no longer exists."))
    require_unit(session, candidate.unit_code, write=True)
    if path is not None:
        path = Path(path)
        file_name = path.name
        try:
            info = os.lstat(path)
            if stat.S_ISLNK(info.st_mode):
                raise InputError(N_("{file} is a link to another file; choose the file itself."),
                                 file=file_name)
            if not stat.S_ISREG(info.st_mode):
                raise InputError(N_("{file} is not an ordinary file (a device, a folder or a "
                                    "pipe); choose a photo, a scan or a document."),
                                 file=file_name)
            _check_size(file_name, info.st_size)  # before reading it into memory
            content = path.read_bytes()
        except OSError as exc:
            raise InputError(N_("Cannot read {file}: {reason}"), file=file_name,
                             reason=exc.strerror or str(exc)) from exc
    assert file_name is not None and content is not None
    mime = check_file(file_name, content)
    digest = hashlib.sha256(content).hexdigest()
    existing = session.scalar(select(EvidenceFile.id).where(
        EvidenceFile.candidate_id == candidate_id, EvidenceFile.sha256 == digest,
        EvidenceFile.assessment_item_id.is_(assessment_item_id) if assessment_item_id is None
        else EvidenceFile.assessment_item_id == assessment_item_id,
        EvidenceFile.deleted.is_(False)))
    if existing:
        return existing
    row = EvidenceFile(candidate_id=candidate_id, assessment_item_id=assessment_item_id,
                       file_name=text.clean(Path(file_name).name),
                       mime_type=mime, size=len(content), sha256=digest, content=content,
                       owner_unit_code=candidate.owner_unit_code)
    session.add(row)
    session.flush()
    return row.id


def list_evidence(session: Session, candidate_id: str) -> list[EvidenceInfo]:
    rows = session.execute(
        select(EvidenceFile.id, EvidenceFile.file_name, EvidenceFile.mime_type,
               EvidenceFile.size, EvidenceFile.created_at)
        .where(EvidenceFile.candidate_id == candidate_id, EvidenceFile.deleted.is_(False))
        .order_by(EvidenceFile.created_at))  # the candidate's and its assessments' files
    return [EvidenceInfo(*row) for row in rows]


def save_evidence_copy(session: Session, evidence_id: str, target: str | Path) -> Path:
    """Write the stored file out (to open it or send it on)."""
    row = session.get(EvidenceFile, evidence_id)
    if row is None or row.deleted:
        raise InputError(N_("This evidence file no longer exists."))
    require_unit(session, row.owner_unit_code)
    target = Path(target)
    content = row.content
    write_output(target, lambda tmp: tmp.write_bytes(content))
    return target


def remove_evidence(session: Session, evidence_id: str) -> None:
    row = session.get(EvidenceFile, evidence_id)
    if row is not None:
        require_unit(session, row.owner_unit_code, write=True)
        row.deleted = True
        row.content = b""  # the marker travels; the bytes need not
