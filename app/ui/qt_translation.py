"""Vietnamese for Qt's own strings (buttons, file dialogs, context menus).

Qt ships no Vietnamese translation (there is no qtbase_vi.qm), so this translator answers
Qt's lookups from our gettext catalog ``qt.po``, where each entry's ``msgctxt`` is the Qt
context (``QPlatformTheme``, ``QLineEdit``, ``QFileDialog`` …).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from app.i18n import pgettext_or_none


class CatalogTranslator(QTranslator):
    """A QTranslator backed by the gettext catalogs."""

    def translate(self, context: str, source: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:  # noqa: ARG002 - Qt's signature
        # None (a null QString) tells Qt "not translated here"; "" would blank the text.
        if not context or not source:
            return None
        return pgettext_or_none(context, source)

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


def install(app: QCoreApplication) -> CatalogTranslator:
    """Vietnamese for Qt's strings, and the vi_VN locale for dates and numbers whatever the
    system's language (month and weekday names of calendars, "0,0 mm" in spin boxes)."""
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    translator = CatalogTranslator(app)
    app.installTranslator(translator)
    return translator
