"""HTML reports as PDF files, laid out by Qt's own rich text engine (no browser, works offscreen).

Safe on a worker thread: QTextDocument and QPdfWriter are reentrant and nothing here touches a widget.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

RESOLUTION_DPI = 300  # coordinates only: the PDF stays vector, this just keeps the numbers small


def write_pdf(html: str, path: Path) -> None:
    """Write `html` to `path` as an A4 PDF: 2 cm margins and page numbers, both added by QTextDocument.print_."""
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION_DPI)
    writer.setCreator("Counteroffer")
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter))
    document = QTextDocument()
    document.setHtml(html)
    writer.setTitle(document.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
    document.print_(writer)  # one call for every page: it lays out in the PDF's units and paginates
    del writer  # finishes the file
    if not path.is_file() or path.stat().st_size == 0:
        raise OSError(f"the PDF could not be written to {path}")
