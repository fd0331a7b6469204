"""`python -m lib.cli report`: exit 0 and a file for a month or the project, exit 2 and one Dutch line on stderr for a
month it cannot read, a month without data, or a source that does not exist."""
from __future__ import annotations

import io
import subprocess
import sys

import pytest
from docx import Document
from pypdf import PdfReader

from lib import fmt, metrics
from lib.cli import main
from lib.metrics import View
from tests.apptest import ROOT


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["report", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_docx_for_a_month(tmp_path, capsys, demo, conf):
    out = tmp_path / "januari.docx"
    code, stdout, err = run(capsys, "--month", "2022-01", "--format", "docx", "--out", str(out),
                            "--source", "data/demo.xlsx")
    assert code == 0, err
    assert str(out) in stdout and "januari 2022" in stdout
    doc = Document(io.BytesIO(out.read_bytes()))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    head = metrics.report_headline(demo, View("2022-01"), conf)
    assert "Januari 2022 (1 januari 2022 – 31 januari 2022)" in text
    assert fmt.hours(head["coach_hours"]) in text and f"{fmt.number(head['rounds'])} rondes" in text


def test_pdf_for_the_whole_project_without_month(tmp_path, capsys, demo, conf):
    out = tmp_path / "sub" / "project.pdf"  # a folder that does not exist yet is made
    code, _, err = run(capsys, "--format", "pdf", "--out", str(out))
    assert code == 0, err
    text = "\n".join(p.extract_text() for p in PdfReader(str(out)).pages)
    head = metrics.report_headline(demo, View(None), conf)
    assert "Hele project" in text and fmt.hours(head["coach_hours"]) in text


def test_markdown_writes_its_charts_next_to_it(tmp_path, capsys):
    out = tmp_path / "r.md"
    code, _, err = run(capsys, "--month", "project", "--format", "md", "--out", str(out))
    assert code == 0, err
    md = out.read_text(encoding="utf-8")
    pngs = sorted((tmp_path / "r-grafieken").glob("*.png"))
    assert pngs and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    assert f"](r-grafieken/{pngs[0].name})" in md


def test_names_flag_puts_names_in(tmp_path, capsys, demo, conf):
    out = tmp_path / "intern.md"
    code, _, _ = run(capsys, "--month", "2022-01", "--format", "md", "--out", str(out), "--names")
    assert code == 0
    md = out.read_text(encoding="utf-8")
    top = metrics.coach_summary(demo, View("2022-01"), conf)["coach"].iloc[0]
    assert top in md


@pytest.mark.parametrize("month, message", [
    ("2022-13", "Onleesbare maand '2022-13': schrijf de maand als JJJJ-MM (bijvoorbeeld 2022-01), of 'project' "
                "voor het hele project."),
    ("jan", "Onleesbare maand 'jan': schrijf de maand als JJJJ-MM"),
    ("2023-06", "Geen rondes of meldingen in juni 2023. Maanden met gegevens: december 2021, januari 2022, "
                "februari 2022, maart 2022."),
])
def test_bad_or_empty_month_exits_2_with_one_dutch_line(tmp_path, capsys, month, message):
    out = tmp_path / "r.docx"
    code, stdout, err = run(capsys, "--month", month, "--format", "docx", "--out", str(out))
    assert code == 2
    assert stdout == ""
    assert err.startswith(message) and err.count("\n") == 1
    assert not out.exists()


def test_missing_source_exits_2(tmp_path, capsys):
    code, _, err = run(capsys, "--month", "2022-01", "--format", "pdf", "--out", str(tmp_path / "r.pdf"),
                       "--source", str(tmp_path / "bestaat-niet.xlsx"))
    assert code == 2 and "bestaat-niet.xlsx" in err and err.count("\n") == 1


def test_as_a_command(tmp_path):
    """The real entry point, as the coordinator types it."""
    out = tmp_path / "r.pdf"
    ok = subprocess.run([sys.executable, "-m", "lib.cli", "report", "--month", "2022-02", "--format", "pdf",
                         "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stderr
    assert out.read_bytes()[:5] == b"%PDF-"
    bad = subprocess.run([sys.executable, "-m", "lib.cli", "report", "--month", "2022-13", "--format", "pdf",
                          "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stderr.startswith("Onleesbare maand '2022-13'")


def test_cli_toelichting_from_text_and_file(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    note = tmp_path / "toelichting.txt"
    note.write_text("Twee nieuwe coaches begonnen.", encoding="utf-8")
    out = tmp_path / "r.md"
    p = subprocess.run([sys.executable, "-m", "lib.cli", "report", "--month", "2022-01", "--format", "md",
                        "--out", str(out), "--toelichting", f"@{note}"], cwd=root, capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0, p.stderr
    text = out.read_text(encoding="utf-8")
    assert "## Toelichting coördinator" in text and "Twee nieuwe coaches begonnen." in text
