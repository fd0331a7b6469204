"""The report as a Word file (python-docx): A4, real Heading 1/2 styles, tables with a repeating header row, the
dashboard's charts as images at text width, and 'pagina X van Y' in the footer. Partners edit and forward it."""
from __future__ import annotations

import io
import struct

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from lib import fmt, palette
from lib.report.model import Bullets, Figure, Para, Report, Table

PAGE_W, PAGE_H = Cm(21.0), Cm(29.7)
MARGIN = Cm(2.0)
TEXT_W_CM = 17.0
MAX_IMAGE_H_CM = 20.0
HEADER_FILL = palette.DOC_HEADER_FILL.lstrip("#")  # w:shd takes the hex digits alone
TOTAL_FILL = palette.DOC_TOTAL_FILL.lstrip("#")
GREY = RGBColor.from_string(palette.DOC_GREY.lstrip("#"))


def _setup(doc: Document, report: Report) -> None:
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = PAGE_W, PAGE_H
    sec.left_margin = sec.right_margin = MARGIN
    sec.top_margin, sec.bottom_margin = Cm(2.0), Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    rpr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")  # Dutch spelling check for the coordinator's edits
    lang.set(qn("w:val"), "nl-NL")
    rpr.append(lang)
    normal.paragraph_format.space_after = Pt(4)
    doc.styles["Title"].font.size = Pt(22)
    for name, size in (("Heading 1", 15), ("Heading 2", 12.5)):
        st = doc.styles[name]
        st.font.size = Pt(size)
        st.paragraph_format.space_before = Pt(14 if name == "Heading 1" else 10)
        st.paragraph_format.keep_with_next = True
    cp = doc.core_properties
    cp.title = f"{report.title} – {report.period}"
    cp.subject = "Maandrapportage flatcoaches aan Lieven de Key en de gemeente"
    cp.author = "Stichting Hart voor de K-buurt"
    cp.language = "nl-NL"
    _footer(sec, report)


def _run(p, text: str = ""):
    r = p.add_run(text)
    r.font.size = Pt(8.5)
    r.font.color.rgb = GREY
    return r


def _field(p, code: str) -> None:
    """A Word field (PAGE, NUMPAGES), one run per part as Word writes it: Word and LibreOffice fill in the number
    when the page is laid out; '1' stands in until then."""
    for kind, text in (("begin", None), ("instr", code), ("separate", None), ("text", "1"), ("end", None)):
        r = _run(p)
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        elif kind == "text":
            el = OxmlElement("w:t")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        r._r.append(el)


def _footer(sec, report: Report) -> None:
    p = sec.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, f"{report.footer} · pagina ")
    _field(p, "PAGE")
    _run(p, " van ")
    _field(p, "NUMPAGES")


def _style_id(doc: Document, name: str) -> str | None:
    """The paragraph style's id, looked up once per document: python-docx scans every style of the document for
    each paragraph given a style by name, which took a third of a report's time."""
    ids = doc.__dict__.setdefault("_flatcoach_style_ids", {})
    if name not in ids:
        ids[name] = doc.part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
    return ids[name]


def _styled(doc: Document, text: str = "", style: str | None = None):
    """doc.add_paragraph(text, style), with the style id from _style_id."""
    par = doc.add_paragraph(text)
    if style is not None:
        par._p.style = _style_id(doc, style)
    return par


def _heading(doc: Document, text: str, level: int):
    """doc.add_heading(text, level), with the style id from _style_id."""
    return _styled(doc, text, "Title" if level == 0 else f"Heading {level}")


def _para(doc: Document, p: Para, style: str | None = None) -> None:
    par = _styled(doc, style=style)
    if p.style == "subhead":
        par.paragraph_format.keep_with_next = True
        par.paragraph_format.space_before = Pt(8)
        par.paragraph_format.space_after = Pt(2)
        par.add_run(p.text).bold = True
        return
    if p.lead:
        par.add_run(p.lead).bold = True
    if p.meta:
        m = par.add_run(p.meta)
        m.italic = True
        m.font.color.rgb = GREY
    run = par.add_run(p.text)
    if p.style == "note":
        for r in par.runs:
            r.font.size = Pt(9)
            r.font.italic = True
            r.font.color.rgb = GREY
    elif p.style == "quote":
        par.paragraph_format.left_indent = Cm(0.8)
        run.italic = True


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _no_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def _cell_margins(table, top: int = 35, side: int = 80) -> None:
    """Some air inside the cells (twentieths of a point), as Word's own table styles have."""
    tblpr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for edge, size in (("top", top), ("left", side), ("bottom", top), ("right", side)):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(size))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblpr.append(mar)


