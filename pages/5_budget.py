"""Budget: each budget line against what was spent, the burn-up against the plan with the forecast to the end of the
project, the split per funder, and what remains."""
import streamlit as st

from lib import fmt, metrics, schema
from lib.charts import budget as charts
from lib.ui import page, widgets

ctx = page.setup("budget", show_categories=False)


def draw(ctx: page.Context) -> None:
    c, v, conf = ctx.data, ctx.view, ctx.conf
    start, end = metrics.bounds(c, v.month, conf)
    until = end if v.month else None
    upto = f"t/m {fmt.day(end)}" if v.month else "tot nu toe"
    if c.budget["is_default"].any():
        st.info("Het tabblad Begroting is leeg of ontbreekt. Hieronder staat de begroting uit de "
                "projectomschrijving: rondes 480 uur × € 15 en organisatie 80 uur × € 25. De andere posten en de "
                "bijdragen van De Key en de gemeente staan er niet in: vul het tabblad Begroting in.",
                icon=":material/info:")
    tot = metrics.budget_totals(c, conf, until, since=start if v.month else None)
    split = metrics.funder_first(metrics.funder_status(c, conf, until), ctx.partner)
    margin = tot["forecast_margin"]
    period = metrics.budget_period(c, conf)
    plan_days = f"{fmt.day(conf.plan_start)} – {fmt.day(conf.plan_end)}"
    spent_days = f"{fmt.day(period['first'])} t/m {fmt.day(period['last'])}" if period["last"] is not None else ""
    outside = period["before"] or period["after"]
    items = [
        {"label": "Begroot", "value": fmt.euro(tot["budgeted"], cents=False),
         "help": "Alle posten van de begroting met een bedrag."},
        {"label": "Uitgegeven", "value": fmt.euro(tot["spent"], cents=False),
         "delta": f"{fmt.euro(tot['spent_period'], cents=False)} deze maand" if v.month else None,
         "delta_color": "off",
         "help": f"Uitgegeven {upto}: coachuren × tarief, organisatie-uren × tarief en de kosten uit het tabblad "
                 f"Kosten." + (f" In {ctx.period_label}: {fmt.euro(tot['spent_period'])}." if v.month else "")
                 + (f" Telt alles van {spent_days}, ook buiten de planperiode {plan_days}."
                    if outside and not v.month else "")},
        {"label": "Resterend", "value": fmt.euro(tot["remaining"], cents=False),
         "help": f"Begroot min uitgegeven {upto}: {fmt.percent(tot['share_spent'])} van de begroting is besteed."},
        {"label": "Verwachting eind", "value": fmt.euro(tot["forecast"], cents=False),
         "delta": f"{fmt.euro(abs(margin), cents=False)} {'marge' if margin >= 0 else 'tekort'}",
         "delta_color": "normal" if margin >= 0 else "inverse",
         "help": (f"Wat er op {fmt.day(conf.plan_end)} (het einde van het plan) uitgegeven zal zijn als de uren "
                  f"in het tempo tot nu toe doorgaan, plus wat daarna is uitgegeven, t/m {fmt.day(period['last'])}: "
                  "nooit minder dan wat al is uitgegeven. Marge of tekort ten opzichte van de begroting."
                  if period["after"] else
                  f"Wat er op {fmt.day(conf.plan_end)} uitgegeven zal zijn als de uren in het tempo tot nu toe "
                  "doorgaan; kosten tellen zoals ze gemaakt zijn. Marge of tekort ten opzichte van de begroting.")},
    ]
    own = schema.PARTNER_NAMES.get(ctx.partner)
    if own and split["known"].all():
        row = split[split["funder"] == own].iloc[0]
        items.insert(0, {"label": f"Bijdrage {own}", "value": fmt.euro(row["contribution"], cents=False),
                         "help": f"{fmt.percent(row['share'])} van de begroting."})
    st.caption(f"Stand {upto}" + (" (eind van de gekozen maand)." if v.month else "."))
    widgets.metric_row(items)
    if outside:
        st.caption(f"Let op: er is uitgegeven buiten de planperiode {plan_days}, namelijk van {spent_days}. "
                   f"Uitgegeven (tot nu toe) en Verwachting eind tellen dat mee, dus t/m {fmt.day(period['last'])}; "
                   f"de grafiek Verloop van de uitgaven toont de planperiode.")
    if tot["unbudgeted_lines"]:
        st.caption("Posten zonder bedrag in de begroting tellen niet mee in het begrote totaal; "
                   "wat erop is uitgegeven telt wel mee.")

    st.subheader(f"Per post, {upto}")
    status = metrics.period_budget(c, v, conf) if v.month else metrics.budget_status(c, conf)
    if status.empty:
        widgets.empty("Er is nog geen begroting en er is nog niets uitgegeven.")
    else:
        widgets.chart(charts.lines, status, key="lines")
        spent_title = f"Uitgegeven {upto}"
        period_title = f"In {ctx.period_label}" if v.month else None
        frame = charts.status_frame(status, tot, spent_title, period_title)
        widgets.table(frame, f"budget per post {ctx.period_label}", key="status", static=True,
                      right=tuple(frame.columns[1:]), pin_first=True)

    st.subheader("Verloop van de uitgaven")
    bu = metrics.burn_up(c, conf)
    if bu["actual"].dropna().empty:
        widgets.empty("Er is in de projectperiode nog niets uitgegeven.")
    else:
        widgets.chart(charts.burn_up, bu, until, key="burn-up")
        if period["after"]:
            ending = (f"De grafiek stopt op {fmt.day(conf.plan_end)}; wat daarna t/m {fmt.day(period['last'])} is "
                      f"uitgegeven, telt mee in de verwachting van {fmt.euro(tot['forecast'], cents=False)}.")
        else:
            ending = (f"Oranje: verwachting als de uren in hetzelfde tempo doorgaan, uitkomend op "
                      f"{fmt.euro(tot['forecast'], cents=False)}.")
        st.caption(f"Doorgetrokken lijn: uitgegeven. Grijze stippellijn: de begroting gelijk verdeeld over "
                   f"{plan_days}. {ending}")

    st.subheader("Per financier")
    if not split["known"].all():
        widgets.empty("De bijdragen van De Key en de gemeente staan nog niet in het tabblad Begroting "
                      "(kolommen 'Bijdrage De Key' en 'Bijdrage Gemeente').")
    else:
        widgets.chart(charts.funders, split, key="funders")
    paid_title = f"Kosten zelf betaald {upto}"
    funders = charts.funder_frame(split, paid_title)
    widgets.table(funders, f"financiers {ctx.period_label}", key="funders-table", static=True,
                  right=tuple(funders.columns[1:]))
    st.caption("Bijdrage: wat de financier volgens de begroting bijdraagt; de stichting draagt de rest. "
               "Kosten zelf betaald: bonnen uit het tabblad Kosten, kolom 'Betaald door'.")


page.body(ctx, draw)
