"""Checkbox answers with 'Anders': Google writes the typed text as it was typed, commas included, after the ticked
options. The cleaner cuts the cell on the question's own options; what follows is one answer."""
from __future__ import annotations

import pandas as pd
import pytest

from lib import parse, schema
from tests import builders

KINDS = schema.SIGNALS.field("kinds").options


@pytest.mark.parametrize("cell, answers", [
    ("Lift defect", ["Lift defect"]),
    ("Slapers, Lift defect", ["Slapers", "Lift defect"]),
    ("Lift defect, Slapers", ["Lift defect", "Slapers"]),  # only options: read as before (the order may change)
    ("hangen rond, roken", ["hangen rond, roken"]),  # nothing ticked: one 'Anders' text
    ("Slapers, hangen rond, roken", ["Slapers", "hangen rond, roken"]),  # Slapers ticked, then the typed text
    ("Lift defect, Slapers, hangen rond", ["Lift defect", "Slapers, hangen rond"]),  # out of order: typed
    ("Afval/vuil, Verlichting, lamp kapot, trap ook", ["Afval/vuil", "Verlichting", "lamp kapot, trap ook"]),
    ("lift  defect ,  kapot", ["lift  defect", "kapot"]),  # options compare case- and space-insensitive
    ("Verlichting,,", ["Verlichting"]),
    ("", []),
    (None, []),
])
def test_a_checkbox_cell_is_cut_on_the_forms_options(cell, answers):
    got = parse.split_multi(pd.Series([cell], dtype=object), KINDS).iloc[0]
    assert got == answers


def test_without_options_every_comma_still_splits():
    assert parse.split_multi(pd.Series(["a, b,c"], dtype=object)).iloc[0] == ["a", "b", "c"]


def test_an_option_with_a_comma_in_it_is_one_answer():
    options = ("Ja, met toestemming", "Nee")
    got = parse.split_multi(pd.Series(["Ja, met toestemming, maar later"], dtype=object), options).iloc[0]
    assert got == ["Ja, met toestemming", "maar later"]


@pytest.mark.parametrize("shape", ["xlsx", "csv-nl", "api"])
def test_a_signal_with_an_anders_text_has_one_answer_and_one_warning(shape):
    c = builders.cleaned(signals=[builders.sig(kinds="Slapers, hangen rond, roken")], shape=shape)
    assert c.signals["kinds"].tolist() == [["Slapers", "hangen rond, roken"]]
    warned = c.warnings[c.warnings["tab"] == "Meldingen"]["message"].tolist()
    assert warned == ["antwoord buiten de lijst, bewaard zoals geschreven: hangen rond, roken"]


def test_each_distinct_cell_is_split_once_and_every_row_gets_its_own_list():
    cells = ["Slapers, hangen rond, roken", "Lift defect", None, "Lift defect", "Slapers, hangen rond, roken", "",
             "Ja, met toestemming, maar later", "lift  defect ,  kapot", "Lift defect, Slapers, hangen rond"]
    options = (*KINDS, "Ja, met toestemming")
    column = parse.split_multi(pd.Series(cells, dtype=object, index=range(5, 5 + len(cells))), options)
    one_by_one = [parse.split_multi(pd.Series([c], dtype=object), options).iloc[0] for c in cells]
    assert column.tolist() == one_by_one
    assert list(column.index) == list(range(5, 5 + len(cells)))
    assert len({id(v) for v in column}) == len(cells)  # changing one row's list leaves the others alone
