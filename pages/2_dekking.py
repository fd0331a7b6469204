"""Dekking per flat: where and when the coaches walked — rounds and hours per place per day, the time of day
against office hours and sunset, the evenings and weekend days covered, the gaps, and plan against actual."""
import streamlit as st

from lib import fmt, metrics
from lib.charts import coverage as charts
from lib.ui import page, widgets

ctx = page.setup("dekking", show_categories=False)


def draw(ctx: page.Context) -> None:
    c, v, conf = ctx.data, ctx.view, ctx.conf
    order = [p for p in metrics.place_order(ctx.partner) if not v.towers or p in v.towers]
    head = metrics.headline(c, v, conf)
    overall = metrics.evening_weekend_overall(c, v, conf)
    gaps = metrics.by_place(metrics.gaps(c, v, conf), ctx.partner)
    widgets.metric_row([
        {"label": "Rondes", "value": fmt.number(head["rounds"]),
         "help": "Rondes die in de periode begonnen en langs een van de gekozen plekken gingen."},
        {"label": "Uren gelopen", "value": fmt.hours(head["round_hours"]),
         "help": "Duur van de rondes samen; met het aantal coaches erbij: "
                 f"{fmt.hours(head['coach_hours'])} coachuren."},
        {"label": "Avonden gedekt", "value": fmt.percent(overall["evening_share"]),
         "help": f"{fmt.number(overall['evenings_covered'])} van de {fmt.number(overall['evenings'])} avonden "
                 "(na 17:00) had minstens één ronde, tot de laatste dag met gegevens."},
        {"label": "Weekend gedekt", "value": fmt.percent(overall["weekend_share"]),
         "help": f"{fmt.number(overall['weekend_covered'])} van de {fmt.number(overall['weekend_days'])} "
                 "zaterdagen en zondagen."},
        {"label": "Buiten kantooruren", "value": fmt.percent(metrics.outside_office_share(c, v, conf)),
         "help": "Deel van de coachuren buiten werkdagen 09:00–17:00: de coaches lopen in de donkere uren."},
    ])

    st.subheader("Rondes per plek per dag")
    cal = metrics.day_tower_calendar(c, v, conf)
    if cal["rounds"].sum() == 0:
        widgets.empty(f"Geen rondes in {ctx.period_label} voor deze selectie.")
    else:
        measure = st.radio("Kleur naar", ["rounds", "hours"], horizontal=True, key="dekking_measure",
                           format_func=lambda m: {"rounds": "Aantal rondes", "hours": "Uren gelopen"}[m],
                           label_visibility="collapsed")
        widgets.chart(charts.heatmap, cal, order, measure or "rounds", dense=v.month is None, key="heatmap")
        st.caption("Elk vakje is een dag; grijs is een dag zonder ronde op die plek. "
                   "Een ronde na middernacht telt op de dag waarop hij begon.")

    st.subheader("Hoe laat werd er gelopen?")
    spans = metrics.round_spans(c, v, conf)
    if spans.empty:
        widgets.empty(f"Geen rondes in {ctx.period_label} voor deze selectie.")
    else:
        widgets.chart(charts.time_of_day, spans, metrics.office_days(c, v, conf), metrics.sunsets(c, v, conf),
                      key="time-of-day")
        st.caption("Elke streep is een ronde, van begin- tot eindtijd. Grijs: kantooruren op werkdagen "
                   "(09:00–17:00). Oranje stippellijn: zonsondergang in de K-buurt.")

    st.subheader("Avonden en weekenddagen met een ronde, per plek")
    share = metrics.by_place(metrics.evening_weekend_share(c, v, conf), ctx.partner)
    if share["evenings"].sum() == 0:
        widgets.empty(f"Nog geen dagen in {ctx.period_label}.")
    else:
        left, right = st.columns(2)
        with left:
            st.markdown("**Avonden (na 17:00)**")
            widgets.chart(charts.shares, share, order, "evening", key="share-evening")
        with right:
            st.markdown("**Zaterdagen en zondagen**")
            widgets.chart(charts.shares, share, order, "weekend", key="share-weekend")
        widgets.table(charts.share_frame(share), f"avonden en weekends per plek {ctx.period_label}", key="shares",
                      static=True)
        st.caption("Avonden: avonden (na 17:00) met minstens één ronde op die plek; weekenddagen: zaterdagen en "
                   "zondagen met minstens één ronde. Elk als aandeel (aantal van het totaal).")

    st.subheader("Gaten: drie dagen of langer zonder ronde")
    if gaps.empty:
        st.success(f"Geen plek was in {ctx.period_label} drie dagen of langer zonder ronde.",
                   icon=":material/check_circle:")
    else:
        st.markdown("\n".join(f"- {line}" for line in charts.gap_lines(gaps)))
        with st.expander("Als tabel (om te downloaden)"):
            widgets.table(charts.gap_frame(gaps), f"gaten {ctx.period_label}", key="gaps", static=True)

    st.subheader("Plan en werkelijkheid")
    cum = metrics.cumulative_hours(c, conf)
    walked = cum["actual"].dropna()
    if walked.empty:
        widgets.empty("Nog geen rondes gelopen in de projectperiode.")
    else:
        last = cum.loc[walked.index[-1]]
        st.caption(f"Tot en met {fmt.day(last['date'])}: {fmt.hours(last['actual'])} gelopen, "
                   f"{fmt.hours(last['plan'])} gepland op die dag; het hele plan is {fmt.hours(conf.plan_coach_hours)} "
                   f"({fmt.day(conf.plan_start)} – {fmt.day(conf.plan_end)}). Alle plekken samen.")
        period = metrics.bounds(c, v.month, conf) if v.month else None
        widgets.chart(charts.plan_vs_actual, cum, period, key="plan")


page.body(ctx, draw)
