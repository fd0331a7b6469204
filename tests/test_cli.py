"""The command line `validate`: one JSON object, exit 0 when readable, exit 2 with one Dutch line when not."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lib.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture(scope="module")
def demo_json():
    p = run("validate")
    assert p.returncode == 0, p.stderr
    return json.loads(p.stdout)


def test_validate_demo_counts_and_conservation(demo_json, demo):
    from lib.clean import totals

    assert demo_json["totals"] == totals(demo)
    for tab, n in demo_json["tabs"].items():
        assert n["rows"] == n["clean"] + n["rejected"], tab
    assert demo_json["tabs"]["Rondes"]["rejected"] > 0 and "dubbel ingestuurd" in demo_json["reasons"]
    assert isinstance(demo_json["totals"]["coach_hours"], float)


def test_validate_missing_file_exits_2_with_one_dutch_line():
    p = run("validate", "/nope/werkboek.xlsx")
    assert p.returncode == 2 and p.stdout == ""
    assert len(p.stderr.strip().splitlines()) == 1 and "bestaat niet" in p.stderr


@pytest.mark.parametrize("change,expect", [
    ("drop_tab", "'Meldingen' ontbreekt"),
    ("drop_header", "'Datum'"),
])
def test_validate_unreadable_sheet_exits_2(tmp_path, change, expect):
    path = tmp_path / "kapot.xlsx"
    shutil.copy(ROOT / "data" / "demo.xlsx", path)
    wb = openpyxl.load_workbook(path)
    if change == "drop_tab":
        del wb["Meldingen"]
    else:
        ws = wb["Rondes"]
        for cell in ws[1]:
            if cell.value == "Datum":
                cell.value = "Wanneer"
    wb.save(path)
    p = run("validate", str(path))
    assert p.returncode == 2, p.stdout
    assert expect in p.stderr and "Traceback" not in p.stderr


def test_validate_not_an_xlsx(tmp_path):
    bad = tmp_path / "nep.xlsx"
    bad.write_text("dit is geen excel")
    p = run("validate", str(bad))
    assert p.returncode == 2 and "geen leesbaar Excel-bestand" in p.stderr


@pytest.mark.parametrize("locale", ["nl", "us"])
def test_validate_csv_folder_export_gives_the_same_totals(tmp_path, demo_json, locale):
    """The same spreadsheet as an xlsx download and as per-tab CSV downloads (Dutch or US locale) reads the same."""
    from lib.demo import read_xlsx_rows, write_csv_folder

    write_csv_folder(read_xlsx_rows(ROOT / "data" / "demo.xlsx"), tmp_path, locale)
    assert any(p.name.endswith(" - Rondes.csv") for p in tmp_path.iterdir())
    p = run("validate", str(tmp_path))
    assert p.returncode == 0, p.stderr
    got = json.loads(p.stdout)
    assert got["totals"] == demo_json["totals"]
    assert got["tabs"] == demo_json["tabs"]
    assert got["reasons"] == demo_json["reasons"]
