"""Overzicht: the month at a glance — hours, coaches, rounds, signals, open actions, and a calendar of rounds."""
import streamlit as st

from lib import fmt, metrics
from lib.charts import overview as charts
from lib.ui import page, widgets

ctx = page.setup("overzicht")


def draw(ctx: page.Context) -> None:
    c, v, conf = ctx.data, ctx.view, ctx.conf
    now, prev = metrics.headline_with_previous(c, v, conf)

    def delta(key: str, unit: str = "") -> str | None:
        if prev is None:
            return None
        d = now[key] - prev[key]
        if abs(d) < 0.05:
            return None  # no change: an arrow would suggest one
        # a plain '-' in front: Streamlit reads it to point the arrow down
        return f"{'+' if d >= 0 else '-'}{fmt.number(abs(d), 1 if unit else 0)}{unit} t.o.v. vorige maand"

    widgets.metric_row([
        {"label": "Uren gelopen (coachuren)", "value": fmt.hours(now["coach_hours"]),
         "delta": delta("coach_hours", " u"),
         "help": f"Plan voor {ctx.period_label}: {fmt.hours(now['plan_hours'])}. "
                 "Duur van elke ronde × aantal coaches."},
        {"label": "Coaches actief", "value": fmt.number(now["coaches"]), "delta": delta("coaches")},
        {"label": "Rondes", "value": fmt.number(now["rounds"]), "delta": delta("rounds")},
        {"label": "Meldingen", "value": fmt.number(now["signals"]), "delta": delta("signals"), "delta_color": "off"},
        {"label": "Open acties", "value": fmt.number(now["open_actions"]),
         "help": "Acties uit het overleg met status Open of Loopt (alle maanden)."},
    ])
    share = metrics.share_of_plan(now["coach_hours"], now["plan_hours"])
    st.progress(min(share or 0.0, 1.0),
                text=f"{fmt.hours(now['coach_hours'])} van {fmt.hours(now['plan_hours'])} gepland "
                     f"voor {ctx.period_label} ({fmt.percent(share)})")

    _partner_part(ctx)

    st.subheader("Welke plekken hadden een ronde?")
    cal = metrics.day_tower_calendar(c, v, conf)
    if cal["rounds"].sum() == 0:
        widgets.empty(f"Geen rondes in {ctx.period_label} voor deze selectie.")
    else:
        if cal["date"].nunique() <= charts.TABLE_MAX_DAYS:
            st.html(charts.calendar_table(cal))
        else:
            widgets.chart(charts.calendar, cal, key="calendar")
        st.caption("Elk vakje is een dag; het getal is het aantal rondes dat die dag op die plek begon.")

    if not ctx.live:  # live mode says when it last refreshed below the fragment
        st.caption(f"Bron: {c.source} · laatst bijgewerkt {fmt.moment(c.read_at)}")


def _partner_part(ctx: page.Context) -> None:
    """Each partner's own part of the month first: De Key the inside of the towers, the gemeente the public space."""
    f = metrics.signal_focus(ctx.data, ctx.view, ctx.conf)
    parts = {
        "dekey": ("Voor De Key: binnen de flats", [
            ("Meldingen in de flats", f["towers"]), ("Doorgezet naar beheerder De Key", f["to_dekey"])]),
        "gemeente": ("Voor de gemeente: de openbare ruimte", [
            ("Meldingen in de openbare ruimte", f["public_space"]), ("Doorgezet naar de gemeente", f["to_gemeente"])]),
        "stichting": ("Voor de stichting: opvolging", [
            ("Urgente meldingen", f["urgent"]), ("Niet doorgezet", f["not_passed"])]),
    }
    order = [ctx.partner] + [k for k in parts if k != ctx.partner]
    title, items = parts[order[0]]
    st.subheader(title)
    widgets.metric_row([{"label": label, "value": fmt.number(n)} for label, n in items]
                       + [{"label": parts[k][1][0][0], "value": fmt.number(parts[k][1][0][1])} for k in order[1:]])


page.body(ctx, draw)
