"""Maandrapportage: the monthly report for De Key and the gemeente — a note from the coordinator, pseudonyms or
names, a preview, and the files (DOCX to edit and forward, PDF to archive, Markdown for a quick look)."""
import pandas as pd
import streamlit as st

from lib import data, fmt
from lib.errors import FlatcoachError
from lib.report import FORMATS, build, filename, render
from lib.report.markdown import esc, parts
from lib.report.model import Figure, Table
from lib.ui import door, page, widgets

ctx = page.setup("rapportage", show_categories=False)

_WHO = {"pseudo": "Pseudoniemen (voor partners)", "names": "Namen (alleen intern)"}


def draw(ctx: page.Context) -> None:
    period = fmt.month(ctx.view.month)
    st.caption(f"De rapportage over {period} voor Lieven de Key en de gemeente, zoals afgesproken in de "
               "projectomschrijving. Ze gaat altijd over alle flats, de openbare ruimte en alle categorieën, ook als "
               "hierboven een selectie staat. Kies 'Hele project' voor de evaluatie.")
    left, right = st.columns([3, 1])
    note = left.text_area(
        "Toelichting coördinator", key="rap_note", height=140,
        placeholder="Bijvoorbeeld: wat viel op deze maand, wat is besproken in het overleg, wat vraagt aandacht.",
        help="Komt als eerste hoofdstuk in de rapportage. Een regel die met '- ' begint wordt een opsommingsteken.")
    who = right.radio("Coaches in de rapportage", list(_WHO), format_func=_WHO.get, key="rap_names",
                      help="Voor De Key en de gemeente: pseudoniemen uit het tabblad Coaches. Vrije teksten worden "
                           "dan ook ontdaan van telefoonnummers, e-mailadressen, huisnummers en namen.")
    try:
        # made once per data, month, note and choice of names (lib.data.per_data): a rerun draws the same report
        report = data.per_data(build, ctx.data, ctx.view.month, ctx.conf, note=note, names=who == "names",
                               today=ctx.today)
    except FlatcoachError as exc:
        widgets.empty(exc.message)
        return

    cols = st.columns(len(FORMATS))
    for col, (key, (label, mime)) in zip(cols, FORMATS.items()):
        # made on click, outside this run: door.guarded asks the door again first (a revoked link gets no file)
        col.download_button(f"Download {label}", data=door.guarded(lambda key=key: render(report, key)),
                            file_name=filename(report, key), mime=mime, key=f"rap-{key}", on_click="ignore",
                            icon=":material/download:", width="stretch")
    if who == "names":
        st.warning("Deze versie bevat de namen van de coaches en de teksten zoals ze zijn ingevuld: alleen voor "
                   "intern gebruik.", icon=":material/visibility:")
    for n in report.notes:
        st.caption(f"Let op: {n}")

    st.subheader("Voorbeeld")
    with st.container(border=True):
        # Headings from level 3 down (a level-1 title breaks mid-word on a phone) and the tables as tables that
        # scroll sideways, with their first column pinned (a wide Markdown table is cut off on a phone).
        for i, part in enumerate(parts(report, top=3, tables=True)):
            if isinstance(part, Figure):
                st.markdown(f"**{part.title}**")
                widgets.chart(part.chart, key=f"rap-fig-{i}")
                if part.caption:
                    st.caption(part.caption)
            elif isinstance(part, Table):
                _table(part, f"rap-table-{i}")
            else:
                st.markdown(part)


def _table(t: Table, key: str) -> None:
    """One table of the report in the preview: its cells as written in the files, every row in view, figures aligned
    right. A plain table, not the interactive grid: the preview has a dozen tables, and the grid's code would cost
    the page's first view in Chromium about a second. The first column stays in view while the others scroll."""
    if t.caption:
        st.markdown(f"**{esc(t.caption)}**")
    right = tuple(col for col, a in zip(t.columns, t.align) if a == "r")
    widgets.table(pd.DataFrame(t.rows, columns=t.columns), t.caption or "tabel", key=key, downloads=False,
                  static=True, right=right, pin_first=True)


page.body(ctx, draw)
