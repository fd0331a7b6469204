"""Meldingen & kaart: what the coaches reported — counts per place on a map of the K-buurt, per week by category,
place and kind, floor x spot per tower, the urgent ones, where they were passed on, and every description."""
import streamlit as st

from lib import fmt, metrics, places, privacy, schema
from lib.charts import kmap
from lib.charts import signals as charts
from lib.ui import page, widgets

ctx = page.setup("meldingen")

# Which figures a partner reads first: its own part of the neighbourhood and its own desk.
FOCUS_ORDER = {
    "stichting": ["total", "towers", "public_space", "urgent", "not_passed"],
    "dekey": ["towers", "to_dekey", "urgent", "total", "public_space"],
    "gemeente": ["public_space", "to_gemeente", "urgent", "total", "towers"],
}
FOCUS_LABEL = {
    "total": ("Meldingen", "Alle meldingen in de gekozen periode, plekken en categorieën."),
    "towers": ("In de flats", "Meldingen in Kouwenoord, Klieverink, Kempering en Kralenbeek."),
    "public_space": ("Openbare ruimte", "Meldingen over de ruimte tussen en rond de flats."),
    "urgent": ("Hoog of spoed", "Urgentie Hoog of Spoed (112 gebeld)."),
    "to_dekey": ("Naar De Key", "Doorgezet naar Beheerder De Key."),
    "to_gemeente": ("Naar de gemeente", "Doorgezet naar de gemeente (Signalen/MOR)."),
    "not_passed": ("Niet doorgezet", "Niets aangekruist bij 'Doorgezet naar', of 'Niet doorgezet'."),
}


