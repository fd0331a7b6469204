"""The monthly meeting (lib/meeting.py): the agenda from the metrics, the rows it writes (once per key, in the shape
each source keeps), the cleaner reading them back, and the minutes (lib/report/minutes.py) safe for every partner."""
from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from lib import meeting, metrics, schema
from lib.errors import WriteError
from lib.pipeline import load_clean
from lib.report import minutes, render
from lib.sources import SourceSpec, open_source
from tests.fakesheets import fake_sheet

JAN = "2022-01"
DAY = dt.date(2022, 1, 31)


@pytest.fixture
def copy(tmp_path) -> Path:
    p = tmp_path / "bron.xlsx"
    shutil.copyfile("data/demo.xlsx", p)
    return p


def _rows(path: Path, tab: str) -> list[list]:
    wb = openpyxl.load_workbook(path)
    ws = next(w for w in wb.worksheets if w.title == tab)
    return [list(r) for r in ws.iter_rows(values_only=True) if any(v not in (None, "") for v in r)]


# --- the agenda ---------------------------------------------------------------------------------------------------

def test_agenda_has_the_project_descriptions_subjects_in_order(demo, conf):
    ag = meeting.agenda(demo, JAN, conf, DAY)
    assert [s.title for s in ag.subjects] == ["Voortgang", "Rapportages", "Opvallendheden en incidenten",
                                              "Opvolging", "Nieuwe acties"]
    assert [s.note_field for s in ag.subjects] == [f.key for f in schema.MEETINGS.fields
                                                   if f.kind == schema.Kind.PARAGRAPH]


def test_progress_numbers_are_the_metrics_numbers(demo, conf):
    h = metrics.report_headline(demo, metrics.View(JAN), conf)
    facts = {f.label: f for f in meeting.agenda(demo, JAN, conf, DAY).subject("voortgang").facts}
    assert facts["Coachuren"].value == f"{h['coach_hours']:.1f}".replace(".", ",") + " u"
    assert facts["Coaches die liepen"].value == str(h["coaches"])
    assert facts["Rondes"].value == str(h["rounds"])
    assert facts["Gaten in de dekking"].value == str(len(metrics.gaps(demo, metrics.View(JAN), conf)))


def test_notable_lists_every_urgent_signal_with_where_it_went(demo, conf):
    s = meeting.agenda(demo, JAN, conf, DAY).subject("opvallendheden")
    urgent = metrics.urgent_signals(demo, metrics.View(JAN), conf)
    assert {f.label: f.value for f in s.facts}["Urgent (Hoog of Spoed)"] == str(len(urgent))
    first = urgent.sort_values("moment").iloc[-1]  # newest first on the screen
    assert first["location"] in s.points[0].lead and s.points[0].remark.startswith("doorgezet naar: ")


def test_followup_counts_open_and_overdue_actions_of_earlier_meetings_only(demo, conf):
    ag = meeting.agenda(demo, JAN, conf, DAY)
    a = demo.actions
    earlier = a[a["meeting_date"] < pd.Timestamp(DAY)]
    not_done = earlier[earlier["status"] != "Afgerond"]
    late = not_done[not_done["deadline"] < pd.Timestamp(DAY)]
    facts = {f.label: f.value for f in ag.subject("opvolging").facts}
    assert facts["Open of lopend"] == str(len(not_done))
    assert facts["Over de deadline"] == str(len(late))
    assert (ag.followup["meeting_date"] < pd.Timestamp(DAY)).all()


def test_default_date_is_today_in_the_month_else_its_last_day():
    assert meeting.default_date(JAN, dt.date(2022, 1, 12)) == dt.date(2022, 1, 12)
    assert meeting.default_date(JAN, dt.date(2026, 11, 28)) == dt.date(2022, 1, 31)


def test_signal_choices_are_the_months_signals_urgent_first(demo, conf):
    choices = meeting.signal_choices(demo, JAN, conf)
    s = metrics.signals_in(demo, metrics.View(JAN), conf)
    assert len(choices) == len(s)
    n_urgent = int(s["urgency"].isin(metrics.URGENT_LEVELS).sum())
    assert all("(Hoog)" in label or "(Spoed" in label for _, label in choices[:n_urgent])
    assert set(t for t, _ in choices) == set(s["timestamp"])


# --- writing ------------------------------------------------------------------------------------------------------

