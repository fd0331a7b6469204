"""The monthly report: the metrics it adds (pinned on a small workbook with known answers), its wording of the
coaches' texts, privacy, and the three files read back (python-docx, pypdf, plain text) for a demo month and the
whole project, each checked for the section headings and the figures the metric functions give."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from lib import fmt, metrics, privacy, themes
from lib.metrics import View
from lib.report import content, filename, observations, render
from lib.report.markdown import parts, to_markdown
from lib.report.model import Figure
from tests.builders import cleaned, rnd, sig

TODAY = dt.date(2022, 3, 16)
NOTE = "Overleg 12 januari: De Key plant extra schoonmaak.\n- slapers in Kempering blijven aandacht vragen"
HEADINGS_1 = ("Toelichting coördinator", "Algemeen", "Observaties algemeen", "Observaties tijdens looprondes",
              "Opvallendheden / incidenten", "Dekking", "Budget")
HEADINGS_2 = ("Per flat en openbare ruimte", "Uren per coach", "Urgente meldingen", "Doorgezet naar",
              "Opvolging: acties uit het overleg", "Gaten in de dekking")


# --- the metrics the report added (lib.metrics: overview, actions, budget) ------------------------------------------

ACTIONS = [["Datum overleg", "Actie", "Eigenaar", "Deadline", "Status", "Melding", "Extern kenmerk", "Notitie"],
           [dt.datetime(2021, 12, 8), "Lampen vervangen", "De Key", dt.datetime(2021, 12, 22), "Open", None, "DK-1",
            ""],
           [dt.datetime(2021, 12, 8), "Brief aan bewoners", "Stichting", dt.datetime(2021, 12, 15), "Afgerond", None,
            "", ""],
           [dt.datetime(2022, 1, 12), "Wijkagent vragen", "Politie", dt.datetime(2022, 1, 26), "Loopt", None, "", ""]]
COSTS = [["Datum", "Post", "Omschrijving", "Bedrag", "Betaald door"],
         [dt.datetime(2021, 12, 10), "Materiële kosten", "Zaklampen", 100.0, "De Key"],
         [dt.datetime(2022, 1, 10), "Materiële kosten", "EHBO-kit", 50.0, "Gemeente"]]

ORG = [["Datum", "Naam", "Uren", "Omschrijving"],
       [dt.datetime(2021, 11, 27), "Esther Mensah", 4.0, "EHBO-training"],
       [dt.datetime(2021, 12, 6), "Esther Mensah", 2.0, "Rooster"]]


@pytest.fixture(scope="module")
def small():
    """Dec: Anna+Bram 2 h at Kouwenoord and the public space, Chantal 1,5 h at Klieverink.
    Jan: Anna 3 h at Kempering."""
    return cleaned(
        rounds=[
            rnd(),
            rnd(ts=dt.datetime(2021, 12, 3, 22), coach="Chantal Kok", mates="", day=dt.date(2021, 12, 3),
                start=dt.time(20, 0), end=dt.time(21, 30), places="Klieverink"),
            rnd(ts=dt.datetime(2022, 1, 5, 23), coach="Anna de Vries", mates="", day=dt.date(2022, 1, 5),
                start=dt.time(19, 0), end=dt.time(22, 0), places="Kempering"),
        ],
        signals=[
            sig(urgency="Hoog"),
            sig(ts=dt.datetime(2021, 12, 3, 22), day=dt.date(2021, 12, 3), location="Klieverink", urgency="Laag"),
            sig(ts=dt.datetime(2022, 1, 5, 23), day=dt.date(2022, 1, 5), location="Kempering",
                urgency="Spoed (112 gebeld)"),
        ],
        extra={"Acties": ACTIONS, "Kosten": COSTS, "Organisatie-uren": ORG},
    )


def test_tower_summary_counts_every_place_a_round_went(small, conf):
    t = metrics.tower_summary(small, View("2021-12"), conf).set_index("location")
    assert list(t.index) == ["Kouwenoord", "Klieverink", "Kempering", "Kralenbeek", "Openbare ruimte"]
    assert t.loc["Kouwenoord", ["rounds", "days", "signals", "urgent"]].tolist() == [1, 1, 1, 1]
    assert t.loc["Kouwenoord", "coach_hours"] == pytest.approx(4.0)
    assert t.loc["Openbare ruimte", "hours"] == pytest.approx(2.0)  # the same round counts at both places
    assert t.loc["Klieverink", ["rounds", "signals", "urgent"]].tolist() == [1, 1, 0]
    assert t.loc["Kempering", "rounds"] == 0 and t.loc["Kralenbeek", "coach_hours"] == 0


def test_coach_summary_has_pseudonyms_and_is_sorted_by_hours(small, conf):
    cs = metrics.coach_summary(small, View("2021-12"), conf)
    assert cs["coach"].tolist() == ["Anna de Vries", "Bram Mensah", "Chantal Kok"]
    assert cs["pseudonym"].tolist() == ["Coach A", "Coach B", "Coach C"]
    assert cs["hours"].tolist() == pytest.approx([2.0, 2.0, 1.5])
    assert cs["rounds"].tolist() == [1, 1, 1]


def test_monthly_summary_one_row_per_month(small, conf):
    ms = metrics.monthly_summary(small, conf).set_index("month")
    assert list(ms.index) == ["2021-12", "2022-01"]
    assert ms.loc["2021-12", ["rounds", "coaches", "signals"]].tolist() == [2, 3, 2]
    assert ms.loc["2021-12", "coach_hours"] == pytest.approx(5.5)
    assert ms.loc["2022-01", "coach_hours"] == pytest.approx(3.0)


def test_report_headline_spreads_the_plan_over_its_days(small, conf):
    h = metrics.report_headline(small, View("2021-12"), conf)
    # December is 31 of the plan's 105 days (1 Dec - 15 Mar): 60 round days and 80 organisation hours spread evenly.
    assert h["round_days"] == 2
    assert h["plan_round_days"] == pytest.approx(17.7)
    assert h["plan_org_hours"] == pytest.approx(23.6)
    whole = metrics.report_headline(small, View(None), conf)
    assert whole["plan_round_days"] == pytest.approx(60) and whole["plan_org_hours"] == pytest.approx(80)


def test_org_hours_before_the_first_day_are_counted_apart(small, conf):
    assert metrics.org_hours_before(small, conf) == pytest.approx(4.0)
    assert metrics.report_headline(small, View("2021-12"), conf)["org_hours"] == pytest.approx(2.0)
    text = to_markdown(content.build(small, "2021-12", conf, today=TODAY, charts=False))
    assert "daarnaast 4,0 u vóór de eerste ronde (1 dec 2021)" in text
    assert "| Coachuren | 5,5 u |" in text  # the first month: no column for the month before
    whole = to_markdown(content.build(small, None, conf, today=TODAY, charts=False))
    assert "De organisatie besteedde 6,0 u aan coördinatie en begeleiding, waarvan 4,0 u vóór de eerste " \
           "ronde" in whole
    assert "| Vóór 1 dec 2021 | – | – | – | – | 4,0 u | – |" in whole


def test_period_actions_are_the_months_and_the_unfinished_older_ones(small, conf):
    jan = metrics.period_actions(small, View("2022-01"), conf, dt.date(2022, 2, 1))
    assert jan["action"].tolist() == ["Lampen vervangen", "Wijkagent vragen"]
    assert jan["overdue"].tolist() == [True, True]
    dec = metrics.period_actions(small, View("2021-12"), conf, dt.date(2021, 12, 20))
    assert sorted(dec["action"]) == ["Brief aan bewoners", "Lampen vervangen"]


def test_period_budget_and_funders_up_to_the_end_of_the_month(small, conf):
    b = metrics.period_budget(small, View("2022-01"), conf).set_index("budget_line")
    assert b.loc["Materiële kosten", "spent_period"] == pytest.approx(50.0)
    assert b.loc["Materiële kosten", "spent"] == pytest.approx(150.0)
    assert b.loc["Rondes flatcoaches", "spent_period"] == pytest.approx(3.0 * 15)
    assert b.loc["Rondes flatcoaches", "spent"] == pytest.approx(8.5 * 15)
    f = metrics.funder_status(small, conf, until=dt.datetime(2021, 12, 31)).set_index("funder")
    assert f.loc["De Key", "costs_paid"] == pytest.approx(100.0) and f.loc["Gemeente", "costs_paid"] == 0


# --- wording: themes, months, privacy -------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Lamp in de hal van Kouwenoord knippert de hele tijd.", ["verlichting"]),
    ("Twee lantaarnpalen bij het speelveld branden niet.", ["verlichting"]),
    ("Groep van vijf jongeren bij de bergingen met harde muziek.", ["jongeren", "geluid"]),
    ("Slaapplek in het trappenhuis: dekens en karton.", ["slapers"]),
    ("Vuilniszakken naast de container.", ["afval"]),
    ("Lift staat stil op de begane grond.", ["lift"]),
    ("Deuren dicht, schoon.", ["rustig"]),  # a door that is shut is not a door problem
    ("Voordeur valt niet in het slot.", ["deuren en sloten"]),
    ("", []),
])
def test_keyword_themes(text, expected):
    assert themes.themes_in(text) == expected


@pytest.mark.parametrize("raw, month", [(None, None), ("", None), ("project", None), ("2022-01", "2022-01")])
def test_parse_month_accepts(raw, month):
    assert content.parse_month(raw) == month


@pytest.mark.parametrize("raw", ["2022-13", "jan", "2022-1", "01-2022", "2022-00"])
def test_parse_month_refuses_in_dutch(raw):
    with pytest.raises(content.ReportPeriodError, match="JJJJ-MM"):
        content.parse_month(raw)


def test_month_without_data_is_refused(demo, conf):
    with pytest.raises(content.ReportPeriodError, match="Geen rondes of meldingen in juni 2023"):
        content.build(demo, "2023-06", conf, charts=False)


def test_scrubber_hides_contact_details_and_coach_names_unless_names_are_chosen(demo):
    text = "Sharon Pinas sprak een bewoner: bel 06-12345678 of mail buurvrouw12@example.com."
    scrubbed = privacy.text_scrubber(demo, names=False)(text)
    assert "Sharon" not in scrubbed and "12345678" not in scrubbed and "@example.com" not in scrubbed
    assert privacy.text_scrubber(demo, names=True)(text) == text


def test_urgent_descriptions_are_scrubbed_in_the_partner_report(conf):
    c = cleaned(rounds=[rnd()], signals=[sig(urgency="Hoog", description="Lift kapot. Bram Mensah belde 06-12345678.")])
    partner = to_markdown(content.build(c, "2021-12", conf, today=TODAY, charts=False))
    assert "Lift kapot." in partner and "12345678" not in partner and "Bram" not in partner
    internal = to_markdown(content.build(c, "2021-12", conf, names=True, today=TODAY, charts=False))
    assert "Bram Mensah belde 06-12345678" in internal


# --- the demo report, built once per period and read back in every format -------------------------------------

def _roster_names(c) -> list[str]:
    return [n for n in c.roster["name"]]


@pytest.fixture(scope="module", params=["2022-01", None], ids=["2022-01", "project"])
def built(request, demo, conf):
    """(report, headline, files) for a demo month and the whole project."""
    month = request.param
    rep = content.build(demo, month, conf, note=NOTE, today=TODAY)
    head = metrics.report_headline(demo, View(month), conf)
    files = {f: render(rep, f) for f in ("docx", "pdf", "md")}
    return rep, head, files


def _docx_text(data: bytes) -> tuple[str, list[tuple[str, str]], Document]:
    doc = Document(io.BytesIO(data))
    paras = [(p.style.name, p.text) for p in doc.paragraphs]
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([t for _, t in paras] + cells), paras, doc


def _pdf_text(data: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(p.extract_text() for p in reader.pages), reader


def _figures_expected(head: dict, demo, month) -> list[str]:
    """Figures a reader checks first, formatted as the report formats them."""
    conf = metrics_conf()
    sig = metrics.signals_in(demo, View(month), conf)
    org = head["org_hours"] + (metrics.org_hours_before(demo, conf) if month is None else 0.0)
    return [fmt.hours(head["coach_hours"]), f"{fmt.number(head['rounds'])} rondes",
            f"{fmt.number(head['coaches'])} coaches", f"{fmt.number(len(sig))} meldingen", fmt.hours(org)]


def metrics_conf():
    from lib.settings import load

    return load()


def test_docx_has_real_headings_and_the_months_figures(built, demo):
    rep, head, files = built
    text, paras, doc = _docx_text(files["docx"])
    h1 = [t for s, t in paras if s == "Heading 1"]
    h2 = [t for s, t in paras if s == "Heading 2"]
    for h in HEADINGS_1:
        assert h in h1, (h, h1)
    for h in HEADINGS_2:
        assert h in h2, (h, h2)
    assert [t for s, t in paras if s == "Title"] == ["Maandrapportage Flatcoaches K-buurt"]
    for figure in _figures_expected(head, demo, rep.month):
        assert figure in text, figure
    assert "Lieven de Key" in text and "Gemeente Amsterdam, stadsdeel Zuidoost" in text
    assert "Stichting Hart voor de K-buurt" in text and "16 maart 2022" in text
    assert "De Key plant extra schoonmaak" in text  # the coordinator's note


def test_docx_tables_repeat_their_header_and_the_footer_numbers_pages(built):
    _, _, files = built
    doc = Document(io.BytesIO(files["docx"]))
    data_tables = [t for t in doc.tables if len(t.columns) > 2 or t.rows[0].cells[0].text == "Coach"]
    assert len(data_tables) >= 8
    for t in data_tables:
        assert t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    footer = doc.sections[0].footer._element.xml
    assert " PAGE " in footer and " NUMPAGES " in footer
    assert doc.sections[0].page_width.cm == pytest.approx(21.0, abs=0.01)


def test_docx_charts_are_images_within_the_text_width(built):
    rep, _, files = built
    doc = Document(io.BytesIO(files["docx"]))
    n_figures = sum(isinstance(b, Figure) for s in rep.sections for b in s.blocks)
    assert n_figures >= 4, rep.notes
    assert len(doc.inline_shapes) == n_figures
    sec = doc.sections[0]
    text_width = sec.page_width - sec.left_margin - sec.right_margin
    for shape in doc.inline_shapes:
        assert 0 < shape.width <= text_width + 10


def test_pdf_has_the_headings_figures_and_page_numbers(built, demo):
    rep, head, files = built
    text, reader = _pdf_text(files["pdf"])
    for h in (*HEADINGS_1, *HEADINGS_2):
        assert h in text, h
    for figure in _figures_expected(head, demo, rep.month):
        assert figure in text, figure
    n = len(reader.pages)
    assert n >= 5
    assert f"pagina 1 van {n}" in text and f"pagina {n} van {n}" in text
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    assert "Algemeen" in outline and "Budget" in outline
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=0.5)  # A4


def test_markdown_has_the_headings_and_figures(built, demo):
    rep, head, files = built
    md = files["md"].decode("utf-8")
    assert md.startswith("# Maandrapportage Flatcoaches K-buurt")
    for h in HEADINGS_1:
        assert f"\n## {h}\n" in md, h
    for figure in _figures_expected(head, demo, rep.month):
        assert figure in md, figure


def test_pseudonyms_by_default_and_no_names_anywhere(built, demo):
    rep, _, files = built
    docx_text, _, _ = _docx_text(files["docx"])
    pdf_text, _ = _pdf_text(files["pdf"])
    md = files["md"].decode("utf-8")
    for name in _roster_names(demo):
        first = name.split()[0]
        for text in (docx_text, pdf_text, md):
            assert name not in text and not re.search(rf"\b{re.escape(first)}\b", text), name
    active = metrics.coach_summary(demo, View(rep.month), metrics_conf())
    for pseudo in active["pseudonym"]:
        assert pseudo in docx_text and pseudo in pdf_text and pseudo in md


def test_names_when_the_coordinator_chooses_them(demo, conf):
    rep = content.build(demo, "2022-01", conf, names=True, today=TODAY, charts=False)
    md = to_markdown(rep)
    active = metrics.coach_summary(demo, View("2022-01"), conf)
    assert all(name in md for name in active["coach"])
    assert "met naam (alleen voor intern gebruik)" in md


def _plain(md: str) -> str:
    """Markdown as read: escapes and emphasis marks off."""
    return re.sub(r"\\(.)", r"\1", md).replace("**", "")


def test_a_long_month_is_summarised_with_every_text_in_the_appendix(demo, conf):
    rep = content.build(demo, "2022-01", conf, today=TODAY, charts=False)
    rounds = metrics.rounds_in(demo, View("2022-01"), conf)
    texts = [t for t in rounds["obs_general"] if t]
    assert len(texts) > observations.LONG
    main, sep, appendix = to_markdown(rep).partition("## Bijlage: alle observaties")
    assert sep, "a long month has an appendix"
    assert f"Bij {len(texts)} rondes schreven de coaches algemene observaties op. Meest genoemde onderwerpen:" in main
    scrub = privacy.text_scrubber(demo, names=False)
    appendix = _plain(appendix)
    for col in ("obs_general", "obs_round"):
        for text in rounds[col]:
            if text:
                assert f"{'Algemeen' if col == 'obs_general' else 'Tijdens de ronde'}: {scrub(text)}" in appendix


def test_a_short_month_shows_the_texts_themselves_per_tower(demo, conf):
    rep = content.build(demo, "2022-03", conf, today=TODAY, charts=False)
    rounds = metrics.rounds_in(demo, View("2022-03"), conf)
    assert 0 < (rounds["obs_general"] != "").sum() <= observations.LONG
    assert rep.section("bijlage") is None
    towers = [s.title for s in rep.sections if s.key.startswith("obs-rondes-")]
    assert towers and set(towers) <= {"Kouwenoord", "Klieverink", "Kempering", "Kralenbeek", "Openbare ruimte",
                                      observations.SEVERAL}
    md = _plain(to_markdown(rep))
    scrub = privacy.text_scrubber(demo, names=False)
    for text in rounds["obs_general"]:
        if text:
            assert scrub(text) in md


def test_no_empty_sections_and_no_english(built):
    rep, _, files = built
    for s in rep.sections:
        assert s.blocks, f"section {s.title!r} is empty"
    md = files["md"].decode("utf-8").casefold()
    for word in ("none", "nan", "total", "signals", "rounds", "coverage", "budget line", "undefined", "true", "false"):
        assert not re.search(rf"\b{word}\b", md), word


def test_the_preview_parts_are_the_markdown_with_the_dashboard_charts(built):
    rep, _, _ = built
    ps = parts(rep)
    figures = [p for p in ps if isinstance(p, Figure)]
    assert figures and all(hasattr(f.chart, "to_json") for f in figures)
    assert all(p for p in ps), "no empty chunks"
    assert filename(rep, "pdf") == f"maandrapportage-flatcoaches-{rep.month or 'project'}.pdf"
