"""Datakwaliteit: every row the cleaner rejected (tab, sheet row, reason, what was there) and every warning, so the
coordinator can fix the sheet. Nothing is hidden here and the month filter does not apply."""
import streamlit as st

from lib import fmt, metrics, schema
from lib.charts import signals as charts
from lib.ui import page, widgets

ctx = page.setup("datakwaliteit", filter_bar=False)


def draw(ctx: page.Context) -> None:
    c = ctx.data
    counts = metrics.quality_counts(c)
    st.caption("Deze pagina toont alles wat het dashboard uit de spreadsheet las, van het hele project: de filter "
               f"op maand, plek en categorie geldt hier niet. Bron: {c.source} · gelezen {fmt.moment(c.read_at)}.")
    widgets.metric_row([
        {"label": "Rijen gelezen", "value": fmt.number(counts["rows"].sum()),
         "help": "Alle ingevulde rijen van alle tabbladen (de kopregel niet meegeteld)."},
        {"label": "Goedgekeurd", "value": fmt.number(counts["clean"].sum())},
        {"label": "Afgekeurd", "value": fmt.number(counts["rejected"].sum()),
         "help": "Rijen die niet meetellen. Verbeter ze in de spreadsheet; bij de volgende keer laden tellen ze mee."},
        {"label": "Waarschuwingen", "value": fmt.number(counts["warnings"].sum()),
         "help": "Rijen en kolommen die wel meetellen, maar waar iets opvalt."},
    ])

    st.subheader("Per tabblad")
    widgets.table(_count_frame(counts), "datakwaliteit per tabblad", key="per-tab")
    st.caption("Gelezen = goedgekeurd + afgekeurd: er gaat geen rij verloren. Een tabblad dat ontbreekt telt als leeg.")

    tabs = st.multiselect("Toon tabblad", list(schema.TABS), key="dk_tabs", placeholder="Alle tabbladen")
    chosen = tuple(tabs)

    st.subheader("Afgekeurde rijen")
    rejects = metrics.rejects_for(c, chosen)
    if rejects.empty:
        st.success("Geen afgekeurde rijen" + (" in de gekozen tabbladen." if chosen else "."),
                   icon=":material/check_circle:")
    else:
        reasons = metrics.reject_reasons(c, chosen)
        st.markdown("**Redenen**")
        widgets.table(reasons[["rows", "reason", "tab"]].rename(columns={"tab": "Tabblad", "reason": "Reden",
                                                                           "rows": "Rijen"}),
                      "redenen afgekeurd", key="reasons", downloads=False)
        st.markdown(f"**Alle {fmt.number(len(rejects))} afgekeurde rijen**")
        widgets.table(charts.reject_frame(rejects), "afgekeurde rijen", key="rejects",
                      column_config={"Rij in de sheet": st.column_config.NumberColumn(format="%d", width="small"),
                                     "Wat er stond": st.column_config.TextColumn(width="large")})
        st.caption("'Rij in de sheet' is het rijnummer in de spreadsheet (rij 1 is de kopregel). "
                   "'Wat er stond' geeft elke ingevulde cel als kolom: waarde.")

    st.subheader("Waarschuwingen")
    warnings = metrics.warnings_for(c, chosen)
    if warnings.empty:
        st.success("Geen waarschuwingen" + (" in de gekozen tabbladen." if chosen else "."),
                   icon=":material/check_circle:")
    else:
        kinds = metrics.warning_kinds(c, chosen)
        st.markdown("**Soorten**")
        widgets.table(kinds[["warnings", "kind", "tab"]].rename(columns={"tab": "Tabblad", "kind": "Soort waarschuwing",
                                                                           "warnings": "Aantal"}),
                      "soorten waarschuwingen", key="warning-kinds", downloads=False)
        st.markdown(f"**Alle {fmt.number(len(warnings))} waarschuwingen**")
        # Text, not a number column: a warning about a whole tab or column has no row, and a number column would
        # write "None" in that cell.
        widgets.table(charts.warning_frame(warnings), "waarschuwingen", key="warnings",
                      column_config={"Rij in de sheet": st.column_config.TextColumn(width="small", alignment="right"),
                                     "Waarschuwing": st.column_config.TextColumn(width="large")})
        st.caption("Een leeg vak bij 'Rij in de sheet' betekent: het gaat over het hele tabblad of de hele kolom.")


def _count_frame(counts):
    return counts.assign(missing=counts["missing"].map({True: "ontbreekt", False: ""})).rename(columns={
        "tab": "Tabblad", "rows": "Gelezen", "clean": "Goedgekeurd", "rejected": "Afgekeurd",
        "warnings": "Waarschuwingen", "missing": "Tabblad ontbreekt"})


page.body(ctx, draw)