def test_an_action_and_a_meeting_are_written_once_per_key_and_read_back(copy, conf):
    c = load_clean(str(copy))
    signal = meeting.signal_choices(c, JAN, conf)[0][0]
    src = open_source(SourceSpec("xlsx", str(copy)))
    a = meeting.NewAction("Wijkagent loopt extra langs Kralenbeek", "Politie", dt.date(2022, 2, 14), signal, "POL-7")
    before = len(_rows(copy, "Acties"))
    assert meeting.add_action(src, DAY, a, "key-1") is True
    assert meeting.add_action(src, DAY, a, "key-1") is False  # the same button pressed again
    assert meeting.record(src, DAY, ["Politie", "De Key", "Jongerenwerk"], {"note_progress": "Op schema."}, "m-1")
    assert meeting.record(src, DAY, ["De Key"], {}, "m-1") is False
    assert len(_rows(copy, "Acties")) == before + 1
    assert len(_rows(copy, "Overleggen")) == 2  # header and one meeting

    back = load_clean(str(copy))
    new = metrics.meeting_actions(back, conf, DAY)
    assert new["action"].tolist() == ["Wijkagent loopt extra langs Kralenbeek"]
    assert new["owner"].tolist() == ["Politie"] and new["status"].tolist() == ["Open"]
    assert bool(new["signal_found"].iloc[0]), "the signal's Tijdstempel must point at the signal"
    row = metrics.meeting_on(back, DAY)
    assert row is not None and row["attendees"] == ["De Key", "Politie", "Jongerenwerk"]
    assert row["note_progress"] == "Op schema."
    assert not (back.rejects["tab"].isin(["Acties", "Overleggen"])).any()


@pytest.mark.parametrize("change, field", [
    ({"action": "  "}, "action"),
    ({"owner": "Buurman"}, "owner"),
    ({"deadline": dt.date(2022, 1, 30)}, "deadline"),
    ({"ticket": "X" * 61}, "ticket"),
])
def test_a_bad_action_is_refused_with_a_dutch_reason_and_writes_nothing(copy, change, field):
    a = meeting.NewAction(**{"action": "Iets doen", "owner": "De Key", **change})
    assert field in meeting.check_action(a, DAY)
    before = _rows(copy, "Acties")
    with pytest.raises(WriteError, match="Niet opgeslagen"):
        meeting.add_action(open_source(SourceSpec("xlsx", str(copy))), DAY, a, "k")
    assert _rows(copy, "Acties") == before


def test_text_a_spreadsheet_would_run_is_written_as_text(copy):
    src = open_source(SourceSpec("xlsx", str(copy)))
    meeting.add_action(src, DAY, meeting.NewAction("=HYPERLINK(\"x\")", "De Key"), "k-f")
    back = load_clean(str(copy))
    assert back.actions["action"].iloc[-1] == "=HYPERLINK(\"x\")"


def test_rows_land_under_the_sheets_own_header_order():
    header = ["Eigenaar", "Actie", "Datum overleg", "Extra kolom", "Melding"]
    row = meeting.action_row(header, DAY, meeting.NewAction("A", "Stichting", signal_ts=pd.Timestamp(
        "2022-01-09 21:07:30")), "csv")
    assert row == ["Stichting", "A", "31-1-2022", "", "9-1-2022 21:07:30"]


def test_a_missing_meetings_tab_is_a_dutch_sentence(copy):
    wb = openpyxl.load_workbook(copy)
    del wb["Overleggen"]
    wb.save(copy)
    with pytest.raises(WriteError, match="tabblad Overleggen"):
        meeting.record(open_source(SourceSpec("xlsx", str(copy))), DAY, [], {}, "m")


def test_the_google_sheet_gets_each_row_once_and_the_cleaner_reads_it_back(conf):
    with fake_sheet() as fs:
        fs.add_tab("Acties", [[f.header for f in schema.ACTIONS.fields]])
        fs.add_tab("Overleggen", [[f.header for f in schema.MEETINGS.fields]])
        secrets = {"gcp_service_account": fs.service_account_info()}
        src = open_source(SourceSpec("gsheet", fs.key), secrets, http_client=fs.http_client_class())
        c = load_clean(f"gsheet:{fs.key}", secrets, http_client=fs.http_client_class())
        signal = c.signals["timestamp"].iloc[0]
        when = dt.date(2021, 12, 8)
        a = meeting.NewAction("Liftmonteur", "De Key", dt.date(2021, 12, 15), signal, "0012")
        assert meeting.add_action(src, when, a, "g-1") and not meeting.add_action(src, when, a, "g-1")
        assert meeting.record(src, when, ["Stichting"], {"note_new": "Eén actie."}, "g-m")
        assert not meeting.record(src, when, ["Stichting"], {}, "g-m")
        assert len(fs.rows("Acties")) == 2 and len(fs.rows("Overleggen")) == 2
        back = load_clean(f"gsheet:{fs.key}", secrets, http_client=fs.http_client_class())
    new = metrics.meeting_actions(back, conf, when)
    assert new["ticket"].tolist() == ["0012"]  # an external reference stays text
    assert bool(new["signal_found"].iloc[0])
    assert new["deadline"].iloc[0] == pd.Timestamp("2021-12-15")
    assert metrics.meeting_on(back, when)["note_new"] == "Eén actie."


