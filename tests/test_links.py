"""lib/links.py and the access rules for sheet links and the coordinator's password: a link made on Delen is a row
in the tab Toegang holding only its hash, written once however often it is tried; a revoked or broken row lets no
one in; the real gspread client against the fake Sheets API, an .xlsx file, and the password's rules."""
from __future__ import annotations

import datetime as dt
import shutil
from zoneinfo import ZoneInfo

import pandas as pd
import pytest

from lib import access, links, schema
from lib.access import Role
from lib.clean import clean
from lib.errors import WriteError
from lib.sources.gsheet import GSheetSource, make_client
from lib.sources.local import XlsxWorkbook
from tests.apptest import ROOT
from tests.fakesheets import demo_tabs, fake_sheet

TZ = ZoneInfo("Europe/Amsterdam")
NOW = dt.datetime(2026, 11, 28, 7, 14, 5, tzinfo=TZ)
LATER = dt.datetime(2026, 11, 28, 9, 30, 0, tzinfo=TZ)
COL = {k: i for i, k in enumerate(schema.ACCESS_LINKS.keys)}


def source_for(fs) -> GSheetSource:
    client = make_client(fs.service_account_info(), http_client=fs.http_client_class())
    return GSheetSource(client, fs.key, tries=3, deadline=5.0, timeout=2.0, backoff=0.01, max_wait=0.5)


def frame(*rows: dict) -> pd.DataFrame:
    base = {"row": 2, "made_at": pd.Timestamp("2026-11-01 10:00"), "label": "x", "role": "Partner", "partner": "",
            "sha256": "", "revoked_at": pd.NaT}
    return pd.DataFrame([{**base, "row": i + 2, **r} for i, r in enumerate(rows)])


H1, H2, H3, H4 = (access.token_hash(access.new_token()) for _ in range(4))


# --- which rows let someone in ------------------------------------------------------------------------------

def test_only_rows_with_a_known_role_a_hash_and_no_revocation_work():
    f = frame(
        {"label": "De Key beheer", "role": "Partner", "partner": "De Key", "sha256": H1},
        {"label": "Appgroep", "role": "Flatcoach", "partner": "Gemeente", "sha256": H2},
        {"label": "Oud", "role": "Partner", "sha256": H3, "revoked_at": pd.Timestamp("2026-11-20 12:00")},
        {"label": "Kapot", "role": "Partner", "sha256": "abc"},
        {"label": "Kopie zonder datum", "role": "Partner", "sha256": H3},  # the same hash revoked above
        {"label": "Dubbel", "role": "Partner", "partner": "Gemeente", "sha256": H1},
    )
    got = links.grants(f)
    assert [(g.label, g.role, g.partner, g.origin) for g in got] == [
        ("De Key beheer", Role.PARTNER, "dekey", "sheet"),
        ("Appgroep", Role.COACH, "", "sheet"),  # a coach link never carries a partner
    ]
    assert [g.sha256 for g in got] == [H1, H2]
    listed = {x.label: x for x in links.listing(f)}
    assert listed["Kapot"].revoked_at == "ongeldig" and not listed["Kapot"].active
    assert listed["De Key beheer"].active and not listed["Oud"].active
    assert [x.label for x in links.listing(f)][:3] == ["De Key beheer", "Appgroep", "Dubbel"]  # working first


def test_sheet_links_open_the_door_beside_the_secrets_ones_and_tickets_follow_them():
    secret = access.new_token()
    cfg = access.config_from_secrets({"access": {"tokens": [{"role": "coordinator", "sha256":
                                                             access.token_hash(secret)}]}})
    token = access.new_token()
    sheet = links.grants(frame({"label": "Gemeente", "role": "Partner", "partner": "Gemeente",
                                "sha256": access.token_hash(token)}))
    assert access.check_token(token, cfg) is None
    both = access.with_sheet_links(cfg, sheet)
    g = access.check_token(token, both)
    assert (g.role, g.partner, g.label) == (Role.PARTNER, "gemeente", "Gemeente")
    assert access.check_token(secret, both).role == Role.COORDINATOR  # secrets links keep working
    ticket = access.make_ticket(g, both, bind="b1")
    assert access.read_ticket(ticket, both, bind="b1")[0] == g
    assert access.read_ticket(ticket, cfg, bind="b1") == (None, "wrong")  # the row gone: the session ends


# --- making a link ------------------------------------------------------------------------------------------

