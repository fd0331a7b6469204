"""The incident map of the K-buurt, drawn offline with Altair: no tiles, only the shapes from data/places.toml.

The towers' footprints and the public space are GeoJSON polygons under a Mercator projection fitted to the
K-buurt; each place carries a circle whose area grows with its number of signals, and a label with its name and
count. Landmarks (metro stations, a bus stop) and the metro line are drawn for orientation only.
"""
from __future__ import annotations

import math

import altair as alt
import pandas as pd

from lib import palette, schema
from lib import places as places_mod
from lib.charts.common import kept
from lib.places import Places

MAX_RADIUS = 30  # px: the place with the most signals; labels sit above this, so they never hide under a circle
MIN_RADIUS = 7
LABEL_GAP = 4
TOWER_HALF_PX = 8  # about half a footprint on a desktop screen
BUILDING = palette.MAP_BUILDING
MUTED = palette.MAP_MUTED
GROUND = palette.MAP_GROUND
INK = palette.MAP_INK
# Circles and labels shrink on a narrow screen (the chart's own size signals), down to 55 % on a phone.
SHRINK = "clamp(min(width, height) / 520, 0.55, 1)"


def _frame(box: tuple[float, float, float, float]) -> dict:
    lat0, lat1, lon0, lon1 = box
    corners = ((lat1, lon0), (lat1, lon1), (lat0, lon1), (lat0, lon0))
    return places_mod.feature("kader", "frame", corners)


def _features(p: Places, per_place: pd.DataFrame) -> list[dict]:
    selected = dict(zip(per_place["location"], per_place["selected"]))
    feats = [places_mod.feature(p.public_space.name, "public_space", p.public_space.outline,
                                selected=bool(selected.get(p.public_space.name, True)))]
    for t in p.towers.values():
        feats.append(places_mod.feature(t.name, "tower", t.outline, selected=bool(selected.get(t.name, True)),
                                        storeys=t.storeys))
    return feats


# Encodings here are channel objects (alt.Longitude("lon:Q")) rather than "lon:Q" strings: Altair turns a string into
# a channel by matching it against every schema class, each time (a third of building the map). The spec is the same.


def _geo(features: list[dict]) -> alt.InlineData:
    return alt.InlineData(values={"type": "FeatureCollection", "features": features},
                          format=alt.DataFormat(property="features", type="json"))


def radius(signals: pd.Series, most: int) -> pd.Series:
    """Circle radius in px: area proportional to the count (the honest reading of a circle), at least MIN_RADIUS."""
    if most <= 0:
        return signals * 0.0
    r = MAX_RADIUS * (signals.clip(lower=0) / most).map(math.sqrt)
    return r.where(signals <= 0, r.clip(lower=MIN_RADIUS)).where(signals > 0, 0.0)


def points(p: Places, per_place: pd.DataFrame) -> pd.DataFrame:
    """metrics.signals_per_place with each place's point, circle size and label text."""
    df = per_place.copy()
    df["lat"] = df["location"].map(lambda x: p.point(x)[0])
    df["lon"] = df["location"].map(lambda x: p.point(x)[1])
    most = int(df.loc[df["selected"], "signals"].max()) if df["selected"].any() else 0
    df["radius"] = radius(df["signals"], most).where(df["selected"], 0.0)
    df["size"] = math.pi * df["radius"] ** 2
    df["label"] = df.apply(lambda r: f"{r['location']} · {r['signals']}" if r["selected"] else r["location"], axis=1)
    df["colour"] = df.apply(lambda r: palette.PLACE[r["location"]] if r["selected"] else MUTED, axis=1)
    df["kind"] = df["location"].map(lambda x: "public_space" if x == schema.PUBLIC_SPACE else "tower")
    return df


# --- where each label goes -------------------------------------------------------------------------------------
# A label sits above its circle unless it would touch another place's label or circle there; then it goes to the
# side that is free. The check runs on a phone's map (358 px wide, 500 high, labels 11 px), the tightest case:
# on a wider screen the map grows faster than the labels. Landmark names are obstacles too.
PHONE = (358.0, 500.0)
SIDES = ("above", "left", "right", "below")
_PAD = 3.0  # px of air kept between two labels


def _to_px(box: tuple[float, float, float, float], size: tuple[float, float]):
    """A function (lat, lon) -> (x, y) px on a chart of `size` whose projection is fitted to the frame `box`."""
    lat0, lat1, lon0, lon1 = box
    m_lon = math.cos(math.radians((lat0 + lat1) / 2))
    w, h = (lon1 - lon0) * m_lon, lat1 - lat0
    k = min(size[0] / w, size[1] / h)
    ox, oy = (size[0] - w * k) / 2, (size[1] - h * k) / 2
    return lambda lat, lon: (ox + (lon - lon0) * m_lon * k, oy + (lat1 - lat) * k)


