"""Printing the village papers from the tab: written to a file, then shown in the preview
(certificates on pre-printed blanks get the printer's calibrated shift when printed)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from app.i18n import _
from app.ui.context import AppContext
from app.ui.ops import DbOp

NAMES = {"minutes": "bien-ban-binh-xet.pdf", "submission": "to-trinh.pdf",
         "decision": "quyet-dinh.pdf", "certificates": "giay-cong-nhan.pdf",
         "certificates_fields": "giay-cong-nhan-truong.pdf", "notice": "thong-bao.pdf"}


def print_paper(parent: Any, ctx: AppContext, kind: str, commune: str, year: int,
                village: str | None, path: str | None = None) -> None:
    """Write the paper; with no ``path`` given, into a temporary file shown in the preview."""
    preview = path is None
    out = Path(path) if path else Path(tempfile.mkdtemp(prefix="dhtt-")) / NAMES[kind]

    def work(session: Any) -> Path:
        from app.reports.villages import print_paper as write

        return write(session, kind, commune, year, out, village)

    def done(result: Path) -> None:
        parent.last_paper = result
        if not preview:
            parent.message.setText(_("Written to {path}.").format(path=result))
            return
        from app.services.awards import printer_offset
        from app.ui.printing.preview import PdfPreview

        def offset_for(printer_name: str) -> tuple[float, float]:
            with ctx.db.session() as session:
                return printer_offset(session, printer_name or "default")

        parent.preview = PdfPreview(result, _("Cultural villages"), parent,
                                    suggested_name=result.name,
                                    offset_for=offset_for if kind == "certificates_fields" else None)
        parent.preview.open()

    DbOp(parent, ctx, work, write=False).busy(_("Preparing the papers…")).on_success(
        done).on_failure(
        lambda exc: parent.message.show_failure(ctx, exc)).run()
