"""Numbers of documents (Decree 30/2020, annex I): "Số: 05/BC-UBND".

The number, "/", the code of the document type, "-", the code of the issuing body;
numbers 1–9 take a leading zero. Typing only the number ("5") is enough: the codes are
added.
"""

from __future__ import annotations

import re

from app.errors import InputError
from app.i18n import N_
from app.text import clean

_FULL = re.compile(r"^0*(\d{1,4})\s*/\s*([A-ZĐ]{1,6})\s*-\s*([A-ZĐ0-9]+(?:-[A-ZĐ0-9]+)*)$")
_NUMBER_ONLY = re.compile(r"^0*(\d{1,4})$")
PLACEHOLDER = "…"


def document_number(value: str | None, type_code: str = "BC", body_code: str = "UBND") -> str:
    """"5" → "05/BC-UBND"; "12/bc-ubnd" → "12/BC-UBND"; empty → "…/BC-UBND" to fill in by
    hand. InputError naming the field for anything that is not a document number."""
    raw = clean(value)
    if not raw or raw in (PLACEHOLDER, "..."):
        return f"{PLACEHOLDER}/{type_code}-{body_code}"
    match = _NUMBER_ONLY.match(raw)
    if match:
        number, codes = int(match.group(1)), f"{type_code}-{body_code}"
    else:
        match = _FULL.match(raw.upper())
        if not match:
            raise InputError(N_("Document number \"{value}\" does not fit the pattern "
                                "\"N/CODE-BODY\" (for example 05/{type}-{body}); type the "
                                "number alone to get it."), value=raw, type=type_code,
                             body=body_code)
        number, codes = int(match.group(1)), f"{match.group(2)}-{match.group(3)}"
    if number < 1:
        raise InputError(N_("Document number \"{value}\": numbers start at 1."), value=raw)
    return f"{number:02d}/{codes}"
