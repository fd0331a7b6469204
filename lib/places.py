"""Where the places of the K-buurt are: the towers, the public space and landmarks, read from data/places.toml.

Coordinates are estimates the coordinator can correct in that file (exact coordinates of the towers were not found
in public sources), so they are data, not constants. A file that cannot be used raises PlacesError with a Dutch
sentence naming what to fix.
Outlines are returned as GeoJSON features (lon, lat order) with the exterior ring clockwise, as d3-geo wants it:
a counter-clockwise ring would fill the whole globe except the polygon.
"""
from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lib import schema
from lib.errors import SourceError

PLACES_FILE = Path(__file__).resolve().parents[1] / "data" / "places.toml"
M_PER_DEG_LAT = 111_320.0
# A coordinate outside the Netherlands is a typo (or lat and lon swapped), not a place in the K-buurt.
_LAT_RANGE = (50.7, 53.6)
_LON_RANGE = (3.3, 7.3)
LANDMARK_KINDS = {"metro": "metro", "bus": "bushalte", "other": "herkenningspunt"}


class PlacesError(SourceError):
    """data/places.toml is missing or has a value the map cannot use."""


LatLon = tuple[float, float]


@dataclass(frozen=True)
class Tower:
    name: str
    lat: float
    lon: float
    storeys: int  # building layers above ground, the ground floor included
    outline: tuple[LatLon, ...]
    estimate: bool

    @property
    def floors(self) -> list[str]:
        """The tower's floors in building order, bottom to top, in the form's spelling."""
        return ["Kelder", "Begane grond", *[str(i) for i in range(1, self.storeys)], "Dak"]


@dataclass(frozen=True)
class Area:
    name: str
    outline: tuple[LatLon, ...]
    label: LatLon
    estimate: bool


@dataclass(frozen=True)
class Landmark:
    name: str
    kind: str  # 'metro', 'bus' or 'other'
    lat: float
    lon: float
    label_side: str = "right"  # which side of the point its name is written


@dataclass(frozen=True)
class Line:
    name: str
    points: tuple[LatLon, ...]
    estimate: bool


@dataclass(frozen=True)
class Places:
    towers: dict[str, Tower]  # in the contract's order (schema.TOWERS)
    public_space: Area
    landmarks: tuple[Landmark, ...]
    lines: tuple[Line, ...]
    box: tuple[float, float, float, float]  # lat_min, lat_max, lon_min, lon_max (the K-buurt)

    def point(self, place: str) -> LatLon:
        """Where a place's count is drawn: a tower's middle, or the public space's label point."""
        if place == self.public_space.name:
            return self.public_space.label
        t = self.towers[place]
        return (t.lat, t.lon)

    @property
    def any_estimate(self) -> bool:
        return any(t.estimate for t in self.towers.values()) or self.public_space.estimate

    def extent(self, margin_m: float = 200.0, aspect: float | None = None) -> tuple[float, float, float, float]:
        """The map's frame around the towers and the public space, plus a margin (lat_min, lat_max, lon_min,
        lon_max); widened to `aspect` (width / height on the map) when given, so it fills a chart's box."""
        lats, lons = [], []
        for ring in [self.public_space.outline, *(t.outline for t in self.towers.values())]:
            lats += [p[0] for p in ring]
            lons += [p[1] for p in ring]
        mid = (min(lats) + max(lats)) / 2
        m_lon = M_PER_DEG_LAT * math.cos(math.radians(mid))
        lat0, lat1 = min(lats) - margin_m / M_PER_DEG_LAT, max(lats) + margin_m / M_PER_DEG_LAT
        lon0, lon1 = min(lons) - margin_m / m_lon, max(lons) + margin_m / m_lon
        if aspect:
            width_m, height_m = (lon1 - lon0) * m_lon, (lat1 - lat0) * M_PER_DEG_LAT
            if width_m / height_m < aspect:
                grow = (aspect * height_m - width_m) / 2 / m_lon
                lon0, lon1 = lon0 - grow, lon1 + grow
            else:
                grow = (width_m / aspect - height_m) / 2 / M_PER_DEG_LAT
                lat0, lat1 = lat0 - grow, lat1 + grow
        return lat0, lat1, lon0, lon1

    def inside(self, lat: float, lon: float, frame: tuple[float, float, float, float]) -> bool:
        return frame[0] <= lat <= frame[1] and frame[2] <= lon <= frame[3]


# --- geometry -----------------------------------------------------------------------------------------------

