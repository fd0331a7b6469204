"""One palette: every colour a chart draws, in one place. Each tower, the public space, each category and each funder
keeps its colour on every chart; the greys and inks below keep the charts looking alike."""
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
# The Gemeente is dark grey, not Amsterdam red (#EC0000): that is too close to De Key's red on one chart.
FUNDER = {"De Key": "#C8102E", "Gemeente": "#404040", "Stichting": "#0072B2"}
STATUS = dict(zip(schema.STATUSES, ("#D55E00", "#E69F00", "#009E73"), strict=True))  # Open, Loopt, Afgerond

# Plan, actual and forecast (Budget, Dekking, Uren).
PLAN = "#7F7F7F"
ACTUAL = "#0072B2"
FORECAST = "#D55E00"

# Past a limit, over budget, sunset: the palette's warning orange-red (colour-blind safe next to blue).
WARNING = "#D55E00"
OVER = WARNING  # a bar or cell over its budget or limit (Budget, Uren)
SUNSET = WARNING  # the sunset line on the coverage chart (Dekking)
UNDER_LIMIT = "#cfe3f3"  # Uren: a month under the monthly limit, light blue

# What sits behind the data: light greys.
BACKDROP = "#d9d9d9"  # the budget bar behind what was spent (Budget); office hours (Dekking)
EMPTY_CELL = "#eeeeee"  # a grid cell with nothing in it (Dekking, Meldingen per week)
EMPTY_DAY = "#ececec"  # an empty day in Overzicht's calendar
# Vega's continuous "blues" scheme (its stops, light to dark): Overzicht's calendar is an HTML table in the same
# colours as the Vega charts' blues.
BLUES = ("#cfe1f2", "#bed8ec", "#a8cee5", "#8fc1de", "#74b2d7", "#5ba3cf", "#4592c6", "#3181bd", "#206fb2",
         "#125ca4", "#0a4a90")
BAND = "#f0f0f0"  # the shaded period behind the coverage line (Dekking)

# Text and lines on charts.
WHITE = "white"  # text on dark cells, strokes between cells, halos behind map labels
TEXT = "#222"  # text on light cells and above bars
TEXT_SOFT = "#333"  # the label of a limit line (Uren)
TEXT_MUTED = "#555"  # the label of a marker line (Budget, Uren), and the limit line itself (Uren)
RULE = "#777"  # the 'today' line on the budget burn-up

# The map of the K-buurt (Meldingen & kaart).
MAP_BUILDING = "#4a4a4a"  # a tower that is selected
MAP_MUTED = "#b9b9b9"  # a tower or place outside the filter
MAP_GROUND = "#f3f2ec"  # the ground
MAP_INK = "#222222"  # labels, the scale bar, the north arrow
MAP_LINE = "#8c8c8c"  # metro and other lines across the map
MAP_LABEL_MUTED = "#8a8a8a"  # the label of a place outside the filter
MAP_LANDMARK = "#555555"  # landmark names

# The pages' own CSS (lib/ui): the theme's primaryColor (.streamlit/config.toml says the same), text greys, an alert.
PRIMARY = "#0072B2"
ON_PRIMARY = "#fff"  # text on a button filled with PRIMARY
CSS_TEXT_SOFT = "#4a4a4a"  # the question under the meeting's subject
CSS_TEXT_MUTED = "#555"  # a subject's small print
CSS_ALERT = "#b3261e"  # a subject's small print that needs attention (over the deadline)
CSS_RULE = "rgba(49, 51, 63, 0.2)"  # the line under the meeting screen's row of pages
CSS_PAGE = "#fff"  # the page behind a pinned first column (the light theme's background), so others scroll under it


def scale(mapping: dict[str, str]) -> dict[str, list[str]]:
    """Altair scale arguments that pin each value to its colour."""
    return {"domain": list(mapping), "range": list(mapping.values())}

# The report's documents (DOCX and PDF alike): table header and total rows, grid, headings, small print.
DOC_HEADER_FILL = "#DCE6F0"
DOC_TOTAL_FILL = "#F2F2F2"
DOC_GRID = "#A6A6A6"  # PDF table lines (Word draws its own table style)
DOC_ACCENT = "#1F4E79"  # PDF headings (Word uses its heading styles)
DOC_SUBTITLE = "#404040"  # the PDF cover's subtitle
DOC_GREY = "#595959"  # meta lines, captions, the page footer
