"""Opvolging: what happened to the signals — where they were passed on, and the actions agreed in the monthly
meeting per owner, overdue ones first. The page the meeting walks through; the coordinator can update status,
deadline and external ticket number here and save them to the Acties tab."""
import streamlit as st

from lib import fmt, metrics
from lib.access import EDIT_ACTIONS
from lib.charts import signals as charts
from lib.ui import action_editor, page, widgets

ctx = page.setup("opvolging")


def draw(ctx: page.Context) -> None:
    c, v, conf = ctx.data, ctx.view, ctx.conf
    when, is_today = metrics.as_of(c, v, conf, ctx.today)
    actions = metrics.actions_view(c, v, conf, ctx.today, ctx.partner)
    summary = metrics.actions_summary(actions)
    focus = metrics.signal_focus(c, v, conf)

    widgets.metric_row([
        {"label": "Acties open", "value": fmt.number(summary["open"]),
         "help": "Status Open of Loopt, afgesproken in een overleg tot de peildatum."},
        {"label": "Over de deadline", "value": fmt.number(summary["overdue"]),
         "help": "Niet afgerond en de deadline ligt voor de peildatum."},
        {"label": "Afgerond", "value": fmt.number(summary["done"])},
        {"label": "Zonder deadline", "value": fmt.number(summary["no_deadline"]),
         "help": "Open acties waarbij geen deadline is ingevuld."},
        {"label": "Doorgezet", "value": fmt.number(focus["total"] - focus["not_passed"]),
         "help": f"Meldingen in {ctx.period_label} die naar minstens één partij zijn doorgezet "
                 f"(van de {fmt.number(focus['total'])})."},
    ])
    reason = "vandaag" if is_today else f"het einde van {ctx.period_label}, want die periode is voorbij"
    st.caption(f"Peildatum {fmt.day(when, long=True)} ({reason}): dagen open en 'over de deadline' tellen tot "
               "deze datum, en alleen acties uit overleggen tot dan staan erin. De status is zoals hij nu in het "
               "tabblad Acties staat.")

    st.subheader("Acties uit het overleg")
    if actions.empty:
        widgets.empty(f"Geen acties afgesproken tot {fmt.day(when)} voor deze selectie.")
    else:
        if v.towers or v.categories:
            st.caption("Met een filter op plek of categorie staan hier de acties bij meldingen die erin vallen, "
                       "plus de acties die niet bij één melding horen.")
        per_owner = metrics.actions_by_owner(actions).set_index("owner")
        table = charts.action_frame(actions)  # formatted once: each owner's table is its rows of this one
        for owner in per_owner.index:
            n = per_owner.loc[owner]
            n_open, n_late = int(n["open"]), int(n["overdue"])
            late = f" · **:red[{n_late} over de deadline]**" if n_late else ""
            st.markdown(f"#### {owner}\n{n_open} open{late} · {int(n['actions']) - n_open} afgerond")
            mine = table[(actions["owner"] == owner).to_numpy()].drop(columns="Eigenaar").reset_index(drop=True)
            widgets.table(mine, f"acties {owner}", key=f"actions-{owner}", column_config=_action_columns(),
                          downloads=False)
        if summary["link_missing"]:
            st.warning(f"{summary['link_missing']} actie(s) verwijzen in de kolom Melding naar een tijdstempel die "
                       "niet bij een (goedgekeurde) melding hoort. Zie ook Datakwaliteit.", icon=":material/link_off:")
        with st.expander("Alle acties in één tabel (om te downloaden)"):
            widgets.table(table, f"acties tot {fmt.day(when)}", key="actions-all",
                          column_config=_action_columns())

    st.subheader("Waar zijn de meldingen naartoe doorgezet?")
    totals = metrics.passed_to_totals(c, v, conf, ctx.partner)
    if focus["total"] == 0:
        widgets.empty(f"Geen meldingen in {ctx.period_label} voor deze selectie.")
    else:
        left, right = st.columns([2, 3], gap="large")
        with left:
            st.markdown(f"**Totaal in {ctx.period_label}**")
            widgets.chart(charts.passed_bars, totals, key="passed-total")
        with right:
            st.markdown("**Per week**")
            weekly = metrics.signals_per_week(c, v, conf, "passed_to")
            widgets.chart(charts.week_grid, weekly, "passed_to", metrics.weeks(c, v, conf),
                                           [*metrics.passed_to_order(ctx.partner), metrics.NOT_FILLED],
                                           "Doorgezet naar", key="passed-week")
        st.caption("Een melding die naar meer partijen ging telt bij elk; het percentage is het deel van alle "
                   f"{fmt.number(focus['total'])} meldingen.")
        with st.expander("Als tabel (om te downloaden)"):
            widgets.table(charts.passed_frame(totals), f"doorgezet naar {ctx.period_label}", key="passed-table")

    if ctx.may(EDIT_ACTIONS):
        _editor(ctx)


def _action_columns() -> dict:
    return {
        "Status": st.column_config.TextColumn(help="⚠: niet afgerond en de deadline is voorbij (op de peildatum)."),
        "Actie": st.column_config.TextColumn(width="large"),
        "Notitie": st.column_config.TextColumn(width="medium"),
    }


def _editor(ctx: page.Context) -> None:
    """Status, deadline and external ticket number, edited in a table and saved to the Acties tab."""
    st.subheader("Acties bijwerken")
    action_editor.editor(ctx, "acties", intro=(
        "Pas status, deadline of extern kenmerk aan en klik op Opslaan: alleen de veranderde cellen worden in het "
        "tabblad Acties geschreven. Nieuwe acties voeg je toe tijdens het overleg, op de pagina Overleg."))


page.body(ctx, draw)
