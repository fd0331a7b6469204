"""lib.privacy: the scrubber as a table of real-shaped sentences, small-count masking, and each role's view."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from lib import privacy, schema
from lib.access import Role
from lib.privacy import EMAIL, HOUSE_NO, NAME, PHONE, POSTCODE, scrub

COACHES = ["Sharon Pinas", "Ayşe Yıldız", "Mohamed El Amrani", "Priscilla", "Kim de Boer"]

# (what a coach wrote, what a partner reads)
SCRUBBED = [
    # phone numbers, as coaches type them
    ("Bewoner wil teruggebeld worden op 06-12345678.", f"Bewoner wil teruggebeld worden op {PHONE}."),
    ("Bel haar op 06 1234 5678 na zessen.", f"Bel haar op {PHONE} na zessen."),
    ("tel. 0612345678", f"tel. {PHONE}"),
    ("tel:06-1234 5678", f"tel:{PHONE}"),
    ("Nummer 06 12 34 56 78 doorgegeven.", f"Nummer {PHONE} doorgegeven."),
    ("Zijn nummer is +31 6 12345678.", f"Zijn nummer is {PHONE}."),
    ("+31612345678 belde terug", f"{PHONE} belde terug"),
    ("Via +31 (0)6-1234 5678 bereikbaar", f"Via {PHONE} bereikbaar"),
    ("0031 6 1234 5678", PHONE),
    ("Vaste lijn 020-1234567 of 020 123 45 67.", f"Vaste lijn {PHONE} of {PHONE}."),
    ("Kantoor (020) 123 4567 gebeld", f"Kantoor {PHONE} gebeld"),
    ("06 - 1234 5678 gebeld, 2 keer", f"{PHONE} gebeld, 2 keer"),
    # e-mail addresses
    ("Reactie graag per mail: m.jansen75@example.com.", f"Reactie graag per mail: {EMAIL}."),
    ("Mail naar Familie.K-K+buurt@gmail.nl a.u.b.", f"Mail naar {EMAIL} a.u.b."),
    # postcodes
    ("Een bewoner (postcode 1104 AB) meldde het ook.", f"Een bewoner (postcode {POSTCODE}) meldde het ook."),
    ("Woont op 1104AB.", f"Woont op {POSTCODE}."),
    ("postcode 1104 ab", f"postcode {POSTCODE}"),
    ("1104ab, derde verdieping", f"{POSTCODE}, derde verdieping"),
    # house numbers after a tower or street, or marked as one
    ("Bewoner van Kouwenoord 123 wil gebeld worden.", f"Bewoner van Kouwenoord {HOUSE_NO} wil gebeld worden."),
    ("Klieverink 45-2 heeft weer lekkage.", f"Klieverink {HOUSE_NO} heeft weer lekkage."),
    ("Kralenbeek 12a en Kempering 7 B klagen.", f"Kralenbeek {HOUSE_NO} en Kempering {HOUSE_NO} klagen."),
    ("Mevrouw van kouwenoord 88 klaagt al weken.", f"Mevrouw van kouwenoord {HOUSE_NO} klaagt al weken."),
    ("Bewoner van Kouwenoord nr. 12", f"Bewoner van Kouwenoord nr. {HOUSE_NO}"),
    ("Karspeldreef 1340 hoek pad", f"Karspeldreef {HOUSE_NO} hoek pad"),
    ("Adres: Bijlmerdreef 101", f"Adres: Bijlmerdreef {HOUSE_NO}"),
    ("huisnummer 12 belde", f"huisnummer {HOUSE_NO} belde"),
    ("Het gaat om nr. 12.", f"Het gaat om nr. {HOUSE_NO}."),
    ("flat 3 hoog deur 314 staat open", f"flat 3 hoog deur {HOUSE_NO} staat open"),
    ("woning 77-3 heeft geen licht", f"woning {HOUSE_NO} heeft geen licht"),
    ("Bewoner van Klieverink 344, 1104 AB, vroeg om terugkoppeling.",
     f"Bewoner van Klieverink {HOUSE_NO}, {POSTCODE}, vroeg om terugkoppeling."),
    # residents named with a title
    ("Gesproken met mevrouw Jansen over de lift.", f"Gesproken met mevrouw {NAME} over de lift."),
    ("Dhr. De Vries en familie El Khatib klagen.", f"Dhr. {NAME} en familie {NAME} klagen."),
    ("buurvrouw Marleen van Dam belde", f"buurvrouw {NAME} belde"),
    # coaches' names: full, first name, surname, without accents, any case
    ("Sharon Pinas en Ayse liepen mee.", f"{NAME} en {NAME} liepen mee."),
    ("sharon zag het als eerste, El Amrani belde 112.", f"{NAME} zag het als eerste, {NAME} belde 112."),
    ("Priscilla was er ook; Yildiz niet.", f"{NAME} was er ook; {NAME} niet."),
    ("Ayşe Yıldız schreef het op.", f"{NAME} schreef het op."),
    ("Amrani en de Boer liepen samen.", f"{NAME} en {NAME} liepen samen."),
]

KEPT = [
    "Slapers op de 3e verdieping, lift 2 defect.",
    "Om 22:30 waren er 2 slapers in Kouwenoord.",
    "Kouwenoord 2 slapers, Klieverink 3 jongeren.",
    "Ronde van 19:00 tot 23:00, daarna naar huis.",
    "Op 01-12-2021 19:00 en op 02-12-2021 22:30 gezien.",
    "Datum 4-5-2026 10:59:37 in de sheet.",
    "Kempering 10 december: lampen kapot.",
    "Gezien om 20.26 op de 10e verdieping.",
    "Lift nummer 2 is kapot, trap nr 3 ook.",
    "In 2022 en 2023 even druk.",
    "Spoed: 112 gebeld, politie kwam na 10 minuten.",
    "Signalen nummer 123456 aangemaakt.",
    "Een stuk of 8 jongeren bij de bergingen, 1000km verderop niets.",
    "Kouwenoord 19-22 uur rustig.",
    "Flat 3 hoog, deur stond open.",
    "Verlichting in de fietsenstalling van Kralenbeek kapot.",
    "Mevrouw van Kouwenoord klaagt al weken.",
    "Metro Kraaiennest drukte, 5 personen.",
    "SIG-0612345678 is het kenmerk.",
    "Melding 2021-12-09 21:48:16 dubbel.",
    "",
]


@pytest.mark.parametrize(("text", "expected"), SCRUBBED)
def test_scrub_removes_personal_details(text, expected):
    assert scrub(text, COACHES) == expected


@pytest.mark.parametrize("text", KEPT)
def test_scrub_keeps_what_is_not_personal(text):
    assert scrub(text, COACHES) == text


@pytest.mark.parametrize("value", [None, float("nan"), 12, pd.NA])
def test_scrub_passes_non_text_through(value):
    out = scrub(value, COACHES)
    assert out is value


def test_scrub_accepts_a_compiled_name_pattern():
    pattern = privacy.names_pattern(COACHES)
    assert scrub("Sharon belde 06-12345678", pattern) == f"{NAME} belde {PHONE}"


def test_name_variants_skip_particles_and_short_words():
    v = privacy.name_variants(["Kim de Boer", "Bo Li", "Mohamed El Amrani"])
    assert "kim de boer" in v and "de boer" in v and "boer" in v and "kim" in v
    assert "de" not in v and "el" not in v and "bo" not in v  # too short or a particle: would hide ordinary words
    assert "el amrani" in v and "amrani" in v and "mohamed" in v


# --- small counts --------------------------------------------------------------------------------------------

COUNTS = pd.DataFrame({
    "kind": ["Slapers", "Hangjongeren", "Drugsgebruik/-handel", "Afval/vuil", "Slapers", "Graffiti/vernieling",
             "Hangjongeren"],
    "week": ["2022-W01", "2022-W01", "2022-W01", "2022-W01", "2022-W02", "2022-W02", "2022-W02"],
    "signals": [1, 2, 0, 1, 7, 2, 3],
})


def test_partner_reads_small_person_counts_as_less_than_three():
    out = privacy.mask_small_counts(COUNTS, "signals", Role.PARTNER, kind_col="kind")
    assert out["signals"].tolist() == ["< 3", "< 3", "0", "1", "7", "2", "3"]  # one type per column: text
    assert COUNTS["signals"].tolist() == [1, 2, 0, 1, 7, 2, 3]  # the input is untouched


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.DEMO])
def test_coordinator_and_demo_see_every_count(role):
    out = privacy.mask_small_counts(COUNTS, "signals", role, kind_col="kind")
    assert out["signals"].tolist() == [1, 2, 0, 1, 7, 2, 3]


def test_without_kind_column_every_row_is_person_related():
    sleepers = pd.DataFrame({"location": ["Kouwenoord", "Klieverink", "Kempering"], "n": [1, 4, 2]})
    assert privacy.mask_small_counts(sleepers, "n", Role.PARTNER)["n"].tolist() == ["< 3", "4", "< 3"]


def test_wide_table_masks_the_person_kind_columns():
    wide = pd.DataFrame({"week": ["W01", "W02"], "Slapers": [2, 5], "Afval/vuil": [1, 2]})
    out = privacy.mask_small_counts(wide, list(schema.PERSON_KINDS), Role.PARTNER)
    assert out["Slapers"].tolist() == ["< 3", "5"] and out["Afval/vuil"].tolist() == [1, 2]


def test_a_kind_cell_listing_several_kinds_counts_as_person_related():
    df = pd.DataFrame({"kinds": ["Afval/vuil, Slapers", "Afval/vuil"], "n": [1, 1]})
    assert privacy.mask_small_counts(df, "n", Role.PARTNER, kind_col="kinds")["n"].tolist() == ["< 3", "1"]


def test_charts_leave_small_person_counts_out_and_say_how_many():
    out = privacy.suppress_small_counts(COUNTS, "signals", Role.PARTNER, kind_col="kind")
    assert out["signals"].tolist() == [0, 1, 7, 2, 3]
    assert out.attrs["suppressed"] == 2
    same = privacy.suppress_small_counts(COUNTS, "signals", Role.COORDINATOR, kind_col="kind")
    assert len(same) == len(COUNTS) and same.attrs["suppressed"] == 0


def test_masked_table_goes_to_arrow_and_keeps_big_numbers_readable():
    import pyarrow as pa

    df = pd.DataFrame({"Soort": ["Slapers", "Afval/vuil"], "Meldingen": [2, 1250]})
    out = privacy.mask_small_counts(df, "Meldingen", Role.PARTNER, kind_col="Soort")
    assert out["Meldingen"].tolist() == ["< 3", "1.250"]
    pa.Table.from_pandas(out)  # st.dataframe converts to Arrow: one type per column


def test_count_text_for_metrics():
    assert privacy.count_text(2, Role.PARTNER, "Slapers") == "< 3"
    assert privacy.count_text(0, Role.PARTNER, "Slapers") == "0"
    assert privacy.count_text(2, Role.PARTNER, "Afval/vuil") == "2"
    assert privacy.count_text(2, Role.COORDINATOR, "Slapers") == "2"


# --- each role's view of the demo data -----------------------------------------------------------------------

def _all_text(c) -> str:
    parts = []
    for name in ("rounds", "round_coaches", "round_locations", "signals", "roster", "costs", "org_hours", "actions",
                 "budget", "rejects", "warnings"):
        parts.append(getattr(c, name).astype(str).to_csv())
    return "\n".join(parts)


def _people(c) -> list[str]:
    names = set(c.roster["name"]) | set(c.rounds["coach"]) | set(c.signals["coach"]) | set(c.org_hours["name"])
    names |= set(c.rounds["coaches"].explode().dropna())
    return sorted(n for n in names if isinstance(n, str) and n.strip())


@pytest.fixture(scope="module")
def partner_view(demo):
    return privacy.for_role(demo, Role.PARTNER)


def test_partner_view_holds_no_name_of_a_coach_or_the_coordinator(demo, partner_view):
    text = privacy.fold(_all_text(partner_view))
    names = privacy.name_variants(_people(demo))
    assert names, "the demo has coaches"
    found = [n for n in names if re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", text)]
    assert found == []


def test_partner_view_holds_no_phone_email_postcode_or_house_number(demo, partner_view):
    before = demo.signals["description"].str.cat(sep="\n")
    after = partner_view.signals["description"].str.cat(sep="\n")
    phone = re.compile(r"\b06[ -]?\d{4} ?\d{4}\b")
    assert phone.search(before) and "@" in before, "the demo has private details to scrub"
    assert not phone.search(after)
    assert "@" not in _all_text(partner_view)
    assert not re.search(r"\b1104 ?[A-Z]{2}\b", after)
    assert not re.search(r"\b(?:Kouwenoord|Klieverink|Kempering|Kralenbeek) \d{2,3}\b", after)


def test_partner_view_keeps_every_row_and_every_number(demo, partner_view):
    for name in ("rounds", "round_coaches", "round_locations", "signals", "roster", "costs", "org_hours", "actions",
                 "budget"):
        assert len(getattr(partner_view, name)) == len(getattr(demo, name)), name
    assert partner_view.rounds["coach_hours"].sum() == demo.rounds["coach_hours"].sum()
    assert partner_view.costs["amount"].sum() == demo.costs["amount"].sum()
    assert partner_view.counts == demo.counts


def test_partner_view_uses_the_roster_pseudonyms_consistently(demo, partner_view):
    table = dict(zip(demo.roster["name"].map(schema.norm), demo.roster["pseudonym"], strict=True))
    expected = demo.round_coaches["coach"].map(lambda n: table.get(schema.norm(n)))
    on_roster = expected.notna()
    assert (partner_view.round_coaches.loc[on_roster, "coach"] == expected[on_roster]).all()
    # a coach not on the roster gets a pseudonym of her own, the same on every row
    off = demo.round_coaches.loc[~on_roster, "coach"].map(schema.norm)
    for name in off.unique():
        shown = set(partner_view.round_coaches.loc[off[off == name].index, "coach"])
        assert len(shown) == 1 and shown.pop().startswith("Coach buiten rooster")
    assert set(partner_view.roster["name"]) == set(demo.roster["pseudonym"])
    assert partner_view.roster["under_21"].isna().all()


def test_partner_view_drops_photos_of_people_only(demo, partner_view):
    about_people = demo.signals["kinds"].map(lambda ks: any(k in schema.PERSON_KINDS for k in ks))
    assert (partner_view.signals.loc[about_people, "photo"].fillna("") == "").all()
    other = ~about_people & demo.signals["photo"].fillna("").ne("")
    assert other.any(), "the demo has photos of things"
    assert (partner_view.signals.loc[other, "photo"] == demo.signals.loc[other, "photo"]).all()


def test_the_input_is_not_changed(demo):
    before = demo.signals["description"].copy()
    privacy.for_role(demo, Role.PARTNER)
    assert demo.signals["description"].equals(before)


def test_the_view_is_deterministic(demo, partner_view):
    again = privacy.for_role(demo, Role.PARTNER)
    assert again.signals["description"].equals(partner_view.signals["description"])
    assert again.round_coaches["coach"].equals(partner_view.round_coaches["coach"])


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.DEMO])
def test_coordinator_and_demo_get_everything(demo, role):
    assert privacy.for_role(demo, role) is demo


def test_coach_view_is_the_name_list_only(demo):
    v = privacy.for_role(demo, Role.COACH)
    assert list(v.roster["name"]) == list(demo.roster["name"])  # the form's 'Naam flatcoach' list
    assert v.roster["under_21"].isna().all()
    for name in ("rounds", "round_coaches", "round_locations", "signals", "costs", "org_hours", "actions", "rejects",
                 "warnings"):
        assert getattr(v, name).empty, name
        assert list(getattr(v, name).columns) == list(getattr(demo, name).columns), name
