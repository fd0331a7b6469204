"""Meldingen, Opvolging and Datakwaliteit charts and tables: signals per week, kinds per week, floor x spot per
tower, where signals were passed on, the actions list, rejected rows and warnings. Input frames come from
lib.metrics; this module only shapes and labels them (Dutch headers, colours from lib.palette) and counts nothing."""
from __future__ import annotations

import altair as alt
import pandas as pd

from lib import fmt, metrics, palette, schema
from lib.charts.common import category_color, kept, place_color

WEEK_LABEL = "'wk ' + toNumber(split(datum.value, '-W')[1])"
COUNT_SCHEME = "orangered"
H = schema.SIGNALS.header  # the form's own question texts, so the table reads like the sheet


def _bottom_legend(color: alt.Color) -> alt.Color:
    """The legend under the chart: on a phone a legend beside it takes half the width."""
    return color.legend(orient="bottom", direction="horizontal", title=None)


def _week_x(weeks: list[str]) -> alt.X:
    return alt.X("week:O", title=None, scale=alt.Scale(domain=weeks),
                 axis=alt.Axis(labelExpr=WEEK_LABEL, labelAngle=0, labelOverlap=True))


def _week_name(df: pd.DataFrame) -> pd.Series:
    return df["week"].map(fmt.week)


@kept
def per_week(df: pd.DataFrame, by: str, weeks: list[str], order: list[str] | None = None) -> alt.Chart:
    """Stacked bars from metrics.signals_per_week (by 'category' or 'location'), every week of the period shown."""
    d = df.assign(weeknaam=_week_name(df))
    color = _bottom_legend(category_color(by) if by == "category" else place_color(by))
    title = "Categorie" if by == "category" else "Plek"
    order = order or (list(schema.CATEGORIES) if by == "category" else list(schema.LOCATIONS))
    d["_o"] = d[by].map({v: i for i, v in enumerate(order)}).fillna(len(order))
    return alt.Chart(d).mark_bar().encode(
        x=_week_x(weeks),
        y=alt.Y("sum(signals):Q", title="Meldingen", axis=alt.Axis(tickMinStep=1, format="d")),
        color=color,
        order=alt.Order("_o:Q"),
        tooltip=[alt.Tooltip("weeknaam:N", title="Week"), alt.Tooltip(f"{by}:N", title=title),
                 alt.Tooltip("signals:Q", title="Meldingen")],
    ).properties(height=260)


@kept
def week_grid(df: pd.DataFrame, by: str, weeks: list[str], order: list[str], title: str) -> alt.Chart:
    """A value x week grid (kinds, or where signals were passed on), the count in each cell."""
    d = df.assign(weeknaam=_week_name(df))
    rows = [o for o in order if o in set(d[by])] + sorted(set(d[by]) - set(order))
    base = alt.Chart(d).encode(
        x=_week_x(weeks),
        y=alt.Y(f"{by}:N", title=None, sort=rows, axis=alt.Axis(labelLimit=190)),
    )
    top = float(d["signals"].max()) if len(d) else 1.0
    cells = base.mark_rect(stroke=palette.WHITE, strokeWidth=2).encode(
        color=alt.Color("signals:Q", title="Meldingen", scale=alt.Scale(scheme=COUNT_SCHEME, domainMin=0),
                        legend=None),
        tooltip=[alt.Tooltip("weeknaam:N", title="Week"), alt.Tooltip(f"{by}:N", title=title),
                 alt.Tooltip("signals:Q", title="Meldingen")],
    )
    text = base.mark_text(fontSize=11).encode(
        text="signals:Q",
        color=alt.condition(f"datum.signals > {top * 0.55}", alt.value(palette.WHITE), alt.value(palette.TEXT)),
    )
    return (cells + text).properties(height=28 * len(rows) + 40)


