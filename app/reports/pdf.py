"""HTML reports as PDF files, laid out by Qt's own rich text engine (no browser, works offscreen).

Safe on a worker thread: QTextDocument and QPdfWriter are reentrant and nothing here touches a widget.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

RESOLUTION_DPI = 300  # coordinates only: the PDF stays vector, this just keeps the numbers small


_app: QGuiApplication | None = None  # made here only when the command line writes a PDF


def _ensure_gui_application() -> None:
    """Qt needs an application object for fonts; the window has one, the command line gets an offscreen one."""
    global _app
    if QGuiApplication.instance() is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _app = QGuiApplication(sys.argv[:1])


def write_pdf(html: str, path: Path) -> None:
    """Write `html` to `path` as an A4 PDF: 2 cm margins and page numbers, both added by QTextDocument.print_.
    From a worker thread only when an application object exists already (the window's)."""
    _ensure_gui_application()
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION_DPI)
    writer.setCreator("Counteroffer")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
            QPageLayout.Unit.Millimeter,
        )
    )
    document = QTextDocument()
    document.setHtml(html)
    writer.setTitle(document.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
    document.print_(writer)  # one call for every page: it lays out in the PDF's units and paginates
    del writer  # finishes the file
    if not path.is_file() or path.stat().st_size == 0:
        raise OSError(f"the PDF could not be written to {path}")
