"""Render logical cell values the way each source shape delivers them: Sheets API serials, xlsx cells, CSV strings."""
from __future__ import annotations

import datetime as dt

SHAPES = ("api", "xlsx", "csv-nl", "csv-us")
EPOCH = dt.datetime(1899, 12, 30)


def cell(value: object, shape: str) -> object:
    if value is None:
        return "" if shape.startswith("csv") else None
    if isinstance(value, dt.datetime):
        if shape == "api":
            return (value - EPOCH).total_seconds() / 86400
        if shape == "xlsx":
            return value
        if shape == "csv-nl":
            return f"{value.day}-{value.month}-{value.year} {value.hour}:{value.minute:02d}:{value.second:02d}"
        return f"{value.month}/{value.day}/{value.year} {value.hour}:{value.minute:02d}:{value.second:02d}"
    if isinstance(value, dt.date):
        if shape == "api":
            return (dt.datetime.combine(value, dt.time()) - EPOCH).days
        if shape == "xlsx":
            return dt.datetime.combine(value, dt.time())
        if shape == "csv-nl":
            return f"{value.day}-{value.month}-{value.year}"
        return f"{value.month}/{value.day}/{value.year}"
    if isinstance(value, dt.time):
        if shape == "api":
            return (value.hour * 3600 + value.minute * 60 + value.second) / 86400
        if shape == "xlsx":
            return value
        if shape == "csv-nl":
            return f"{value.hour}:{value.minute:02d}:{value.second:02d}"
        h12 = value.hour % 12 or 12
        return f"{h12}:{value.minute:02d}:{value.second:02d} {'PM' if value.hour >= 12 else 'AM'}"
    if isinstance(value, float):
        if shape in ("api", "xlsx"):
            return value
        return str(value).replace(".", ",") if shape == "csv-nl" else str(value)
    return value


def row(values: list[object], shape: str) -> list[object]:
    return [cell(v, shape) for v in values]
