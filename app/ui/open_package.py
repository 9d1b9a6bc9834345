"""Opening a sync package file given to the program (the ``.dhtt`` file association)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMainWindow

from app.i18n import _
from app.ui.dialogs import show_error


def open_package(window: QMainWindow, path: Path) -> bool:
    """Show the Sync tab and hand it ``path``; ``True`` when the tab took the file.

    The tab takes the file through its ``import_from(path)`` method, which starts the
    import with its dry-run summary; a tab without one gets a message saying where the
    file is, so a double-clicked package is never silently ignored.
    """
    from app.ui.sync.tab import SyncTab

    tabs = getattr(window, "tabs", None)
    sync = None
    if tabs is not None:
        for index in range(tabs.count()):
            if isinstance(tabs.widget(index), SyncTab):
                sync = tabs.widget(index)
                tabs.setCurrentIndex(index)
                break
    if not path.is_file():
        show_error(window, _("The package file {path} cannot be found. It may have been "
                             "moved or the USB stick removed.").format(path=path))
        return False
    handler = getattr(sync, "import_from", None)
    if callable(handler):
        handler(str(path))
        return True
    show_error(window, _("This version of DHTT cannot import sync packages yet. Keep the "
                         "file {path} and import it after updating the program.").format(path=path))
    return False
