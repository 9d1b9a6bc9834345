"""The ``.dhtt`` package file: a ZIP of a signed manifest, rows per table (JSON lines) and
evidence files by hash, encrypted as a whole to the recipient (``sealing``).

Reading never writes a member to disk and accepts only the member names of the format, so
no path can escape a folder; every member's size is checked against the manifest and a
limit while it is decompressed, so a bomb stops at the limit.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import InputError
from app.i18n import N_

FORMAT = 1  # the package format this program writes; it reads 1 and up to it
EXTENSION = ".dhtt"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
MAX_MANIFEST = 4 * 1024 * 1024
MAX_MEMBER = 64 * 1024 * 1024
MAX_TOTAL = 1024 * 1024 * 1024
MAX_FILE = 1100 * 1024 * 1024  # the encrypted file as a whole
MEMBER_NAME = re.compile(r"^(rows/[a-z][a-z0-9_]{0,59}\.jsonl|files/[0-9a-f]{64})$")


def schema_version() -> int:
    from app.models.database import HEAD_REVISION, KNOWN_REVISIONS

    return KNOWN_REVISIONS.index(HEAD_REVISION) + 1


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to the disk, then rename:
    a stick pulled out half-way leaves no file that looks whole."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(N_("Cannot write the file {path}: {error}. Check that the USB "
                            "stick or folder is there and has free space."),
                         path=str(path), error=exc.strerror or str(exc)) from exc
    try:
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


@dataclass
class Contents:
    """What a package holds, in the clear."""

    manifest: dict
    manifest_bytes: bytes
    signature: bytes
    rows: dict[str, list] = field(default_factory=dict)  # table -> parsed JSON objects
    files: dict[str, bytes] = field(default_factory=dict)  # sha256 -> content


def build(manifest: dict, rows: dict[str, list[dict]], files: dict[str, bytes],
          signer) -> tuple[bytes, bytes]:  # noqa: ANN001 - callable(bytes) -> signature
    """The ZIP of a package and its manifest bytes (members hashed into the manifest)."""
    members: list[tuple[str, bytes]] = []
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode  # one for all
    for table, items in rows.items():
        body = "".join(encode(r) + "\n" for r in items).encode()
        members.append((f"rows/{table}.jsonl", body))
    for digest, content in sorted(files.items()):
        members.append((f"files/{digest}", content))
    manifest = dict(manifest, members=[
        {"path": name, "sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}
        for name, body in members])
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True,
                                indent=1).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr(MANIFEST, manifest_bytes)
        zf.writestr(SIGNATURE, signer(manifest_bytes))
        for name, body in members:
            compress = zipfile.ZIP_STORED if name.startswith("files/") else zipfile.ZIP_DEFLATED
            zf.writestr(zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0)), body,
                        compress_type=compress)
    return buffer.getvalue(), manifest_bytes


def _damaged() -> InputError:
    return InputError(N_("The package is damaged: its contents do not match what the sender "
                         "signed. Ask the sender to send it again."))


def _read_limited(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    if info.file_size > limit:
        raise InputError(N_("The package holds a part larger than allowed ({name}); it is "
                            "refused."), name=info.filename)
    out = bytearray()
    with zf.open(info) as fh:
        while True:
            piece = fh.read(1024 * 1024)
            if not piece:
                break
            out += piece
            if len(out) > limit:
                raise InputError(N_("The package holds a part larger than allowed ({name}); "
                                    "it is refused."), name=info.filename)
    return bytes(out)


def open_zip(plain: bytes) -> tuple[zipfile.ZipFile, dict, bytes, bytes]:
    """Open the decrypted ZIP and read the manifest and its signature (not yet verified)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(plain))
        infos = zf.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise _damaged() from exc
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise _damaged()
    for name in names:
        if name not in (MANIFEST, SIGNATURE) and not MEMBER_NAME.match(name):
            raise InputError(N_("The package holds a part with a name that is not allowed "
                                "({name}); it is refused."), name=name[:120])
    if MANIFEST not in names or SIGNATURE not in names:
        raise _damaged()
    try:
        manifest_bytes = _read_limited(zf, zf.getinfo(MANIFEST), MAX_MANIFEST)
        signature = _read_limited(zf, zf.getinfo(SIGNATURE), 1024)
        manifest = json.loads(manifest_bytes)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        raise _damaged() from exc
    if not isinstance(manifest, dict):
        raise _damaged()
    return zf, manifest, manifest_bytes, signature


def read_members(zf: zipfile.ZipFile, manifest: dict) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """Every member named in the (verified) manifest, checked for size and hash:
    (row members by table, evidence files by hash)."""
    listed = manifest.get("members")
    if not isinstance(listed, list):
        raise _damaged()
    present = {i.filename for i in zf.infolist()} - {MANIFEST, SIGNATURE}
    try:
        declared = {str(m["path"]): (str(m["sha256"]), int(m["size"])) for m in listed}
    except (KeyError, TypeError, ValueError) as exc:
        raise _damaged() from exc
    if set(declared) != present:
        raise _damaged()
    total = sum(size for _h, size in declared.values())
    if total > MAX_TOTAL:
        raise InputError(N_("The package is larger than allowed; it is refused."))
    rows: dict[str, bytes] = {}
    files: dict[str, bytes] = {}
    for name, (digest, size) in declared.items():
        try:
            body = _read_limited(zf, zf.getinfo(name), min(size, MAX_MEMBER))
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise _damaged() from exc
        if len(body) != size or hashlib.sha256(body).hexdigest() != digest:
            raise _damaged()
        if name.startswith("rows/"):
            rows[name[5:-6]] = body
        else:
            if name[6:] != digest:
                raise _damaged()
            files[digest] = body
    return rows, files
