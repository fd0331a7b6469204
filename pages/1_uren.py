"""Uren & vergoedingen: hours per coach per week and month, fees against the volunteer allowance limits,
the organisation hours, and the payout list of the period to download."""
import pandas as pd
import streamlit as st

from lib import fmt, metrics, parse
from lib.charts import hours as charts
from lib.ui import page, widgets

ctx = page.setup("uren", show_categories=False)


def _rows(df) -> int:
    """A table height that shows every row up to about fifteen, then scrolls."""
    return min(35 * (len(df) + 1) + 20, 560)


def draw(ctx: page.Context) -> None:
    c, v, conf = ctx.data, ctx.view, ctx.conf
    budget_rate = metrics.coach_rate(c, conf)
    left, right = st.columns([1, 3], vertical_alignment="bottom")
    # A text field, not a number input: the browser would show 15.00; here the rate reads 15,00, as in Dutch.
    typed = left.text_input(
        "Tarief per coachuur (€)", value=fmt.number(budget_rate, 2), key="uren_rate",
        help="Het tarief uit de begroting. Vul een ander bedrag in (bijvoorbeeld 12,50) om te zien wat dat "
             "betekent; de begroting en de andere pagina's veranderen niet.")
    rate = _rate(typed)
    if rate is None:
        left.caption(f":red[Dat is geen bedrag tussen € 0 en € 100. Gerekend met {fmt.euro(budget_rate)}.]")
        rate = budget_rate
    if abs(rate - budget_rate) > 1e-9:
        right.info(f"Rekenvoorbeeld met {fmt.euro(rate)} per uur; de begroting rekent met {fmt.euro(budget_rate)}.",
                   icon=":material/calculate:")
    else:
        right.caption(f"Tarief uit de begroting: {fmt.euro(budget_rate)} per coachuur. "
                      "Vergoeding = uren × tarief.")

    s = metrics.fee_summary(c, v, conf, rate)
    widgets.metric_row([
        {"label": "Coachuren", "value": fmt.hours(s["hours"]),
         "help": f"Alle rondes in {ctx.period_label}, op elke plek: de basis van de uitbetaling."},
        {"label": "Vergoeding", "value": fmt.euro(s["fee"]),
         "help": f"{fmt.number(s['coaches'])} coaches × hun uren × {fmt.euro(rate)}."},
        {"label": "Boven maandgrens", "value": f"{fmt.number(s['over_month'])} van {fmt.number(s['coaches'])}",
         "help": "Coaches van wie de vergoeding in een kalendermaand boven de maandgrens komt."},
        {"label": "Boven jaargrens", "value": f"{fmt.number(s['over_year'])} van {fmt.number(s['coaches'])}",
         "help": "Coaches van wie de vergoeding in het kalenderjaar (tot het eind van de periode) "
                 "boven de jaargrens komt."},
        {"label": "Organisatie-uren", "value": fmt.hours(s["org_hours"]),
         "help": f"Kosten: {fmt.euro(s['org_cost'])} (uren × tarief van de post organisatie)."},
    ])
    if v.towers:
        st.caption("Let op: de uren per week volgen het flatfilter; de vergoedingen en de uitbetaling tellen "
                   "altijd alle rondes van een coach, op elke plek.")

    st.subheader("Uren per coach")
    week_tab, month_tab = st.tabs(["Per week", "Per maand"])
    for tab, freq, what in ((week_tab, "W", "week"), (month_tab, "M", "maand")):
        with tab:
            wide = metrics.coach_hours_pivot(c, v, conf, freq)
            if wide.empty:
                widgets.empty(f"Geen rondes in {ctx.period_label} voor deze selectie.")
                continue
            widgets.chart(charts.hours_grid, metrics.coach_hours_by(c, v, conf, freq), wide["coach"].tolist(),
                          key=f"hours-{freq}")
            widgets.table(charts.hours_frame(wide), f"uren per coach per {what} {ctx.period_label}",
                          key=f"hours-table-{freq}", height=_rows(wide))

    st.subheader("Vergoedingen en de grenzen van de Belastingdienst")
    fees = metrics.fees(c, v, conf, rate)
    pay = metrics.payout(c, v, conf, rate)
    if fees.empty:
        widgets.empty(f"Geen rondes in {ctx.period_label}: er is niets uit te betalen.")
    else:
        _limits(ctx, fees, pay, rate)

    st.subheader(f"Uitbetaling {ctx.period_label}")
    if pay.empty:
        widgets.empty(f"Geen uitbetaling voor {ctx.period_label}.")
    else:
        st.caption("Eén regel per coach per kalendermaand. Download als CSV of Excel voor de administratie.")
        widgets.table(charts.payout_frame(pay, with_month=v.month is None), f"uitbetaling {ctx.period_label}",
                      download=charts.payout_frame(pay, with_month=v.month is None, numbers=True),
                      key="payout", height=_rows(pay))

    st.subheader("Organisatie-uren")
    org = metrics.org_hours_table(c, v, conf)
    if org.empty:
        widgets.empty(f"Geen organisatie-uren in {ctx.period_label} (tabblad Organisatie-uren).")
    else:
        st.caption(f"Samen {fmt.hours(s['org_hours'])}, {fmt.euro(s['org_cost'])} "
                   f"tegen {fmt.euro(metrics.org_rate(c, conf))} per uur.")
        widgets.table(charts.org_frame(org), f"organisatie-uren {ctx.period_label}", key="org", height=_rows(org))


