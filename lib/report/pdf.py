"""The report as PDF for the archive (reportlab platypus): A4, headings in the outline, tables that wrap and repeat
their header row across pages, the dashboard's charts at text width, 'pagina X van Y' at the foot of each page.
The built-in Helvetica covers € and the Dutch accents (WinAnsi), so no font files are needed."""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfgen import canvas as canvas_mod
from reportlab.platypus import (
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as RLTable

from lib import fmt, palette
from lib.report.docx import png_size
from lib.report.model import Bullets, Figure, Para, Report, Table

MARGIN = 2 * cm
TEXT_W = A4[0] - 2 * MARGIN
MAX_IMAGE_H = 19 * cm
HEADER_FILL = colors.HexColor(palette.DOC_HEADER_FILL)
TOTAL_FILL = colors.HexColor(palette.DOC_TOTAL_FILL)
GRID = colors.HexColor(palette.DOC_GRID)
ACCENT = colors.HexColor(palette.DOC_ACCENT)
GREY = colors.HexColor(palette.DOC_GREY)


def _styles() -> dict[str, ParagraphStyle]:
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName="Helvetica", fontSize=10, leading=13.5,
                          spaceAfter=4)
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName="Helvetica-Bold", fontSize=24, leading=30,
                                alignment=0, textColor=ACCENT, spaceAfter=6),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=15, leading=19,
                                   textColor=colors.HexColor(palette.DOC_SUBTITLE), spaceAfter=18),
        "h1": ParagraphStyle("h1", parent=base["Heading1"], fontName="Helvetica-Bold", fontSize=15, leading=19,
                             textColor=ACCENT, spaceBefore=14, spaceAfter=6, keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName="Helvetica-Bold", fontSize=12, leading=15,
                             textColor=ACCENT, spaceBefore=10, spaceAfter=4, keepWithNext=1),
        "body": body,
        "note": ParagraphStyle("note", parent=body, fontName="Helvetica-Oblique", fontSize=8.5, leading=11,
                               textColor=GREY),
        "quote": ParagraphStyle("quote", parent=body, fontName="Helvetica-Oblique", leftIndent=0.8 * cm),
        "bullet": ParagraphStyle("bullet", parent=body, spaceAfter=2),
        "subhead": ParagraphStyle("subhead", parent=body, fontName="Helvetica-Bold", spaceBefore=6, spaceAfter=2,
                                  keepWithNext=1),
        "caption": ParagraphStyle("caption", parent=body, fontName="Helvetica-Bold", fontSize=9.5, spaceBefore=6,
                                  spaceAfter=3, keepWithNext=1),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0),
        "cell_r": ParagraphStyle("cell_r", parent=body, fontSize=8.5, leading=10.5, spaceAfter=0, alignment=TA_RIGHT),
        "cell_h": ParagraphStyle("cell_h", parent=body, fontName="Helvetica-Bold", fontSize=8.5, leading=10.5,
                                 spaceAfter=0),
        "cell_hr": ParagraphStyle("cell_hr", parent=body, fontName="Helvetica-Bold", fontSize=8.5, leading=10.5,
                                  spaceAfter=0, alignment=TA_RIGHT),
        "center": ParagraphStyle("center", parent=body, alignment=TA_CENTER),
    }


def _markup(p: Para) -> str:
    lead = f"<b>{escape(p.lead)}</b>" if p.lead else ""
    meta = f"<i>{escape(p.meta)}</i>" if p.meta else ""
    return lead + meta + escape(p.text).replace("\n", "<br/>")


class _Doc(SimpleDocTemplate):
    """Headings go into the PDF outline (the bookmarks pane) so a reader can jump to a section."""

    def afterFlowable(self, flowable) -> None:
        level = getattr(flowable, "_outline_level", None)
        if level is None:
            return
        key = f"h{id(flowable)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level, closed=False)