def _text_box(x: float, y: float, text: str, font: float, side: str, off: float) -> tuple[float, float, float, float]:
    """The box (x0, y0, x1, y1) of a bold label of `font` px placed `off` px to `side` of the point (x, y)."""
    w, h = 0.62 * font * len(text), font + 2
    if side == "above":
        return x - w / 2, y - off - h, x + w / 2, y - off
    if side == "below":
        return x - w / 2, y + off, x + w / 2, y + off + h
    if side == "left":
        return x - off - w, y - h / 2, x - off, y + h / 2
    return x + off, y - h / 2, x + off + w, y + h / 2


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0]) + _PAD
    h = min(a[3], b[3]) - max(a[1], b[1]) + _PAD
    return max(w, 0.0) * max(h, 0.0)


def label_sides(p: Places, df: pd.DataFrame, box: tuple[float, float, float, float]) -> dict[str, str]:
    """Per place the side of its circle its label goes to ('above', 'left', 'right' or 'below')."""
    to_px = _to_px(box, PHONE)
    shrink = min(max(min(PHONE) / 520, 0.55), 1.0)
    font = 11 if shrink < 0.8 else 13
    xy = {r["location"]: to_px(r["lat"], r["lon"]) for _, r in df.iterrows()}
    reach = {r["location"]: max(r["radius"], TOWER_HALF_PX) * shrink for _, r in df.iterrows()}
    taken = [(x - reach[n], y - reach[n], x + reach[n], y + reach[n]) for n, (x, y) in xy.items()]
    for m in p.landmarks:
        if p.inside(m.lat, m.lon, box):
            x, y = to_px(m.lat, m.lon)
            taken.append(_text_box(x, y, m.name, 10, m.label_side, 9))
    sides: dict[str, str] = {}
    # The place with the most signals chooses first; its own circle is not in its way.
    for _, r in df.sort_values("signals", ascending=False, kind="stable").iterrows():
        name = r["location"]
        x, y = xy[name]
        own = (x - reach[name], y - reach[name], x + reach[name], y + reach[name])
        others = [t for t in taken if t != own]

        def cost(side: str, x=x, y=y, r=r, name=name, others=others) -> float:
            b = _text_box(x, y, r["label"], font, side, reach[name] + LABEL_GAP)
            outside = max(0.0, -b[0]) + max(0.0, b[2] - PHONE[0]) + max(0.0, -b[1]) + max(0.0, b[3] - PHONE[1])
            return sum(_overlap(b, t) for t in others) + 100 * outside

        side = min(SIDES, key=lambda s: (cost(s) > 0, cost(s), SIDES.index(s)))
        sides[name] = side
        taken.append(_text_box(x, y, r["label"], font, side, reach[name] + LABEL_GAP))
    return sides


def _scale_bar(box: tuple[float, float, float, float], metres: int = 200) -> list[alt.Chart]:
    """A 200 m bar in the bottom-left corner and 'N' with an arrow in the top-right: how far, and which way is up."""
    lat0, lat1, lon0, lon1 = box
    m_lon = places_mod.M_PER_DEG_LAT * math.cos(math.radians((lat0 + lat1) / 2))
    lat = lat0 + 0.05 * (lat1 - lat0)
    start = lon0 + 0.04 * (lon1 - lon0)
    bar = pd.DataFrame({"lat": [lat, lat], "lon": [start, start + metres / m_lon], "i": [0, 1]})
    text = pd.DataFrame({"lat": [lat], "lon": [start + metres / m_lon / 2], "t": [f"{metres} m"]})
    north = pd.DataFrame({"lat": [lat1 - 0.05 * (lat1 - lat0)], "lon": [lon1 - 0.04 * (lon1 - lon0)], "t": ["↑ N"]})
    return [
        alt.Chart(bar).mark_line(color=INK, strokeWidth=3, strokeCap="butt").encode(
            longitude=alt.Longitude("lon:Q"), latitude=alt.Latitude("lat:Q"), order=alt.Order("i:Q")),
        alt.Chart(text).mark_text(dy=-9, fontSize=11, color=INK).encode(
            longitude=alt.Longitude("lon:Q"), latitude=alt.Latitude("lat:Q"), text=alt.Text("t:N")),
        alt.Chart(north).mark_text(fontSize=13, fontWeight="bold", color=INK).encode(
            longitude=alt.Longitude("lon:Q"), latitude=alt.Latitude("lat:Q"), text=alt.Text("t:N")),
    ]