# --- the minutes --------------------------------------------------------------------------------------------------

@pytest.fixture
def held(copy, conf) -> Path:
    """The demo with a January meeting on record: two actions (one on a signal, one naming a coach) and notes."""
    c = load_clean(str(copy))
    coach = str(c.roster["name"].iloc[0])
    signal = meeting.signal_choices(c, JAN, conf)[0][0]
    src = open_source(SourceSpec("xlsx", str(copy)))
    meeting.add_action(src, DAY, meeting.NewAction("Extra surveillance bij Kralenbeek", "Politie",
                                                   dt.date(2022, 2, 14), signal, "POL-7"), "a1")
    meeting.add_action(src, DAY, meeting.NewAction(f"{coach} belt De Key op 06-12345678 over de liften", "Stichting"),
                       "a2")
    meeting.record(src, DAY, ["Stichting", "De Key", "Politie"],
                   {"note_progress": f"Op schema, {coach} liep het meest.", "note_new": "Twee acties."}, "m")
    return copy


def test_minutes_hold_the_action_list_and_the_notes_without_names(held, conf):
    c = load_clean(str(held))
    coach = str(c.roster["name"].iloc[0])
    rep = minutes.build(c, DAY, conf, today=dt.date(2022, 2, 1))
    acts = rep.section("acties")
    table = next(b for b in acts.blocks if hasattr(b, "rows"))
    assert len(table.rows) == 2
    assert {r[1] for r in table.rows} == {"Politie", "Stichting"}
    assert any("Kralenbeek" in r[3] or "jan 2022" in r[3] for r in table.rows)
    md = render(rep, "md").decode()
    assert "Op schema" in md and "Twee acties." in md and "Stichting, De Key, Politie" in md
    assert coach not in md, "a coach's name must not reach a partner"
    assert "06-12345678" not in md


def test_minutes_render_to_docx_and_pdf(held, conf):
    from docx import Document

    rep = minutes.build(load_clean(str(held)), DAY, conf, today=dt.date(2022, 2, 1))
    doc = Document(io.BytesIO(render(rep, "docx")))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        cell.text for t in doc.tables for row in t.rows for cell in row.cells)
    assert "Verslag overleg Flatcoaches K-buurt" in text and "Extra surveillance bij Kralenbeek" in text
    assert render(rep, "pdf")[:5] == b"%PDF-"


def test_no_minutes_for_a_day_without_a_meeting(held, conf):
    with pytest.raises(minutes.MinutesError, match="Geen overleg op 30 januari 2022.*31 jan 2022"):
        minutes.build(load_clean(str(held)), dt.date(2022, 1, 30), conf)


def test_actions_and_the_meeting_work_before_the_first_signal(conf):
    """A new project: rounds walked and an action agreed, but the tab Meldingen still empty. The actions are listed
    (no signal to link to) and the meeting is built, where the link lookup used to fail on an empty signal list."""
    from tests.builders import cleaned, rnd

    acties = [[f.header for f in schema.ACTIONS.fields],
              [dt.date(2021, 12, 6), "Verlichting trappenhuis melden", "De Key", dt.date(2021, 12, 20), "Open",
               dt.datetime(2021, 12, 1, 22, 5), "", ""]]
    c = cleaned(rounds=[rnd()], signals=[], extra={"Acties": acties})
    assert c.signals.empty and len(c.actions) == 1
    a = metrics.actions_view(c, metrics.View(None), conf, dt.date(2021, 12, 28))
    assert a["action"].tolist() == ["Verlichting trappenhuis melden"]
    assert not a["signal_found"].any() and a["signal_date"].isna().all()
    m = meeting.agenda(c, "2021-12", conf, dt.date(2021, 12, 28))
    assert m.followup["action"].tolist() == ["Verlichting trappenhuis melden"]
