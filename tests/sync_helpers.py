"""Two real offices (a commune and the province) on real database files, with keys
enrolled both ways, and a way to craft packages the program would never write."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path

from app.models.database import Database, open_database
from app.services.reference import set_office_unit
from app.services.register import CandidateInput, save_candidate
from app.services.sync import keys, package, sealing

COMMUNE = "21553"  # Phường Quy Nhơn Bắc (since 1/7/2025, under the province)
PROVINCE = "52"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
       b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe"
       b"\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


@dataclass
class Offices:
    commune: Database
    province: Database
    folder: Path

    def close(self) -> None:
        self.commune.close()
        self.province.close()


def make_office(template: Path, path: Path, unit: str) -> Database:
    shutil.copyfile(template, path)
    db = open_database(path)
    with db.transaction() as s:
        set_office_unit(s, unit)
        keys.ensure_identity(s)
    return db


def enroll_both(a: Database, b: Database, folder: Path) -> None:
    for x, y, name in ((a, b, "a"), (b, a, "b")):
        with x.transaction() as s:
            keys.export_public_key(s, folder / f"{name}.key")
        with y.transaction() as s:
            keys.enroll(s, keys.read_key_file(folder / f"{name}.key"))


def offices(template: Path, folder: Path) -> Offices:
    folder.mkdir(parents=True, exist_ok=True)
    commune = make_office(template, folder / "xa.sqlite", COMMUNE)
    province = make_office(template, folder / "tinh.sqlite", PROVINCE)
    enroll_both(commune, province, folder)
    return Offices(commune, province, folder)


def add_person(db: Database, name: str = "Lan", ho: str = "Ksor", ten_dem: str = "H'",
               unit: str = COMMUNE, birth_year: int | None = 1985) -> str:
    with db.transaction() as s:
        return save_candidate(s, CandidateInput(kind="individual", unit_code=unit, ho=ho,
                                                ten_dem=ten_dem, ten=name,
                                                birth_year=birth_year, ethnicity="Gia Rai"),
                              allow_duplicate=True).candidate_id


def fingerprint(path: Path) -> str:
    """A hash of every row of every table: equal means nothing changed."""
    con = sqlite3.connect(path)
    try:
        digest = hashlib.sha256()
        tables = [r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'candidate_search%' ORDER BY name")]
        for t in tables:
            for row in con.execute(f'SELECT * FROM "{t}" ORDER BY 1'):
                digest.update(repr(row).encode())
        return digest.hexdigest()
    finally:
        con.close()


def open_plain(db: Database, data: bytes) -> bytes:
    with db.session() as s:
        return sealing.unseal(data, keys.box_private(s))[1]


def unpack(db: Database, data: bytes) -> tuple[dict, dict[str, bytes]]:
    """(manifest, every member) of a package as the recipient ``db`` decrypts it."""
    zf = zipfile.ZipFile(io.BytesIO(open_plain(db, data)))
    members = {n: zf.read(n) for n in zf.namelist()}
    return json.loads(members["manifest.json"]), members


def reseal(sender: Database, recipient: Database, manifest: dict, members: dict[str, bytes],
           *, sign_with: Database | None = None, fix_hashes: bool = True,
           extra_info: dict[str, int] | None = None) -> bytes:
    """A package with the given manifest and members, signed by ``sign_with`` (the sender
    by default) and encrypted to the recipient: what an attacker holding a key could make."""
    members = {k: v for k, v in members.items() if k not in ("manifest.json", "manifest.sig")}
    if fix_hashes:
        manifest = dict(manifest, members=[
            {"path": n, "sha256": hashlib.sha256(b).hexdigest(), "size": len(b)}
            for n, b in members.items()])
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True).encode()
    with (sign_with or sender).session() as s:
        signature = keys.sign(s, manifest_bytes)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifest.json", manifest_bytes)
        zf.writestr("manifest.sig", signature)
        for name, body in members.items():
            zf.writestr(name, body)
    with recipient.session() as s:
        me = keys.identity(s)
    return sealing.seal(buffer.getvalue(), me.box_public,
                        {"format": package.FORMAT, "recipient_unit": me.unit_code,
                         "recipient_key_id": me.key_id})
