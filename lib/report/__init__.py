"""The monthly report (maandrapportage) for De Key and the gemeente: one format-free model, three renderers.

`content.build()` turns the clean data of one month (or the whole project) into a `content.Report`; the renderers
write it as DOCX (lib.report.docx), PDF (lib.report.pdf) or Markdown (lib.report.markdown). `render()` picks one.
No Streamlit here: the page and the CLI both call in.
"""
from __future__ import annotations

from lib.report.content import build
from lib.report.model import Report

FORMATS = {
    "docx": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("PDF", "application/pdf"),
    "md": ("Markdown", "text/markdown"),
}


def render(report: Report, fmt: str) -> bytes:
    """The report as the bytes of one file format: 'docx', 'pdf' or 'md' (Markdown without images)."""
    if fmt == "docx":
        from lib.report.docx import to_docx

        return to_docx(report)
    if fmt == "pdf":
        from lib.report.pdf import to_pdf

        return to_pdf(report)
    if fmt == "md":
        from lib.report.markdown import to_markdown

        return to_markdown(report).encode("utf-8")
    raise ValueError(f"unknown report format {fmt!r}")


def filename(report: Report, fmt: str) -> str:
    """'maandrapportage-flatcoaches-2022-01.docx' (or '...-project.pdf')."""
    return f"maandrapportage-flatcoaches-{report.month or 'project'}.{fmt}"


__all__ = ["FORMATS", "Report", "build", "filename", "render"]