def test_a_link_is_one_row_with_only_its_hash_written_once_however_often_tried():
    with fake_sheet() as fs:
        src = source_for(fs)
        draft = links.new_draft()
        assert links.create(src, draft, "  De Key   beheer ", "Partner", "De Key", NOW) is True
        assert links.create(src, draft, "De Key beheer", "Partner", "De Key", NOW) is False  # a retry, a 2nd click
        rows = fs.rows("Toegang")
        assert len(rows) == 2, rows
        row = rows[1]
        assert [row[COL[k]] for k in ("label", "role", "partner", "sha256")] == \
            ["De Key beheer", "Partner", "De Key", access.token_hash(draft.token)]
        assert draft.token not in repr(rows)
        c = clean(src.read())
        assert c.access_links["made_at"].tolist() == [pd.Timestamp("2026-11-28 07:14:05")]  # a real date-time
        g = links.grants(c.access_links)
        assert access.check_token(draft.token, access.with_sheet_links(access.AccessConfig(), g)).label == \
            "De Key beheer"


def test_an_empty_tab_gets_its_header_first_and_a_missing_tab_is_named():
    tabs = demo_tabs()
    tabs["Toegang"] = []
    with fake_sheet(tabs) as fs:
        draft = links.new_draft()
        links.create(source_for(fs), draft, "Appgroep", "Flatcoach", None, NOW)
        rows = fs.rows("Toegang")
        assert rows[0][:6] == [f.header for f in schema.ACCESS_LINKS.fields]
        assert rows[1][COL["sha256"]] == draft.sha256 and rows[1][COL["partner"]] in ("", None)
    del tabs["Toegang"]
    with fake_sheet(tabs) as fs:
        with pytest.raises(WriteError, match="geen tabblad Toegang"):
            links.create(source_for(fs), links.new_draft(), "Appgroep", "Flatcoach", None, NOW)
        assert "Toegang" not in fs.tabs


@pytest.mark.parametrize(("label", "role", "partner", "fragment"), [
    ("", "Partner", "De Key", "geef de link een naam"),
    ("x" * 61, "Partner", "", "langer dan 60"),
    ("=HYPERLINK(1)", "Partner", "", "formule"),
    ("Wijkagent", "Coördinator", "", "kies een rol"),
    ("Wijkagent", "Partner", "Politie", "kies een partner"),
])
def test_a_bad_form_is_refused_in_dutch_before_anything_is_read(label, role, partner, fragment):
    class Untouchable:
        def read(self):
            raise AssertionError("read before the form was checked")

    with pytest.raises(WriteError, match=fragment):
        links.create(Untouchable(), links.new_draft(), label, role, partner, NOW)


# --- revoking -----------------------------------------------------------------------------------------------

def test_revoking_writes_the_moment_and_the_link_stops_working():
    with fake_sheet() as fs:
        src = source_for(fs)
        keep, drop = links.new_draft(), links.new_draft()
        links.create(src, keep, "Gemeente", "Partner", "Gemeente", NOW)
        links.create(src, drop, "De Key", "Partner", "De Key", NOW)
        before = clean(src.read()).access_links
        row = int(before.loc[before["sha256"] == drop.sha256, "row"].iloc[0])
        fs.counts.reset()

        links.revoke(src, row, drop.sha256, LATER)

        assert fs.counts["values.batchUpdate"] == 1
        after = clean(src.read()).access_links.set_index("sha256")
        assert after.at[drop.sha256, "revoked_at"] == pd.Timestamp("2026-11-28 09:30:00")
        assert pd.isna(after.at[keep.sha256, "revoked_at"])
        assert [g.sha256 for g in links.grants(after.reset_index())] == [keep.sha256]
        # Also from an older read (the sheet out of reach just after revoking): this process refuses it.
        assert [g.sha256 for g in links.grants(before)] == [keep.sha256]


def test_a_row_moved_since_the_page_was_loaded_is_not_revoked():
    with fake_sheet() as fs:
        src = source_for(fs)
        a, b = links.new_draft(), links.new_draft()
        links.create(src, a, "A", "Partner", "De Key", NOW)
        links.create(src, b, "B", "Partner", "Gemeente", NOW)
        rows = fs.rows("Toegang")
        fs.add_tab("Toegang", [rows[0], rows[2], rows[1]])  # sorted by someone in the sheet
        with pytest.raises(WriteError, match="rij 2 .* is veranderd"):
            links.revoke(src, 2, a.sha256, LATER)
        assert all(r[COL["revoked_at"]] in ("", None) for r in fs.rows("Toegang")[1:] if len(r) > COL["revoked_at"])


# --- a local workbook ---------------------------------------------------------------------------------------

