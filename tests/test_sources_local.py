"""Local sources: an .xlsx download and a folder of CSV downloads, chosen by FLATCOACH_SOURCE or a path."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from lib import sources
from lib.errors import MissingTabError, SourceError
from lib.sources.local import CsvFolder, XlsxWorkbook

ROOT = Path(__file__).resolve().parents[1]


def write_csv(folder: Path, name: str, rows: list[list[str]]) -> None:
    with open(folder / name, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)


def test_csv_folder_matches_google_names_and_plain_names(tmp_path):
    write_csv(tmp_path, "Flatcoaches K-buurt - Rondes.csv", [["Tijdstempel"], ["1-12-2021 19:03:22"]])
    write_csv(tmp_path, "Meldingen.csv", [["Tijdstempel"]])
    write_csv(tmp_path, "Mijn - sheet - Organisatie-uren.csv", [["Datum", "Naam", "Uren"], ["1-12-2021", "X", "2,5"]])
    wb = CsvFolder(tmp_path).read()
    assert wb.tabs["Rondes"][1] == ["1-12-2021 19:03:22"]
    assert wb.tabs["Organisatie-uren"][1][2] == "2,5"
    assert set(wb.missing) == {"Coaches", "Kosten", "Acties", "Begroting", "Toegang", "Instellingen", "Overleggen"}


def test_csv_folder_without_meldingen_names_the_tab(tmp_path):
    write_csv(tmp_path, "x - Rondes.csv", [["Tijdstempel"]])
    with pytest.raises(MissingTabError, match="'Meldingen'"):
        CsvFolder(tmp_path).read()


def test_xlsx_typed_cells_come_through(demo):
    wb = XlsxWorkbook(ROOT / "data" / "demo.xlsx").read()
    assert wb.shape == "xlsx" and wb.tabs["Rondes"][0][0] == "Tijdstempel"
    assert any(hasattr(r[0], "year") for r in wb.tabs["Rondes"][1:])  # typed timestamps, not strings


@pytest.mark.parametrize("spec,kind", [(None, "demo"), ("demo", "demo"), ("gsheet:1AbCdEfGhIjKlMnOp", "gsheet"),
                                       ("gsheet:https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOp/edit#gid=0",
                                        "gsheet")])
def test_resolve(spec, kind):
    s = sources.resolve(spec, {}, env={})
    assert s.kind == kind
    if kind == "gsheet":
        assert s.target == "1AbCdEfGhIjKlMnOp"


def test_resolve_env_and_secrets(tmp_path):
    assert sources.resolve(None, {}, env={"FLATCOACH_SOURCE": str(tmp_path)}).kind == "csv"
    assert sources.resolve(None, {"sheet": {"key": "1AbCdEfGhIjKlMnOp"}}, env={}).kind == "gsheet"
    with pytest.raises(SourceError, match="bestaat niet"):
        sources.open_source(sources.resolve("/geen/bestand.xlsx", {}, env={})).read()
    with pytest.raises(SourceError, match="bestaat niet"):
        sources.resolve("/geen/map/of/bestand", {}, env={})
    with pytest.raises(SourceError, match="onleesbaar"):
        sources.resolve("gsheet:kort", {}, env={})
