"""Tables as downloads: CSV (Dutch Excel opens it right: ';' separated, ',' decimals, UTF-8 with BOM) and XLSX.

Every text cell leaves inert: sheet answers are typed by anyone with the form link, and a description such as
`=HYPERLINK("http://…";"klik")` must not become a live formula in the coordinator's Excel (OWASP, "CSV Injection").
CSV: text that starts with = + - @, a tab or a carriage return gets a leading apostrophe (Excel then shows it as
text). XLSX: such text is written as a string cell with Excel's quote prefix, never as a formula. Numbers stay
numbers (-12.5 is a number cell, not text), and so does text that is only a number ("-12,5").
"""
from __future__ import annotations

import io
import re

import pandas as pd

# Characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (or DDE call), also when a
# spreadsheet skips leading spaces; the full-width forms because Excel in East Asian locales accepts them too.
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Text that is only a number (Dutch or US notation) runs nothing: "-12,5" stays as it is.
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d{1,3}([.,]\d{3})*|\d+)([.,]\d+)?$")


def risky(text: str) -> bool:
    """Whether a spreadsheet program could run this text as a formula when it opens the download."""
    if not text or not (text.startswith(_TRIGGERS) or text.lstrip(" ").startswith(_TRIGGERS)):
        return False
    return not _PLAIN_NUMBER.match(text.strip())


def _inert_csv(value: object) -> object:
    return "'" + value if isinstance(value, str) and risky(value) else value


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Lists (checkbox answers) as 'a, b' text, so both formats show them as the sheet did."""
    out = df.copy()
    for c in out.columns:
        if out[c].map(lambda v: isinstance(v, (list, tuple))).any():
            out[c] = out[c].map(lambda v: ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out


def to_csv(df: pd.DataFrame) -> bytes:
    out = _plain(df)
    # the header too: a pivot's column names come from the sheet (a coach's name, a budget line)
    out.columns = [_inert_csv(str(c)) for c in out.columns]
    for i, kind in enumerate(out.dtypes):
        if kind == object or isinstance(kind, (pd.StringDtype, pd.CategoricalDtype)):  # noqa: E721 (a dtype)
            out.isetitem(i, out.iloc[:, i].astype(object).map(_inert_csv))
    # CRLF rows (RFC 4180): then a CR or LF inside a cell is quoted, and cannot split a row in Excel
    return out.to_csv(index=False, sep=";", decimal=",", date_format="%d-%m-%Y %H:%M",
                      lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx(df: pd.DataFrame, sheet: str = "Gegevens") -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        _plain(df).to_excel(xw, index=False, sheet_name=sheet[:31])
        ws = xw.sheets[sheet[:31]]
        for row in ws.iter_rows():
            for cell in row:
                _inert_xlsx(cell)
        for col in ws.columns:  # readable column widths
            width = max(len(str(c.value or "")) for c in col[:200])
            ws.column_dimensions[col[0].column_letter].width = min(max(width + 2, 8), 60)
    return buf.getvalue()


def _inert_xlsx(cell) -> None:
    """A text cell stays text: openpyxl writes any str starting with '=' as a formula, so make it a string cell;
    the quote prefix keeps Excel from turning it into a formula when someone edits the cell."""
    if cell.data_type == "f" or (isinstance(cell.value, str) and risky(cell.value)):
        cell.data_type = "s"
        cell.quotePrefix = True