def draw(ctx: page.Context) -> None:
    c, v, conf = ctx.data, ctx.view, ctx.conf
    focus = metrics.signal_focus(c, v, conf)
    widgets.metric_row([{"label": FOCUS_LABEL[k][0], "value": fmt.number(focus[k]), "help": FOCUS_LABEL[k][1]}
                        for k in FOCUS_ORDER.get(ctx.partner, FOCUS_ORDER["stichting"])])
    if focus["total"] == 0:
        widgets.empty(f"Geen meldingen in {ctx.period_label} voor deze selectie.")

    order = metrics.place_order(ctx.partner)
    st.subheader("Kaart van de K-buurt")
    per_place = metrics.signals_per_place(c, v, conf)
    left, right = st.columns([3, 2], gap="large")
    with left:
        try:
            where = places.load()
        except places.PlacesError as exc:
            st.warning(exc.message, icon=":material/map:")
        else:
            widgets.chart(kmap.incident_map, where, per_place, height=500, aspect=1.1, key="kmap")
            note = " De plekken zijn schattingen" if where.any_estimate else ""
            st.caption("De oppervlakte van een cirkel staat voor het aantal meldingen op die plek; grijs is een plek "
                       f"die buiten de filter valt.{note} (de coördinator kan ze verbeteren in data/places.toml).")
    with right:
        st.markdown("**Per plek en categorie**")
        if focus["total"]:
            widgets.chart(charts.place_bars, per_place, order, key="per-place-bars")
        else:
            st.caption("Geen meldingen om te verdelen.")
    with st.expander("Als tabel (om te downloaden)"):
        widgets.table(charts.place_frame(per_place, order), f"meldingen per plek {ctx.period_label}",
                      key="per-place", height=36 * (len(order) + 1) + 4)

    st.subheader("Meldingen per week")
    weeks = metrics.weeks(c, v, conf)
    by_cat, by_place, by_kind = st.tabs(["Per categorie", "Per plek", "Per soort"])
    with by_cat:
        df = metrics.signals_per_week(c, v, conf, "category")
        if df.empty:
            widgets.empty(f"Geen meldingen in {ctx.period_label}.")
        else:
            widgets.chart(charts.per_week, df, "category", weeks, key="week-category")
    with by_place:
        df = metrics.signals_per_week(c, v, conf, "location")
        if df.empty:
            widgets.empty(f"Geen meldingen in {ctx.period_label}.")
        else:
            widgets.chart(charts.per_week, df, "location", weeks, order, key="week-place")
    with by_kind:
        df = privacy.suppress_small_counts(metrics.signals_per_week(c, v, conf, "kind"), "signals", ctx.role,
                                           kind_col="kind")
        if df.empty:
            widgets.empty(f"Geen meldingen met een soort in {ctx.period_label}.")
        else:
            widgets.chart(charts.week_grid, df, "kind", weeks, [*schema.KINDS, schema.OTHER],
                                           "Soort", key="week-kind")
        # privacy: mask person-related counts for partners
        kinds = privacy.mask_small_counts(charts.kind_frame(metrics.kind_totals(c, v, conf)), "Meldingen",
                                          ctx.role, kind_col="Soort")
        widgets.table(kinds, f"meldingen per soort {ctx.period_label}", key="per-kind",
                      height=35 * (len(kinds) + 1) + 3)  # every kind in view: rows of 35 px and the header
        note = " " + privacy.SMALL_COUNT_NOTE if privacy.masks_counts(ctx.role) else ""
        st.caption("Een melding kan meer soorten hebben en telt dan bij elke soort. Eigen tekst bij 'Anders' "
                   f"telt als Anders.{note}")

    st.subheader("Per toren: welke verdieping, welke plek?")
    towers = [t for t in order if t in schema.TOWERS and (not v.towers or t in v.towers)]
    grids = {t: metrics.floor_spot(c, v, conf, t) for t in towers}
    spots = charts.spots_for(list(grids.values()))
    top = max([int(g["signals"].max()) for g in grids.values() if len(g)], default=1)
    floors = _tower_floors()
    for i, t in enumerate(towers):
        if i % 2 == 0:  # one row per pair, so a phone (columns stacked) keeps the partner's order
            cols = st.columns(2)
        with cols[i % 2]:
            if grids[t].empty:
                st.markdown(f"**{t}**")
                widgets.empty(f"Geen meldingen in {t} in {ctx.period_label}.")
            else:
                widgets.chart(charts.floor_spot, grids[t], charts.floors_for(floors.get(t, _default_floors()),
                                                                            grids[t]), spots, t, top, key=f"fs-{t}")
    st.caption("Elke rij is een verdieping (dak boven, kelder onder), elke kolom een plek uit het formulier. "
               "Het getal is het aantal meldingen.")

    st.subheader("Urgent: hoog of spoed")
    urgent = metrics.urgent_signals(c, v, conf)
    if urgent.empty:
        st.success(f"Geen meldingen met urgentie Hoog of Spoed in {ctx.period_label}.", icon=":material/check_circle:")
    else:
        widgets.table(charts.signal_frame(urgent, ctx.access.sees_names), f"urgente meldingen {ctx.period_label}",
                      key="urgent", column_config=_signal_columns())

    st.subheader("Doorgezet naar")
    passed = metrics.passed_to_totals(c, v, conf, ctx.partner)
    if focus["total"] == 0:
        widgets.empty(f"Geen meldingen in {ctx.period_label}.")
    else:
        widgets.chart(charts.passed_bars, passed, key="passed")
        st.caption("Een melding kan naar meer plekken zijn doorgezet en telt dan bij elk; het percentage is het deel "
                   "van alle meldingen. Wat er daarna mee gebeurde staat op de pagina Opvolging.")
        with st.expander("Als tabel (om te downloaden)"):
            widgets.table(charts.passed_frame(passed), f"doorgezet naar {ctx.period_label}", key="passed-table",
                          height=36 * (len(passed) + 1) + 4)

    st.subheader("Alle meldingen")
    query = st.text_input("Zoek in de meldingen", key="meldingen_zoek", placeholder="bijv. lift, slapers, Kempering",
                          help="Alle woorden moeten voorkomen in de beschrijving, plek, verdieping, categorie, soort, "
                               "doorgezet naar of urgentie. Hoofdletters maken niet uit.")
    found = metrics.signals_list(c, v, conf, query)
    st.caption(f"{fmt.number(len(found))} van {fmt.number(focus['total'])} meldingen in {ctx.period_label}, "
               "nieuwste eerst.")
    if found.empty:
        widgets.empty("Geen meldingen gevonden met deze zoekwoorden." if query else
                      f"Geen meldingen in {ctx.period_label} voor deze selectie.")
    else:
        widgets.table(charts.signal_frame(found, ctx.access.sees_names), f"meldingen {ctx.period_label}",
                      key="all", column_config=_signal_columns(), height=420)


def _default_floors() -> list[str]:
    """The form's floors, bottom to top: every answer but 'n.v.t.', which is no floor of a building."""
    return [f for f in schema.FLOORS if f != "n.v.t."]


def _tower_floors() -> dict[str, list[str]]:
    """Each tower's floors from data/places.toml; the form's floors when that file cannot be read."""
    try:
        return {name: t.floors for name, t in places.load().towers.items()}
    except places.PlacesError:
        return {}


def _signal_columns() -> dict:
    return {"Datum en tijd": st.column_config.TextColumn(width="medium"),
            "Beschrijving": st.column_config.TextColumn(width="large")}


page.body(ctx, draw)