@kept
def floor_spot(df: pd.DataFrame, floors: list[str], spots: list[str], tower: str, top: int | None = None) -> alt.Chart:
    """Floor x spot heatmap for one tower (metrics.floor_spot): the top floor at the top, the basement at the
    bottom, other answers (n.v.t., unknown) below it; every floor of the building is a row, also without signals,
    so the picture reads as the building. `floors` is bottom to top (floors_for). `top` is the highest count over
    all towers, so one shade means the same number in every tower's grid."""
    top = top or (int(df["signals"].max()) if len(df) else 1)
    building = [f for f in floors if f in schema.FLOORS and f != "n.v.t."]
    rows = list(reversed(building)) + [f for f in floors if f not in building]
    colour = palette.PLACE.get(tower, palette.ACTUAL)
    base = alt.Chart(df.assign(toren=tower)).encode(
        x=alt.X("spot:N", title=None, sort=spots, scale=alt.Scale(domain=spots),
                axis=alt.Axis(labelAngle=-50, labelLimit=120, orient="top", labelOverlap=False)),
        y=alt.Y("floor:N", title=None, sort=rows, scale=alt.Scale(domain=rows),
                axis=alt.Axis(labelOverlap=False, labelFontSize=11)),
    )
    cells = base.mark_rect(stroke=palette.WHITE, strokeWidth=1.5).encode(
        color=alt.Color("signals:Q", title="Meldingen", legend=None,
                        scale=alt.Scale(range=[palette.EMPTY_CELL, colour], domain=[0, top])),
        tooltip=[alt.Tooltip("toren:N", title="Toren"), alt.Tooltip("floor:N", title="Verdieping"),
                 alt.Tooltip("spot:N", title="Plek"), alt.Tooltip("signals:Q", title="Meldingen")],
    )
    text = base.mark_text(fontSize=11).encode(
        text="signals:Q",
        color=alt.condition(f"datum.signals > {top * 0.5}", alt.value(palette.WHITE), alt.value(palette.TEXT)),
    )
    # Streamlit fits the whole chart (title and the slanted labels too) into the height: leave room for them.
    return (cells + text).properties(height=20 * len(floors) + 130, title=alt.Title(tower, anchor="start",
                                                                                      color=colour))


def floors_for(tower_floors: list[str], fs: pd.DataFrame) -> list[str]:
    """The building's floors (bottom to top) plus any other answer seen (n.v.t., unknown, typed by hand)."""
    seen = [f for f in fs["floor"].unique() if f not in tower_floors] if len(fs) else []
    return tower_floors + sorted(seen, key=lambda f: (metrics.floor_rank(f), f))


def spots_for(frames: list[pd.DataFrame]) -> list[str]:
    """The spots seen in any tower, in the form's order, so the towers' grids line up."""
    seen = set().union(*[set(f["spot"]) for f in frames if len(f)]) if frames else set()
    order = [*schema.SPOTS, metrics.UNKNOWN_FLOOR]
    return [s for s in order if s in seen] + sorted(seen - set(order))


@kept
def place_bars(per_place: pd.DataFrame, order: list[str]) -> alt.Chart:
    """Per place (the partner's order) a bar split by category, from metrics.signals_per_place."""
    d = per_place.melt(id_vars=["location", "signals"], value_vars=list(schema.CATEGORIES), var_name="category",
                       value_name="n")
    d = d[d["n"] > 0].assign(_o=lambda x: x["category"].map({c: i for i, c in enumerate(schema.CATEGORIES)}))
    return alt.Chart(d).mark_bar().encode(
        y=alt.Y("location:N", title=None, sort=order, scale=alt.Scale(domain=order), axis=alt.Axis(labelLimit=140)),
        x=alt.X("sum(n):Q", title="Meldingen", axis=alt.Axis(tickMinStep=1, format="d")),
        # Two entries a row: the chart sits in a narrow column beside the map, where one row of four is cut off.
        color=category_color().legend(orient="bottom", direction="horizontal", title=None, columns=2),
        order=alt.Order("_o:Q"),
        tooltip=[alt.Tooltip("location:N", title="Plek"), alt.Tooltip("category:N", title="Categorie"),
                 alt.Tooltip("n:Q", title="Meldingen"), alt.Tooltip("signals:Q", title="Alle meldingen hier")],
    ).properties(height=34 * len(order) + 110)


@kept
def passed_bars(totals: pd.DataFrame) -> alt.Chart:
    """Horizontal bars from metrics.passed_to_totals, in its order (the partner's own desk first)."""
    d = totals.assign(aandeel=totals["share"].map(fmt.percent))
    d["label"] = d["signals"].astype(str) + " (" + d["aandeel"] + ")"
    base = alt.Chart(d).encode(
        y=alt.Y("passed_to:N", title=None, sort=list(d["passed_to"]), axis=alt.Axis(labelLimit=200)),
        x=alt.X("signals:Q", title="Meldingen", axis=alt.Axis(tickMinStep=1, format="d")),
    )
    bars = base.mark_bar(color=palette.ACTUAL).encode(
        tooltip=[alt.Tooltip("passed_to:N", title="Doorgezet naar"), alt.Tooltip("signals:Q", title="Meldingen"),
                 alt.Tooltip("aandeel:N", title="Deel van de meldingen")])
    text = base.mark_text(align="left", dx=4, fontSize=12).encode(text="label:N")
    return (bars + text).properties(height=30 * len(d) + 60)


# --- tables (Dutch headers) -----------------------------------------------------------------------------------

