"""Whether an evidence file is, all through, what its first bytes say.

The first bytes alone are easy to fake: a JPEG header followed by a script, a Word file
carrying a program. Each format is walked to its end: a JPEG's segments up to the end
marker, a PNG's chunks with their checksums up to IEND, a PDF's end marker and no active
content (scripts, launch actions, embedded files), a Word or Excel file's zip entries (all
readable, all parts such a file holds, no programs). Nothing may follow the end.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from io import BytesIO

MAX_INFLATED = 100 * 1024 * 1024  # what a Word or Excel evidence file may expand to


def jpeg_is_whole(content: bytes) -> bool:
    """SOI, segments with their lengths, entropy-coded scans, EOI; then nothing (or only
    padding, or another whole JPEG: cameras append a preview picture that way)."""
    if not content.startswith(b"\xff\xd8"):
        return False
    pos, end, size = 2, None, len(content)
    while pos < size:
        if content[pos] != 0xFF:
            return False
        while pos < size and content[pos] == 0xFF:  # fill bytes before a marker
            pos += 1
        if pos >= size:
            return False
        marker = content[pos]
        pos += 1
        if marker == 0xD9:  # EOI
            end = pos
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a length
            continue
        if pos + 2 > size:
            return False
        (length,) = struct.unpack(">H", content[pos:pos + 2])
        if length < 2 or pos + length > size:
            return False
        pos += length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next marker
            while True:
                pos = content.find(b"\xff", pos)
                if pos < 0 or pos + 1 >= size:
                    return False
                following = content[pos + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    pos += 1 if following == 0xFF else 2
                    continue
                break
    if end is None:
        return False
    rest = content[end:]
    return not rest.strip(b"\x00\xff") or jpeg_is_whole(rest.lstrip(b"\x00"))


def png_is_whole(content: bytes) -> bool:
    """The signature, then chunks whose checksums match, from IHDR to IEND; nothing after."""
    if not content.startswith(b"\x89PNG\r\n\x1a\n"):
        return False
    pos, first = 8, True
    while pos + 12 <= len(content):
        length, kind = struct.unpack(">I4s", content[pos:pos + 8])
        data_end = pos + 8 + length
        if data_end + 4 > len(content):
            return False
        (crc,) = struct.unpack(">I", content[data_end:data_end + 4])
        if zlib.crc32(content[pos + 4:data_end]) != crc:
            return False
        if first and kind != b"IHDR":
            return False
        first = False
        pos = data_end + 4
        if kind == b"IEND":
            return pos == len(content)
    return False


_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|EmbeddedFiles|RichMedia|"
                         rb"XFA|SubmitForm|ImportData)\b")


def pdf_is_whole(content: bytes) -> bool:
    """A PDF header, an end marker near the end, and no scripts, launch actions or files
    embedded in it (what a scanned minute or a printed report never holds)."""
    if not re.match(rb"%PDF-[12]\.\d", content):
        return False
    if b"%%EOF" not in content[-2048:]:
        return False
    return _PDF_ACTIVE.search(content) is None


# Parts a Word or Excel file holds: XML, relations, pictures, fonts, printer settings.
_OFFICE_PART = re.compile(
    r"(\[Content_Types\]\.xml|([\w.\-]+/)*[\w.\-]*\.(xml|rels|vml|png|jpe?g|gif|bmp|tiff?|emf|"
    r"wmf|svg|odttf|fntdata)|(word|xl)/printerSettings/[\w.\-]+\.bin|docProps/thumbnail\.\w+)",
    re.IGNORECASE)
_PROGRAM_STARTS = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"PK\x03\x04")


def office_kind(content: bytes) -> str | None:
    """"docx" or "xlsx" when ``content`` is a whole Word or Excel file, else None."""
    try:
        zf = zipfile.ZipFile(BytesIO(content))
    except (zipfile.BadZipFile, ValueError):
        return None
    with zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        if "[Content_Types].xml" not in names:
            return None
        if sum(i.file_size for i in infos) > MAX_INFLATED:
            return None
        for info in infos:
            name = info.filename
            if name.endswith("/"):
                continue
            if name.startswith(("/", "\\")) or ".." in name.split("/") or \
                    not _OFFICE_PART.fullmatch(name):
                return None
        try:
            for info in infos:
                with zf.open(info) as part:
                    head = part.read(4)
                    if head.startswith(_PROGRAM_STARTS):
                        return None
                    while part.read(1 << 20):  # the whole part, to check its checksum
                        pass
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
            return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None