def rectangle(lat: float, lon: float, width_m: float, depth_m: float, rotation_deg: float = 0.0) -> tuple[LatLon, ...]:
    """A width x depth metre rectangle around a point, turned clockwise by rotation_deg (flat-earth: fine at 50 m)."""
    a = math.radians(rotation_deg)
    m_lon = M_PER_DEG_LAT * math.cos(math.radians(lat))
    corners = []
    for dx, dy in ((-1, 1), (1, 1), (1, -1), (-1, -1)):  # NW, NE, SE, SW: clockwise seen from above
        x, y = dx * width_m / 2, dy * depth_m / 2
        xr = x * math.cos(a) + y * math.sin(a)
        yr = -x * math.sin(a) + y * math.cos(a)
        corners.append((lat + yr / M_PER_DEG_LAT, lon + xr / m_lon))
    return tuple(corners)


def _signed_area(ring: list[tuple[float, float]]) -> float:
    """Shoelace area with lon as x and lat as y: positive when the ring runs counter-clockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1])) / 2


def geo_ring(outline: tuple[LatLon, ...]) -> list[list[float]]:
    """A closed GeoJSON ring [[lon, lat], ...], clockwise (d3-geo's exterior orientation)."""
    ring = [(lon, lat) for lat, lon in outline]
    if _signed_area(ring) > 0:
        ring.reverse()
    return [list(p) for p in ring] + [list(ring[0])]


def feature(name: str, kind: str, outline: tuple[LatLon, ...], **props: Any) -> dict:
    return {"type": "Feature", "properties": {"name": name, "kind": kind, **props},
            "geometry": {"type": "Polygon", "coordinates": [geo_ring(outline)]}}


# --- reading and checking -----------------------------------------------------------------------------------

def _fail(text: str) -> PlacesError:
    return PlacesError(f"Het bestand data/places.toml (de plekken voor de kaart) is niet bruikbaar: {text}")


def _number(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _fail(f"{what} moet een getal zijn (met een punt als decimaalteken), niet {value!r}.")
    return float(value)


def _latlon(lat: Any, lon: Any, what: str) -> LatLon:
    la, lo = _number(lat, f"de lat van {what}"), _number(lon, f"de lon van {what}")
    if not (_LAT_RANGE[0] <= la <= _LAT_RANGE[1] and _LON_RANGE[0] <= lo <= _LON_RANGE[1]):
        swapped = _LAT_RANGE[0] <= lo <= _LAT_RANGE[1] and _LON_RANGE[0] <= la <= _LON_RANGE[1]
        hint = " Zijn lat en lon omgewisseld?" if swapped else ""
        raise _fail(f"{what} ligt niet in Nederland (lat {la}, lon {lo}).{hint}")
    return la, lo


def _outline(value: Any, what: str) -> tuple[LatLon, ...]:
    if not isinstance(value, list) or len(value) < 3:
        raise _fail(f"de omtrek van {what} moet een lijst van minstens drie punten [lat, lon] zijn.")
    points = []
    for i, p in enumerate(value, start=1):
        if not isinstance(p, list) or len(p) != 2:
            raise _fail(f"punt {i} van de omtrek van {what} is geen paar [lat, lon].")
        points.append(_latlon(p[0], p[1], f"punt {i} van de omtrek van {what}"))
    if points[0] == points[-1]:
        points = points[:-1]  # a closed ring written out in full is fine too
    if len(set(points)) < 3 or abs(_signed_area([(lo, la) for la, lo in points])) == 0:
        raise _fail(f"de omtrek van {what} heeft geen oppervlakte (punten op één lijn of dubbel).")
    return tuple(points)


def _tower(raw: dict, names: dict[str, str]) -> Tower:
    if not isinstance(raw, dict):
        raise _fail("elke [[tower]] moet een tabel met name, lat en lon zijn.")
    name = names.get(schema.norm(raw.get("name", "")))
    if name is None:
        raise _fail(f"de toren '{raw.get('name', '')}' is geen van {', '.join(schema.TOWERS)}.")
    lat, lon = _latlon(raw.get("lat"), raw.get("lon"), name)
    storeys = raw.get("storeys", 12)
    if isinstance(storeys, bool) or not isinstance(storeys, int) or not 1 <= storeys <= 40:
        raise _fail(f"storeys van {name} moet een heel getal van 1 tot en met 40 zijn, niet {storeys!r}.")
    if "outline" in raw:
        outline = _outline(raw["outline"], name)
    else:
        size = raw.get("size_m", [40, 40])
        if not isinstance(size, list) or len(size) != 2:
            raise _fail(f"size_m van {name} moet [breedte, diepte] in meters zijn.")
        w, d = (_number(x, f"size_m van {name}") for x in size)
        if not (5 <= w <= 300 and 5 <= d <= 300):
            raise _fail(f"size_m van {name} moet tussen 5 en 300 meter liggen.")
        rot = _number(raw.get("rotation_deg", 0), f"rotation_deg van {name}")
        outline = rectangle(lat, lon, w, d, rot)
    return Tower(name, lat, lon, storeys, outline, bool(raw.get("estimate", True)))


def parse(data: dict) -> Places:
    """Check a parsed places file and build Places; raises PlacesError naming the first problem."""
    names = {schema.norm(t): t for t in schema.TOWERS}
    raw_towers = data.get("tower", [])
    if not isinstance(raw_towers, list):
        raise _fail("de torens staan niet als [[tower]]-blokken in het bestand.")
    towers: dict[str, Tower] = {}
    for raw in raw_towers:
        t = _tower(raw, names)
        if t.name in towers:
            raise _fail(f"de toren {t.name} staat er twee keer in.")
        towers[t.name] = t
    missing = [t for t in schema.TOWERS if t not in towers]
    if missing:
        raise _fail(f"de toren(s) {', '.join(missing)} ontbreken; elke toren heeft een [[tower]]-blok nodig.")
    towers = {name: towers[name] for name in schema.TOWERS}

    ps = data.get("public_space")
    if not isinstance(ps, dict):
        raise _fail("het blok [public_space] met de omtrek van de openbare ruimte ontbreekt.")
    outline = _outline(ps.get("outline"), "de openbare ruimte")
    if "label" in ps:
        lab = ps["label"]
        if not isinstance(lab, list) or len(lab) != 2:
            raise _fail("label van de openbare ruimte moet één punt [lat, lon] zijn.")
        label = _latlon(lab[0], lab[1], "het label van de openbare ruimte")
    else:
        label = (sum(p[0] for p in outline) / len(outline), sum(p[1] for p in outline) / len(outline))
    area = Area(schema.PUBLIC_SPACE, outline, label, bool(ps.get("estimate", True)))

    landmarks = []
    for raw in data.get("landmark", []):
        name = str(raw.get("name", "")).strip()
        if not name:
            raise _fail("een [[landmark]] heeft geen name.")
        kind = str(raw.get("kind", "other")).strip().casefold()
        if kind not in LANDMARK_KINDS:
            raise _fail(f"kind van {name} moet een van {', '.join(LANDMARK_KINDS)} zijn, niet '{kind}'.")
        lat, lon = _latlon(raw.get("lat"), raw.get("lon"), name)
        side = str(raw.get("label", "right")).strip().casefold()
        if side not in ("left", "right"):
            raise _fail(f"label van {name} moet 'left' of 'right' zijn, niet '{side}'.")
        landmarks.append(Landmark(name, kind, lat, lon, side))

    lines = []
    for raw in data.get("line", []):
        name = str(raw.get("name", "")).strip() or "lijn"
        pts = raw.get("points")
        if not isinstance(pts, list) or len(pts) < 2 or not all(isinstance(p, list) and len(p) == 2 for p in pts):
            raise _fail(f"points van {name} moet een lijst van minstens twee punten [lat, lon] zijn.")
        lines.append(Line(name, tuple(_latlon(p[0], p[1], name) for p in pts), bool(raw.get("estimate", True))))

    m = data.get("map")
    if not isinstance(m, dict):
        raise _fail("het blok [map] met het kader van de K-buurt (lat_min, lat_max, lon_min, lon_max) ontbreekt.")
    lat_min, lon_min = _latlon(m.get("lat_min"), m.get("lon_min"), "de hoek linksonder van [map]")
    lat_max, lon_max = _latlon(m.get("lat_max"), m.get("lon_max"), "de hoek rechtsboven van [map]")
    if not (lat_min < lat_max and lon_min < lon_max):
        raise _fail("in [map] moet lat_min kleiner zijn dan lat_max en lon_min kleiner dan lon_max.")
    box = (lat_min, lat_max, lon_min, lon_max)
    for t in towers.values():
        if not (lat_min <= t.lat <= lat_max and lon_min <= t.lon <= lon_max):
            raise _fail(f"{t.name} (lat {t.lat}, lon {t.lon}) ligt buiten het kader van de K-buurt in [map].")
    return Places(towers, area, tuple(landmarks), tuple(lines), box)


def loads(text: str) -> Places:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _fail(f"de opmaak klopt niet ({exc}). Controleer aanhalingstekens, komma's en haakjes.") from None
    return parse(data)


def load(path: Path | str = PLACES_FILE) -> Places:
    """Read and check the places file. Raises PlacesError (Dutch) when it is missing or wrong."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _fail("het bestand ontbreekt. Zet het terug uit de repository.") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(f"het bestand is niet te lezen ({type(exc).__name__}).") from None
    return loads(text)