def _rate(typed: str) -> float | None:
    """The typed rate in euros ('12,50', '€ 12,50', '12'), or None when it is not an amount from 0 to 100."""
    value, unreadable = parse.number(pd.Series([typed]))
    x = value.iloc[0]
    if unreadable.iloc[0] or pd.isna(x) or not 0 <= x <= 100:
        return None
    return float(x)


def _limits(ctx: page.Context, fees, pay, rate: float) -> None:
    """The limit checks: who passes which limit (named), the limits themselves, and the two fee charts."""
    v = ctx.view
    end = metrics.bounds(ctx.data, v.month, ctx.conf)[1]
    limits = metrics.allowance_for(ctx.conf, end.year)
    over_m, over_y, over_h = fees[fees["over_month"]], fees[fees["over_year"]], fees[fees["over_hour"]]
    if len(over_m):
        st.warning(f"**Boven de maandgrens ({fmt.euro(limits['max_month'], cents=False)}):** "
                   + ", ".join(over_m["coach"]), icon=":material/warning:")
    if len(over_y):
        st.warning(f"**Boven de jaargrens ({fmt.euro(limits['max_year'], cents=False)}):** "
                   + ", ".join(over_y["coach"]), icon=":material/warning:")
    if not len(over_m) and not len(over_y):
        st.success("Niemand komt boven de maand- of jaargrens.", icon=":material/check_circle:")
    note = charts.limits_sentence(limits) + " Boven deze grenzen telt de hele vergoeding als belast inkomen."
    if len(over_h):
        note += (f" Het tarief van {fmt.euro(rate)} ligt boven de uurgrens voor {fmt.number(len(over_h))} van de "
                 f"{fmt.number(len(fees))} coaches: de Belastingdienst kan dat toch als vrijwilligersvergoeding zien "
                 "als de organisatie laat zien dat het geen marktconform loon is; "
                 "de maand- en jaargrens gelden altijd.")
    st.caption(note + " Het dashboard laat zien wie een grens passeert; het beslist niets.")
    year_title = f"Vergoeding {end.year} t/m {fmt.day(end)}"
    left, right = st.columns(2)
    with left:
        if v.month:
            st.markdown(f"**Vergoeding in {ctx.period_label}**")
            widgets.chart(charts.month_fees, pay, key="month-fees")
        else:
            st.markdown("**Vergoeding per maand**")
            order = fees.sort_values("fee", ascending=False)["coach"].tolist()
            widgets.chart(charts.fee_grid, pay, order, key="month-fees")
    with right:
        st.markdown(f"**{year_title}**")
        widgets.chart(charts.year_fees, fees, year_title, key="year-fees")
    if not v.month:
        widgets.table(charts.fees_frame(fees, year_title), f"vergoeding per coach {ctx.period_label}", key="fees",
                      height=_rows(fees))


page.body(ctx, draw)
