"""One palette: each tower, the public space, each category and each funder keeps its colour on every chart."""
from __future__ import annotations

from lib import schema

# Colour-blind-safe (Okabe-Ito based); the public space is green like the grass between the towers.
PLACE = {
    "Kouwenoord": "#0072B2",
    "Klieverink": "#E69F00",
    "Kempering": "#CC79A7",
    "Kralenbeek": "#56B4E9",
    schema.PUBLIC_SPACE: "#009E73",
}
CATEGORY = {"Schoon": "#009E73", "Heel": "#E69F00", "Veilig": "#D55E00", "Overlast": "#7B3294"}
FUNDER = {"De Key": "#C8102E", "Gemeente": "#EC0000", "Stichting": "#0072B2"}
FUNDER["Gemeente"] = "#404040"  # Amsterdam red is too close to De Key's red on one chart
STATUS = dict(zip(schema.STATUSES, ("#D55E00", "#E69F00", "#009E73"), strict=True))  # Open, Loopt, Afgerond
PLAN = "#7F7F7F"
ACTUAL = "#0072B2"
FORECAST = "#D55E00"


def scale(mapping: dict[str, str]) -> dict[str, list[str]]:
    """Altair scale arguments that pin each value to its colour."""
    return {"domain": list(mapping), "range": list(mapping.values())}