@kept
def incident_map(p: Places, per_place: pd.DataFrame, height: int = 480, aspect: float = 1.2) -> alt.LayerChart:
    """The map: ground, public space, metro line, tower footprints, one circle and label per place, landmarks.

    The frame is the towers and the public space with a margin, widened to `aspect` (width / height); landmarks
    outside it are left out and the metro line is cut at its edge.
    """
    df = points(p, per_place)
    box = p.extent(aspect=aspect)
    frame = _frame(box)
    public = alt.Chart(_geo(_features(p, per_place)[:1])).mark_geoshape(
        fill=palette.PLACE[schema.PUBLIC_SPACE], fillOpacity=0.16, stroke=palette.PLACE[schema.PUBLIC_SPACE],
        strokeWidth=1.5, strokeDash=[6, 3])
    layers: list[alt.Chart] = [public]

    line_rows = [{"line": ln.name, "order": i, "lat": la, "lon": lo}
                 for ln in p.lines for i, (la, lo) in enumerate(ln.points)]
    if line_rows:
        layers.append(alt.Chart(pd.DataFrame(line_rows)).mark_line(
            color=palette.MAP_LINE, strokeWidth=3, strokeDash=[8, 4], opacity=0.7, clip=True).encode(
            longitude=alt.Longitude("lon:Q"), latitude=alt.Latitude("lat:Q"), detail=alt.Detail("line:N"),
            order=alt.Order("order:Q"),
            tooltip=[alt.Tooltip("line:N", title="Lijn")]))

    towers = alt.Chart(_geo(_features(p, per_place)[1:])).mark_geoshape(stroke=palette.WHITE, strokeWidth=1).encode(
        color=alt.condition("datum.properties.selected", alt.value(BUILDING), alt.value(MUTED)),
        tooltip=[alt.Tooltip("properties.name:N", title="Toren"),
                 alt.Tooltip("properties.storeys:Q", title="Bouwlagen (schatting)")])
    layers.append(towers)

    tip = [alt.Tooltip("location:N", title="Plek"), alt.Tooltip("signals:Q", title="Meldingen"),
           alt.Tooltip("urgent:Q", title="Hoog of spoed"),
           *[alt.Tooltip(f"{c}:Q", title=c) for c in schema.CATEGORIES]]
    base = alt.Chart(df).encode(longitude=alt.Longitude("lon:Q"), latitude=alt.Latitude("lat:Q"))
    layers.append(base.transform_filter("datum.signals > 0").transform_calculate(
        shown=f"datum.size * {SHRINK} * {SHRINK}").mark_circle(opacity=0.35, strokeWidth=2).encode(
        size=alt.Size("shown:Q", scale=None, legend=None),
        color=alt.Color("colour:N", scale=None), stroke=alt.Stroke("colour:N", scale=None), tooltip=tip))
    # One label layer per place, so each label sits just beside its own circle (a text offset cannot be encoded),
    # on the side label_sides chose for it.
    font = alt.expr(f"{SHRINK} < 0.8 ? 11 : 13")
    sides = label_sides(p, df, box)
    for _, row in df.iterrows():
        one = base.transform_filter(alt.datum.location == row["location"])
        off = f"({max(row['radius'], TOWER_HALF_PX):.1f} * {SHRINK} + {LABEL_GAP})"
        side = sides[row["location"]]
        place = {"above": dict(dy=alt.expr(f"-{off}"), baseline="bottom"),
                 "below": dict(dy=alt.expr(off), baseline="top"),
                 "left": dict(dx=alt.expr(f"-{off}"), align="right", baseline="middle"),
                 "right": dict(dx=alt.expr(off), align="left", baseline="middle")}[side]
        halo = one.mark_text(fontSize=font, fontWeight="bold", stroke=palette.WHITE, strokeWidth=4, strokeOpacity=0.85,
                             strokeJoin="round", **place)
        ink = one.mark_text(fontSize=font, fontWeight="bold",
                            color=INK if row["selected"] else palette.MAP_LABEL_MUTED, **place)
        layers += [halo.encode(text=alt.Text("label:N")), ink.encode(text=alt.Text("label:N"), tooltip=tip)]

    shown = [m for m in p.landmarks if p.inside(m.lat, m.lon, box)]
    if shown:
        lm = pd.DataFrame([{"name": m.name, "lat": m.lat, "lon": m.lon, "side": m.label_side,
                            "shape": "square" if m.kind == "metro" else "circle"} for m in shown])
        lbase = alt.Chart(lm).encode(
            longitude=alt.Longitude("lon:Q"), latitude=alt.Latitude("lat:Q"),
                                     tooltip=[alt.Tooltip("name:N", title="Herkenningspunt")])
        layers.append(lbase.mark_point(filled=True, fill=palette.WHITE, stroke=INK, strokeWidth=1.5, size=90).encode(
            shape=alt.Shape("shape:N", scale=None)))
        small = alt.expr(f"{SHRINK} < 0.8 ? 10 : 11")
        for side, align, dx in (("right", "left", 9), ("left", "right", -9)):
            one = lbase.transform_filter(alt.datum.side == side)
            layers.append(one.mark_text(align=align, dx=dx, fontSize=small, color=palette.WHITE, stroke=palette.WHITE,
                                        strokeWidth=4, strokeOpacity=0.85, strokeJoin="round").encode(
                text=alt.Text("name:N")))
            layers.append(one.mark_text(align=align, dx=dx, fontSize=small, color=palette.MAP_LANDMARK,
                                        fontStyle="italic").encode(text=alt.Text("name:N")))

    layers += _scale_bar(box)
    # The ground is the layer's own view fill, so the whole chart reads as a map. (It was a polygon well past the
    # frame, clipped at the chart's edge: the same pixels, but drawing that clip took 60 % of the map's PNG.)
    chart = alt.layer(*layers).project(type="mercator", fit=frame).properties(
        height=height, view=alt.ViewBackground(fill=GROUND))
    return chart.configure_view(strokeWidth=0)
