"""`python -m lib.cli report --month 2022-01 --format docx|pdf|md --out FILE [--source SOURCE] [--names]`.

Exit 0 with the written path on stdout; exit 2 with one Dutch line on stderr when the month cannot be read, has no
data, or the source or the output file cannot be used. Markdown gets its charts as PNG files in a folder next to it.
"""
from __future__ import annotations

import sys
from argparse import Namespace
from pathlib import Path

from lib import fmt
from lib.errors import FlatcoachError


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def _write(report, kind: str, out: Path, images: bool = False) -> str:
    """Write the report (or minutes) as docx, pdf or md; '' when done, else the Dutch sentence. Markdown with
    `images` puts its charts in a folder '<name>-grafieken' beside the file."""
    from lib.report import render
    from lib.report.markdown import to_markdown

    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if kind != "md":
            out.write_bytes(render(report, kind))
        elif images:
            folder = out.with_name(out.stem + "-grafieken")
            out.write_text(to_markdown(report, image_dir=folder, image_link=folder.name), encoding="utf-8")
        else:
            out.write_text(to_markdown(report), encoding="utf-8")
    except OSError as exc:
        return f"Kan het bestand '{out}' niet schrijven: {exc.strerror or exc}."
    return ""


def _note(args: Namespace) -> str:
    """The coordinator's text: given inline, or '@file' to read it from a file."""
    text = getattr(args, "toelichting", "") or ""
    if text.startswith("@"):
        try:
            return Path(text[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            raise FlatcoachError(f"Kan de toelichting '{text[1:]}' niet lezen: {exc.strerror or exc}.") from None
    return text


def run_report(args: Namespace) -> int:
    from lib.pipeline import load_clean
    from lib.report import content
    from lib.settings import load

    try:
        month = content.parse_month(args.month)  # before reading anything: a typo is answered at once
        c = load_clean(args.source)
        conf = load()
        report = content.build(c, month, conf, names=bool(getattr(args, "names", False)), note=_note(args))
    except FlatcoachError as exc:
        return _fail(exc.text(coordinator=True))
    out = Path(args.out)
    problem = _write(report, args.format, out, images=True)
    if problem:
        return _fail(problem)
    for note in report.notes:
        print(f"Let op: {note}", file=sys.stderr)
    print(f"Rapportage {fmt.month(month)} geschreven: {out}")
    return 0


def run_minutes(args: Namespace) -> int:
    """`verslag --date YYYY-MM-DD`: the minutes of the meeting on that date (exit 2 when there was none)."""
    from lib.pipeline import load_clean
    from lib.report import minutes
    from lib.settings import load

    try:
        when = minutes.parse_date(args.date)  # before reading anything: a typo is answered at once
        c = load_clean(args.source)
        report = minutes.build(c, when, load())
    except FlatcoachError as exc:
        return _fail(exc.text(coordinator=True))
    out = Path(args.out)
    problem = _write(report, args.format, out)
    if problem:
        return _fail(problem)
    print(f"Verslag overleg {fmt.day(when, long=True)} geschreven: {out}")
    return 0