def _joined(s: pd.Series) -> pd.Series:
    return s.map(lambda v: ", ".join(v) if isinstance(v, list) else ("" if v is None else str(v)))


def signal_frame(s: pd.DataFrame, names: bool) -> pd.DataFrame:
    """Signals as the table of descriptions shows them (what and where first); the coach only for who sees names."""
    out = pd.DataFrame({
        # Formatted here ('12 mrt 2022 23:02'), as everywhere else: a date column in the browser reads 12-3-2022.
        "Datum en tijd": s["moment"].map(fmt.moment),
        H("location"): s["location"],
        H("category"): s["category"],
        H("description"): s["description"],
        H("kinds"): _joined(s["kinds"]),
        H("floor"): s["floor"],
        H("spot"): s["spot"],
        H("passed_to"): _joined(s["passed_to"]),
        H("urgency"): s["urgency"],
    })
    if names:
        out[H("coach")] = s["coach"].to_numpy()
    return out.reset_index(drop=True)


def place_frame(per_place: pd.DataFrame, order: list[str]) -> pd.DataFrame:
    """metrics.signals_per_place in the partner's order: Plek, Meldingen, Hoog of spoed, one column per category."""
    d = per_place.set_index("location").loc[order].reset_index()
    out = pd.DataFrame({"Plek": d["location"], "Meldingen": d["signals"], "Hoog of spoed": d["urgent"]})
    for cat in schema.CATEGORIES:
        out[cat] = d[cat]
    return out


def kind_frame(kinds: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"Soort": kinds["kind"], "Meldingen": kinds["signals"]})


def passed_frame(totals: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"Doorgezet naar": totals["passed_to"], "Meldingen": totals["signals"],
                         "Deel van de meldingen": totals["share"].map(fmt.percent)})


def action_frame(a: pd.DataFrame, with_owner: bool = True) -> pd.DataFrame:
    """metrics.actions_view as the meeting reads it: status and deadline first (short, so a phone shows them and the
    start of the action), overdue marked in both, the linked signal's place."""
    # Column by column over the values (not DataFrame.apply per row: a second per rerun at 10k actions), each date
    # formatted once.
    days: dict = {}

    def day(d) -> str:
        if d not in days:
            days[d] = fmt.day(d)
        return days[d]

    def deadline(d, n, late) -> str:
        # Dates as text, as on the rest of the dashboard ('23 feb 2022'); a date column would read 'None' for none.
        if pd.isna(d):
            return "geen deadline"
        return day(d) + (f" ({fmt.number(n)} {'dag' if n == 1 else 'dagen'} over)" if late else "")

    def signal(ts, found, location, category, date) -> str:
        if pd.isna(ts):
            return ""
        if not found:
            return f"niet gevonden ({fmt.moment(ts)})"
        return f"{location} · {category} · {day(date)}"

    def column(values: list) -> pd.Series:
        return pd.Series(values, index=a.index) if len(a) else pd.Series(dtype=object)

    state = [f"⚠ {s}" if late else s for s, late in zip(a["status"], a["overdue"])]
    due = [deadline(d, n, late) for d, n, late in zip(a["deadline"], a["days_overdue"], a["overdue"])]
    linked = [signal(*x) for x in zip(a["signal_ts"], a["signal_found"], a["signal_location"], a["signal_category"],
                                      a["signal_date"])]
    out = pd.DataFrame({
        "Status": column(state),
        "Deadline": column(due),
        "Actie": a["action"],
        "Eigenaar": a["owner"],
        # Text, so a finished action reads 'afgerond' instead of an empty number cell.
        "Dagen open": [("afgerond" if d else "–") if pd.isna(n) else fmt.number(n)
                       for n, d in zip(a["days_open"], a["done"])],
        "Melding": column(linked),
        "Extern kenmerk": a["ticket"],
        "Notitie": a["note"],
        "Datum overleg": a["meeting_date"].map(lambda d: "" if pd.isna(d) else day(d)),
    })
    if not with_owner:
        out = out.drop(columns="Eigenaar")
    return out.reset_index(drop=True)


def reject_frame(r: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"Tabblad": r["tab"], "Rij in de sheet": r["row"], "Reden": r["reason"],
                         "Wat er stond": r["values"]})


def warning_frame(w: pd.DataFrame) -> pd.DataFrame:
    # An empty row number means the warning is about the whole tab or column: show an empty cell, not "None".
    rows = w["row"].map(lambda r: "" if pd.isna(r) else str(int(r)))
    return pd.DataFrame({"Tabblad": w["tab"], "Rij in de sheet": rows, "Kolom": w["column"],
                         "Waarschuwing": w["message"]})
