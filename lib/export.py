"""Tables as downloads: CSV (Dutch Excel opens it right: ';' separated, ',' decimals, UTF-8 with BOM) and XLSX."""
from __future__ import annotations

import io

import pandas as pd


def _plain(df: pd.DataFrame) -> pd.DataFrame:
    """Lists (checkbox answers) as 'a, b' text, so both formats show them as the sheet did."""
    out = df.copy()
    for c in out.columns:
        if out[c].map(lambda v: isinstance(v, (list, tuple))).any():
            out[c] = out[c].map(lambda v: ", ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return out


def to_csv(df: pd.DataFrame) -> bytes:
    return _plain(df).to_csv(index=False, sep=";", decimal=",", date_format="%d-%m-%Y %H:%M").encode("utf-8-sig")


def to_xlsx(df: pd.DataFrame, sheet: str = "Gegevens") -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        _plain(df).to_excel(xw, index=False, sheet_name=sheet[:31])
        ws = xw.sheets[sheet[:31]]
        for col in ws.columns:  # readable column widths
            width = max(len(str(c.value or "")) for c in col[:200])
            ws.column_dimensions[col[0].column_letter].width = min(max(width + 2, 8), 60)
    return buf.getvalue()