def _numbered_canvas(footer: str):
    class NumberedCanvas(canvas_mod.Canvas):
        """Keeps every page until the end so each footer can say 'pagina X van Y'."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont("Helvetica", 8)
                self.setFillColor(GREY)
                self.drawCentredString(A4[0] / 2, 1.1 * cm, f"{footer} · pagina {self._pageNumber} van {total}")
                super().showPage()
            super().save()

    return NumberedCanvas


def _table(t: Table, st: dict[str, ParagraphStyle]) -> list:
    total_w = sum(t.widths)
    widths = [TEXT_W * t.width * w / total_w for w in t.widths]
    data = []
    for i, row in enumerate([t.columns, *t.rows]):
        bold = i == 0 or (t.total and i == len(t.rows))
        cells = []
        for j, v in enumerate(row):
            right = t.align[j] == "r"
            style = st[("cell_hr" if right else "cell_h") if bold else ("cell_r" if right else "cell")]
            cells.append(Paragraph(escape(str(v)).replace("\n", "<br/>"), style))
        data.append(cells)
    tbl = RLTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    cmds = [
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if t.total:
        cmds.append(("BACKGROUND", (0, -1), (-1, -1), TOTAL_FILL))
    tbl.setStyle(TableStyle(cmds))
    out = []
    if t.caption:
        out.append(Paragraph(escape(t.caption), st["caption"]))
    out += [tbl, Spacer(1, 6)]
    # A short table stays in one piece with its caption; a long one may break (its header row repeats).
    return [KeepTogether(out)] if len(t.rows) <= 12 else out


def _figure(f: Figure, st: dict[str, ParagraphStyle]) -> list:
    png = f.png()
    w, h = png_size(png)
    width = TEXT_W
    height = width * h / w
    if height > MAX_IMAGE_H:
        height = MAX_IMAGE_H
        width = height * w / h
    parts = [Paragraph(escape(f.title), st["caption"]), Image(io.BytesIO(png), width=width, height=height)]
    if f.caption:
        parts.append(Paragraph(escape(f.caption), st["note"]))
    return [KeepTogether(parts), Spacer(1, 6)]


def _heading(text: str, level: int, st: dict[str, ParagraphStyle], outline: bool = True) -> Paragraph:
    p = Paragraph(escape(text), st["h1" if level == 1 else "h2"])
    if outline:
        p._outline_level = level - 1
    return p


def to_pdf(report: Report) -> bytes:
    st = _styles()
    story: list = [Spacer(1, (3 if report.cover_page else 0.3) * cm), Paragraph(escape(report.title), st["title"]),
                   Paragraph(escape(report.cover[0][1]), st["subtitle"])]
    cover = RLTable([[Paragraph(f"<b>{escape(k)}</b>", st["body"]), Paragraph(escape(v), st["body"])]
                     for k, v in report.cover[1:]], colWidths=[3.5 * cm, TEXT_W - 3.5 * cm], hAlign="LEFT")
    cover.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [cover, Spacer(1, 0.8 * cm), _heading("In het kort", 2, st, outline=False)]
    story.append(ListFlowable([ListItem(Paragraph(_markup(p), st["bullet"]), leftIndent=12) for p in report.summary],
                              bulletType="bullet", start="•", bulletFontName="Helvetica", leftIndent=12))
    if report.cover_page:
        story.append(PageBreak())
    for s in report.sections:
        if s.key == "bijlage":
            story.append(PageBreak())

        flow: list = []
        for b in s.blocks:
            if isinstance(b, Para):
                flow.append(Paragraph(_markup(b), st.get(b.style, st["body"])))
            elif isinstance(b, Bullets):
                flow.append(ListFlowable(
                    [ListItem(Paragraph(_markup(p), st["bullet"]), leftIndent=12) for p in b.items],
                    bulletType="bullet", start="•", bulletFontName="Helvetica", leftIndent=12))
            elif isinstance(b, Table):
                flow += _table(b, st)
            elif isinstance(b, Figure):
                flow += _figure(b, st)
        # A sentence that introduces a table or chart travels with it; so does the heading with what follows it:
        # never a heading or an introduction alone at the foot of a page.
        merged: list = []
        for f in flow:
            if isinstance(f, KeepTogether) and merged and isinstance(merged[-1], Paragraph) \
                    and merged[-1].style.name in ("body", "caption"):
                f = KeepTogether([merged.pop(), *f._content])
            merged.append(f)
        flow = merged
        head = _heading(s.title, s.level, st)
        if not flow:
            story.append(head)
        elif isinstance(flow[0], KeepTogether):
            story.append(KeepTogether([head, *flow[0]._content]))
            story += flow[1:]
        else:
            story.append(KeepTogether([head, flow[0]]))
            story += flow[1:]
    story += [Spacer(1, 12), Paragraph(escape(f"Opgemaakt op {fmt.day(report.made_on, long=True)} met het dashboard "
                                              "Flatcoaches K-buurt."), st["note"])]
    buf = io.BytesIO()
    doc = _Doc(buf, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN,
               title=f"{report.title} – {report.period}", author="Stichting Hart voor de K-buurt",
               subject="Maandrapportage flatcoaches", lang="nl-NL")
    doc.build(story, canvasmaker=_numbered_canvas(report.footer))
    return buf.getvalue()
