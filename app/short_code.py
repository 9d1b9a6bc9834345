"""A candidate's short code ("K7Q2-M9XD"): what the Excel export shows in its first column
instead of the 36-character id, and what the import recognises a re-imported row by.

Derived from the id alone (its first 40 bits, in Crockford's base 32: no I, L, O or U, so
no letter reads as a digit), so every office computes the same code for the same
candidate and a synced row needs nothing more; stored in ``candidates.short_code`` so a
file's codes are found with one indexed query."""

from __future__ import annotations

import hashlib
import re

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_PATTERN = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-?[0-9A-HJKMNP-TV-Z]{4}$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                   r"[0-9a-fA-F]{12}$")


def short_code_of(candidate_id: str) -> str:
    """The short code of an id ("3f2a9c1b-7d4e-…" → "7WN9-R6ZD")."""
    try:
        value = int(candidate_id.replace("-", "")[:10], 16)  # 40 bits
    except ValueError:  # not a UUID (ids made by hand in an old file)
        value = int(hashlib.sha1(candidate_id.encode()).hexdigest()[:10], 16)
    chars = []
    for _ in range(8):
        chars.append(ALPHABET[value & 31])
        value >>= 5
    code = "".join(reversed(chars))
    return f"{code[:4]}-{code[4:]}"


def looks_like_uuid(value: str) -> bool:
    return bool(_UUID.match(value))


def as_short_code(value: str) -> str | None:
    """``value`` read as a short code (any case, with or without the dash; O read as 0,
    I and L as 1, as Crockford's alphabet says), or None if it is not one."""
    cleaned = value.strip().upper().replace("O", "0").replace("I", "1").replace("L", "1")
    if not _PATTERN.match(cleaned):
        return None
    cleaned = cleaned.replace("-", "")
    return f"{cleaned[:4]}-{cleaned[4:]}"


def default_short_code(context) -> str | None:  # noqa: ANN001 - SQLAlchemy's context
    """Column default: the short code of the row's id (ORM and bulk inserts alike)."""
    if context is None:  # a writer that gives no row (its rows name their code)
        return None
    candidate_id = context.get_current_parameters().get("id")
    return short_code_of(candidate_id) if candidate_id else None