def _table(doc: Document, t: Table) -> None:
    if t.caption:
        cap = doc.add_paragraph()
        cap.paragraph_format.keep_with_next = True
        cap.paragraph_format.space_before = Pt(6)
        r = cap.add_run(t.caption)
        r.bold = True
        r.font.size = Pt(9.5)
    table = doc.add_table(rows=1 + len(t.rows), cols=len(t.columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    _cell_margins(table)
    total_w = sum(t.widths)
    widths = [Cm(TEXT_W_CM * t.width * w / total_w) for w in t.widths]
    for i, row in enumerate(table.rows):
        cells = t.columns if i == 0 else t.rows[i - 1]
        is_total = t.total and i == len(t.rows)
        _no_split(row)
        for j, cell in enumerate(row.cells):
            cell.width = widths[j]
            par = cell.paragraphs[0]
            par.paragraph_format.space_after = Pt(0)
            par.alignment = WD_ALIGN_PARAGRAPH.RIGHT if t.align[j] == "r" else WD_ALIGN_PARAGRAPH.LEFT
            run = par.add_run(str(cells[j]))
            run.font.size = Pt(9)
            if i == 0 or is_total:
                run.bold = True
            if i == 0:
                _shade(cell, HEADER_FILL)
            elif is_total:
                _shade(cell, TOTAL_FILL)
        if i == 0:
            _repeat_header(row)
        if len(t.rows) <= 12 and i < len(t.rows):  # a short table stays on one page
            for cell in row.cells:
                cell.paragraphs[0].paragraph_format.keep_with_next = True
    for j, col in enumerate(table.columns):
        col.width = widths[j]
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels from the PNG header."""
    w, h = struct.unpack(">II", png[16:24])
    return w, h


def _figure(doc: Document, f: Figure) -> None:
    png = f.png()
    w, h = png_size(png)
    width_cm = TEXT_W_CM
    if h / w * width_cm > MAX_IMAGE_H_CM:
        width_cm = MAX_IMAGE_H_CM * w / h
    title = doc.add_paragraph()
    title.paragraph_format.keep_with_next = True
    title.paragraph_format.space_before = Pt(8)
    r = title.add_run(f.title)
    r.bold = True
    r.font.size = Pt(9.5)
    doc.add_picture(io.BytesIO(png), width=Cm(width_cm))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.paragraphs[-1].paragraph_format.keep_with_next = bool(f.caption)
    if f.caption:
        _para(doc, Para(f.caption, style="note"))


def _cover(doc: Document, report: Report) -> None:
    for _ in range(3 if report.cover_page else 0):
        doc.add_paragraph()
    _styled(doc, report.title, "Title")
    sub = _styled(doc, report.cover[0][1], "Subtitle")
    sub.paragraph_format.space_after = Pt(18)
    table = doc.add_table(rows=len(report.cover) - 1, cols=2)
    table.autofit = False
    _cell_margins(table, top=20, side=0)
    table.columns[0].width, table.columns[1].width = Cm(3.5), Cm(13.5)
    for row, (k, v) in zip(table.rows, report.cover[1:]):
        row.cells[0].width, row.cells[1].width = Cm(3.5), Cm(13.5)
        a = row.cells[0].paragraphs[0].add_run(k)
        a.bold = True
        row.cells[1].paragraphs[0].add_run(v)
    doc.add_paragraph()
    _heading(doc, "In het kort", 2)
    for p in report.summary:
        _para(doc, p, style="List Bullet")
    if report.cover_page:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def to_docx(report: Report) -> bytes:
    doc = Document()
    _setup(doc, report)
    _cover(doc, report)
    for s in report.sections:
        if s.key == "bijlage":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _heading(doc, s.title, s.level)
        prev = None
        for b in s.blocks:
            if isinstance(b, Para):
                _para(doc, b)
            elif isinstance(b, Bullets):
                for p in b.items:
                    _para(doc, p, style="List Bullet")
            elif isinstance(b, (Table, Figure)):
                if isinstance(prev, Para):  # the sentence that introduces a table or chart stays on its page
                    doc.paragraphs[-1].paragraph_format.keep_with_next = True
                (_table if isinstance(b, Table) else _figure)(doc, b)
            prev = b
    end = doc.add_paragraph()
    end.paragraph_format.space_before = Pt(12)
    r = end.add_run(f"Opgemaakt op {fmt.day(report.made_on, long=True)} met het dashboard Flatcoaches K-buurt.")
    r.font.size = Pt(8.5)
    r.font.color.rgb = GREY
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
