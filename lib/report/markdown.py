"""The report as Markdown: for a quick look, and for the preview on the page (figures drawn between the text)."""
from __future__ import annotations

import re
from pathlib import Path

from lib import fmt
from lib.report.model import Block, Bullets, Figure, Para, Report, Table

_SPECIAL = re.compile(r"([\\`*_\[\]<>|$~])")


def esc(text: str) -> str:
    """Coaches' texts shown as written: Markdown (and Streamlit's $...$ maths) characters escaped."""
    out = _SPECIAL.sub(r"\\\1", str(text))
    return re.sub(r"^(\s*)([#>+-]|\d+\.)(\s)", r"\1\\\2\3", out, flags=re.MULTILINE)


def _para(p: Para) -> str:
    lead = f"**{esc(p.lead.strip())}** " if p.lead.strip() else ""
    if p.meta.strip():
        lead += f"*{esc(p.meta.strip())}* "
    text = esc(p.text).replace("\n", "  \n")
    if p.style == "note":
        return f"*{lead}{text}*" if text else lead
    if p.style == "subhead":
        return f"**{text}**"
    if p.style == "quote":
        return f"> {lead}{text}"
    return f"{lead}{text}".strip()


def _table(t: Table) -> str:
    def row(cells: list[str], bold: bool = False) -> str:
        cells = [esc(c).replace("\n", " ") for c in cells]
        if bold:
            cells = [f"**{c}**" if c else c for c in cells]
        return "| " + " | ".join(cells) + " |"

    lines = []
    if t.caption:
        lines.append(f"**{esc(t.caption)}**\n")
    lines.append(row(t.columns))
    lines.append("|" + "|".join("---:" if a == "r" else ":---" for a in t.align) + "|")
    for i, r in enumerate(t.rows):
        lines.append(row(r, bold=t.total and i == len(t.rows) - 1))
    return "\n".join(lines)


def _block(b: Block) -> str:
    if isinstance(b, Para):
        return _para(b)
    if isinstance(b, Bullets):
        return "\n".join(f"- {_para(p)}" for p in b.items)
    if isinstance(b, Table):
        return _table(b)
    raise TypeError(type(b))


def _cover(report: Report, top: int = 1) -> str:
    h = "#" * top
    lines = [f"{h} {esc(report.title)}", "", f"**{esc(report.cover[0][1])}**", ""]
    lines += [f"- **{esc(k)}:** {esc(v)}" for k, v in report.cover[1:]]
    lines += ["", f"{h}# In het kort", ""]
    lines += [f"- {_para(p)}" for p in report.summary]
    return "\n".join(lines)


def parts(report: Report, top: int = 1, tables: bool = False) -> list[str | Figure | Table]:
    """The report as Markdown chunks with the figures in between, in reading order.

    top: the heading level of the title (sections one below it). The page's preview sits under its own headings
    and on a phone a level-1 title breaks mid-word, so it asks for a smaller one.
    tables: hand the tables over as Table objects, for a preview that shows them as scrollable tables (a
    Markdown table wider than a phone is cut off)."""
    out: list[str | Figure | Table] = [_cover(report, top)]
    buf: list[str] = []
    for s in report.sections:
        buf.append(f"{'#' * min(s.level + top, 6)} {esc(s.title)}")
        for b in s.blocks:
            if isinstance(b, Figure) or (tables and isinstance(b, Table)):
                if buf:
                    out.append("\n\n".join(buf))
                buf = []
                out.append(b)
            else:
                buf.append(_block(b))
    if buf:
        out.append("\n\n".join(buf))
    return out


def to_markdown(report: Report, image_dir: Path | None = None, image_link: str = "") -> str:
    """One Markdown text. With image_dir, the figures are written there as PNG and linked (via image_link, the
    folder as seen from the Markdown file); without it a line says where the figure can be found."""
    chunks, n = [], 0
    for p in parts(report):
        if isinstance(p, Figure):
            n += 1
            if image_dir is not None:
                image_dir.mkdir(parents=True, exist_ok=True)
                name = f"grafiek-{n}.png"
                (image_dir / name).write_bytes(p.png())
                link = f"{image_link.rstrip('/')}/{name}" if image_link else name
                chunks.append(f"**{esc(p.title)}**\n\n![{esc(p.title)}]({link})" +
                              (f"\n\n*{esc(p.caption)}*" if p.caption else ""))
            else:
                chunks.append(f"**{esc(p.title)}**\n\n*(Grafiek: zie de DOCX- of PDF-versie van deze rapportage.)*")
        elif p:
            chunks.append(p)
    text = "\n\n".join(chunks)
    text += f"\n\n---\n\n*{esc(report.footer)} · opgemaakt op {fmt.day(report.made_on, long=True)}*\n"
    return text
