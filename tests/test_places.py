"""data/places.toml: the shipped file reads, its shapes are usable map polygons, and a bad file says what to fix."""
from __future__ import annotations

import math
import re

import pytest

from lib import places, schema
from lib.places import PlacesError

GOOD = places.PLACES_FILE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def p():
    return places.load()


def test_shipped_file_has_the_four_towers_the_public_space_and_metro_stations(p):
    assert list(p.towers) == list(schema.TOWERS)
    assert p.public_space.name == schema.PUBLIC_SPACE
    assert {"Metro Kraaiennest", "Metro Ganzenhoef", "Metro Gaasperplas"} <= {m.name for m in p.landmarks}
    assert p.any_estimate  # the coordinates are estimates until the coordinator corrects them
    assert "SCHATTINGEN" in GOOD


def test_towers_sit_at_the_reference_estimates_inside_the_k_buurt(p):
    # shared/reference/k-buurt.md: the estimates the coordinator can correct
    expected = {"Klieverink": (52.3150, 4.9830), "Kouwenoord": (52.3140, 4.9800),
                "Kempering": (52.3180, 4.9770), "Kralenbeek": (52.3190, 4.9820)}
    for name, (lat, lon) in expected.items():
        t = p.towers[name]
        assert (t.lat, t.lon) == (lat, lon)
        assert p.box[0] <= t.lat <= p.box[1] and p.box[2] <= t.lon <= p.box[3]


def _area_m2(outline):
    lat0 = math.radians(outline[0][0])
    pts = [(lon * 111_320 * math.cos(lat0), lat * 111_320) for lat, lon in outline]
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(pts, pts[1:] + pts[:1]))) / 2


def test_footprints_are_about_forty_metres_square_around_the_tower(p):
    for t in p.towers.values():
        assert 1000 < _area_m2(t.outline) < 2500
        lat = sum(q[0] for q in t.outline) / len(t.outline)
        lon = sum(q[1] for q in t.outline) / len(t.outline)
        assert lat == pytest.approx(t.lat, abs=1e-6) and lon == pytest.approx(t.lon, abs=1e-6)


def _inside(point, outline):
    x, y = point[1], point[0]
    hit = False
    for (lat1, lon1), (lat2, lon2) in zip(outline, outline[1:] + outline[:1]):
        if (lat1 > y) != (lat2 > y) and x < (lon2 - lon1) * (y - lat1) / (lat2 - lat1) + lon1:
            hit = not hit
    return hit


def test_public_space_lies_around_and_between_the_towers(p):
    for t in p.towers.values():
        assert all(_inside(q, p.public_space.outline) for q in t.outline), t.name
    assert _inside(p.public_space.label, p.public_space.outline)


def test_floors_in_building_order(p):
    assert p.towers["Kempering"].floors == ["Kelder", "Begane grond", *[str(i) for i in range(1, 12)], "Dak"]


def test_geojson_rings_are_closed_and_clockwise_for_d3(p):
    ring = places.geo_ring(p.public_space.outline)
    assert ring[0] == ring[-1]
    assert places._signed_area([tuple(q) for q in ring[:-1]]) < 0  # clockwise: d3-geo's exterior orientation
    ccw = tuple(reversed(p.public_space.outline))
    assert places.geo_ring(ccw)[:-1] in (ring[:-1], [ring[i] for i in range(len(ring) - 1)])
    assert places._signed_area([tuple(q) for q in places.geo_ring(ccw)[:-1]]) < 0


def test_rectangle_is_the_given_size():
    r = places.rectangle(52.3, 4.98, 40, 20)
    assert _area_m2(r) == pytest.approx(800, rel=0.01)
    turned = places.rectangle(52.3, 4.98, 40, 20, rotation_deg=90)
    assert _area_m2(turned) == pytest.approx(800, rel=0.01)
    assert max(q[0] for q in turned) - min(q[0] for q in turned) == pytest.approx(40 / 111_320, rel=0.01)


def test_extent_holds_all_towers_and_has_the_asked_aspect(p):
    lat0, lat1, lon0, lon1 = p.extent(aspect=1.5)
    for t in p.towers.values():
        assert lat0 < t.lat < lat1 and lon0 < t.lon < lon1
    width = (lon1 - lon0) * 111_320 * math.cos(math.radians((lat0 + lat1) / 2))
    height = (lat1 - lat0) * 111_320
    assert width / height == pytest.approx(1.5, rel=1e-6)


def test_point_of_each_place(p):
    assert p.point("Kempering") == (52.3180, 4.9770)
    assert p.point(schema.PUBLIC_SPACE) == p.public_space.label


BAD = [
    ("swapped", GOOD.replace("lat = 52.3180\nlon = 4.9770", "lat = 4.9770\nlon = 52.3180"),
     "Zijn lat en lon omgewisseld?"),
    ("tower missing", GOOD.replace('name = "Kralenbeek"', 'name = "Kleiburg"'), "Kleiburg"),
    ("text for a number", GOOD.replace("lat = 52.3150", 'lat = "52,3150"'), "moet een getal zijn"),
    ("outside the box", GOOD.replace("lon = 4.9830", "lon = 4.9990"), "buiten het kader"),
    ("broken toml", GOOD.replace("[map]", "[map"), "de opmaak klopt niet"),
    ("two points", re.sub(r"outline = \[\n.*?\n\]", "outline = [[52.3203, 4.9752], [52.3206, 4.9840]]", GOOD,
                          flags=re.S), "minstens drie"),
    ("twice", GOOD + '\n[[tower]]\nname = "Kempering"\nlat = 52.318\nlon = 4.977\n', "twee keer"),
    ("storeys", GOOD.replace("storeys = 12", "storeys = 0", 1), "storeys"),
    ("landmark kind", GOOD.replace('kind = "bus"', 'kind = "tram"'), "kind van Bushalte Kikkenstein"),
]


@pytest.mark.parametrize("what,text,fragment", BAD, ids=[b[0] for b in BAD])
def test_a_bad_file_gives_a_dutch_sentence(what, text, fragment):
    assert text != GOOD
    with pytest.raises(PlacesError) as e:
        places.loads(text)
    assert fragment in e.value.message
    assert e.value.message.startswith("Het bestand data/places.toml")


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(PlacesError, match="ontbreekt"):
        places.load(tmp_path / "places.toml")


def test_an_explicit_outline_replaces_the_square():
    text = GOOD.replace('name = "Kempering"\nlat = 52.3180\nlon = 4.9770\n',
                        'name = "Kempering"\nlat = 52.3180\nlon = 4.9770\n'
                        'outline = [[52.3182, 4.9767], [52.3182, 4.9773], [52.3178, 4.9770]]\n')
    t = places.loads(text).towers["Kempering"]
    assert len(t.outline) == 3
