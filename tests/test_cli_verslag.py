"""`python -m lib.cli verslag --date YYYY-MM-DD`: the minutes of a meeting on record (docx, pdf, md); exit 2 and one
Dutch line on stderr for a date without a meeting or a date it cannot read, and no file is written then."""
from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import sys

import pytest
from docx import Document
from pypdf import PdfReader

from lib import meeting
from lib.cli import main
from lib.sources import SourceSpec, open_source
from tests.apptest import ROOT

DAY = dt.date(2022, 1, 12)


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> str:
    """The demo workbook with the January meeting on record (the demo's Acties already hold its actions)."""
    p = tmp_path_factory.mktemp("verslag") / "bron.xlsx"
    shutil.copyfile(ROOT / "data" / "demo.xlsx", p)
    src = open_source(SourceSpec("xlsx", str(p)))
    meeting.record(src, DAY, ["Stichting", "De Key", "Wijkmakelaar"],
                   {"note_reports": "Veel over de liften.", "note_new": "Drie acties."}, "cli-test")
    return str(p)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["verslag", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_docx_minutes_with_the_meetings_actions_and_notes(tmp_path, capsys, source):
    out = tmp_path / "verslag.docx"
    code, stdout, err = run(capsys, "--date", "2022-01-12", "--out", str(out), "--source", source)
    assert code == 0, err
    assert "12 januari 2022" in stdout and str(out) in stdout
    doc = Document(io.BytesIO(out.read_bytes()))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert "Verslag overleg Flatcoaches K-buurt" in text
    assert "Veel over de liften." in text and "Stichting, De Key, Wijkmakelaar" in text
    # the actions the demo's Acties tab holds for 12 January 2022
    assert "Lift: monteur laten komen, de storing keert steeds terug" in text


def test_pdf_and_markdown(tmp_path, capsys, source):
    pdf, md = tmp_path / "v.pdf", tmp_path / "v.md"
    assert run(capsys, "--date", "2022-01-12", "--format", "pdf", "--out", str(pdf), "--source", source)[0] == 0
    assert "Actielijst" in "".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    assert run(capsys, "--date", "2022-01-12", "--format", "md", "--out", str(md), "--source", source)[0] == 0
    assert md.read_text(encoding="utf-8").startswith("# Verslag overleg Flatcoaches K-buurt")


@pytest.mark.parametrize("date, words", [
    ("2022-01-13", "Geen overleg op 13 januari 2022 in het tabblad Overleggen. Vastgelegde overleggen: 12 jan 2022."),
    ("12-1-2022", "Onleesbare datum '12-1-2022': schrijf de datum van het overleg als JJJJ-MM-DD"),
])
def test_exit_2_with_one_dutch_line_and_no_file(tmp_path, capsys, source, date, words):
    out = tmp_path / "x.docx"
    code, stdout, err = run(capsys, "--date", date, "--out", str(out), "--source", source)
    assert code == 2 and stdout == ""
    assert err.count("\n") == 1 and err.startswith(words)
    assert not out.exists()


def test_as_a_process(tmp_path, source):
    out = tmp_path / "v.docx"
    r = subprocess.run([sys.executable, "-m", "lib.cli", "verslag", "--date", "2022-01-12", "--out", str(out),
                        "--source", source], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert out.stat().st_size > 5000