def test_xlsx_make_and_revoke(tmp_path):
    path = tmp_path / "flatcoaches.xlsx"
    shutil.copy(ROOT / "data" / "demo.xlsx", path)
    src = XlsxWorkbook(path)
    d = links.new_draft()
    assert links.create(src, d, "Appgroep", "Flatcoach", "", NOW)
    got = clean(src.read()).access_links
    assert got["sha256"].tolist() == [d.sha256] and got["made_at"].tolist() == [pd.Timestamp("2026-11-28 07:14:05")]
    links.revoke(src, int(got["row"].iloc[0]), d.sha256, LATER)
    assert links.grants(clean(src.read()).access_links) == ()


def test_a_file_that_cannot_be_written_says_so(tmp_path, monkeypatch):
    path = tmp_path / "flatcoaches.xlsx"
    shutil.copy(ROOT / "data" / "demo.xlsx", path)

    def refuse(*a, **k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("lib.sources.local._save_atomic", refuse)
    with pytest.raises(WriteError, match=r"bestand kon niet worden geschreven \(Permission denied\)"):
        links.create(XlsxWorkbook(path), links.new_draft(), "Appgroep", "Flatcoach", "", NOW)
    assert links.unwritable("xlsx", str(path)) == ""
    monkeypatch.setattr(links.os, "access", lambda p, mode: False)  # a read-only disk (root ignores file modes)
    assert "flatcoaches.xlsx kan niet worden beschreven" in links.unwritable("xlsx", str(path))
    assert links.unwritable("gsheet", "key") == "" and links.blocked("demo")


# --- the link's address -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "base"), [
    ("https://flatcoaches.streamlit.app/", "https://flatcoaches.streamlit.app"),
    ("https://flatcoaches.streamlit.app/~/+/", "https://flatcoaches.streamlit.app"),  # Community Cloud's frame
    ("http://localhost:8501", "http://localhost:8501"),
    ("https://x.nl/dashboard/?sessie=abc#top", "https://x.nl/dashboard"),
    ("http://127.0.0.1:8501/delen/", "http://127.0.0.1:8501"),  # read on the page Delen
    (None, ""),
    ("javascript:alert(1)", ""),
])
def test_the_dashboards_address(url, base):
    assert links.base_url(url, page="delen") == base
    assert links.link_url(base, "T0k") == (f"{base}/?toegang=T0k" if base else "?toegang=T0k")


def test_base_url_setting_wins():
    assert links.base_url_setting({"access": {"base_url": "https://dash.example.nl/"}}) == "https://dash.example.nl"
    assert links.base_url_setting({}) == ""


# --- the coordinator's password -----------------------------------------------------------------------------

def cfg_with(password, **acc):
    return access.config_from_secrets({"access": {"coordinator_password": password, **acc}})


def test_the_password_opens_as_coordinator_and_a_new_one_ends_the_old_sessions():
    cfg = cfg_with("  een-lang-wachtwoord ")
    assert cfg.configured and not cfg.problems
    g = access.check_password("een-lang-wachtwoord", cfg)
    assert g is not None and g.role == Role.COORDINATOR and g.origin == "password"
    assert access.check_password("een-lang-wachtwoorD", cfg) is None
    assert access.check_password("", cfg) is None
    ticket = access.make_ticket(g, cfg, bind="b")
    assert access.read_ticket(ticket, cfg, bind="b")[0] == g
    assert access.read_ticket(ticket, cfg_with("een-ander-wachtwoord"), bind="b") == (None, "wrong")
    assert "een-lang" not in repr(cfg)


@pytest.mark.parametrize(("password", "problem"), [
    ("kort-123", access.PASSWORD_TOO_SHORT),
    (access.EXAMPLE_PASSWORD, access.PASSWORD_IS_EXAMPLE),
])
def test_a_too_short_or_example_password_opens_nothing_and_says_why(password, problem):
    cfg = cfg_with(password)
    assert cfg.password is None and access.check_password(password, cfg) is None
    assert problem in cfg.problems and password not in " ".join(cfg.problems)
    assert not cfg.configured


def test_the_example_secrets_lock_no_one_out():
    import tomllib

    example = tomllib.loads((ROOT / ".streamlit" / "secrets.example.toml").read_text(encoding="utf-8"))
    cfg = access.config_from_secrets(example)
    assert cfg.tokens == () and dict(cfg.emails) == {} and not cfg.login
    assert cfg.password is None  # the placeholder is refused, so it cannot be left in by mistake
    assert not getattr(cfg, "closed", False)
