"""Command line: `python -m lib.cli validate [SOURCE]`, `report ...`, `verslag --date ...`, `forms-script ...`.

validate prints one JSON object (rows, clean and rejected per tab, totals, reasons) and exits 0 when the source
could be read, 2 with one Dutch line on stderr when it cannot.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from lib.errors import FlatcoachError


def validate(source: str | None) -> dict:
    from lib.clean import totals
    from lib.pipeline import load_clean

    c = load_clean(source)
    reasons: Counter[str] = Counter()
    # A row can break several rules at once; each rule is counted (so reasons can add up to more than rejected).
    for text in c.rejects["reason"]:
        reasons.update(r for r in text.split("; ") if r)
    return {
        "source": c.source,
        "tabs": c.counts,
        "totals": totals(c),
        "reasons": dict(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))),
        "warnings": int(len(c.warnings)),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m lib.cli", description="Flatcoach dashboard K-buurt")
    sub = ap.add_subparsers(dest="cmd", required=True)
    v = sub.add_parser("validate", help="lees de bron en tel schone en afgekeurde rijen")
    v.add_argument("source", nargs="?", help="pad naar .xlsx of CSV-map, of gsheet:<sleutel>; standaard de demo")
    r = sub.add_parser("report", help="schrijf de maandrapportage")
    r.add_argument("--month", default=None, help="maand als JJJJ-MM, of 'project' voor de hele looptijd")
    r.add_argument("--format", choices=["docx", "pdf", "md"], default="docx")
    r.add_argument("--out", required=True)
    r.add_argument("--source", default=None)
    r.add_argument("--names", action="store_true", help="echte namen van coaches in plaats van pseudoniemen")
    r.add_argument("--toelichting", default="",
                   help="tekst van de coördinator, of @bestand om die uit een bestand te lezen")
    m = sub.add_parser("verslag", help="schrijf het verslag van een overleg (actielijst en notities)")
    m.add_argument("--date", required=True, help="datum van het overleg als JJJJ-MM-DD")
    m.add_argument("--format", choices=["docx", "pdf", "md"], default="docx")
    m.add_argument("--out", required=True)
    m.add_argument("--source", default=None)
    f = sub.add_parser("forms-script", help="schrijf het Google Apps Script dat de formulieren maakt")
    f.add_argument("--out", default=None)
    a = ap.parse_args(argv)
    try:
        if a.cmd == "validate":
            print(json.dumps(validate(a.source), ensure_ascii=False, indent=2))
            return 0
        if a.cmd == "report":
            from lib.report.cli import run_report

            return run_report(a)
        if a.cmd == "verslag":
            from lib.report.cli import run_minutes

            return run_minutes(a)
        if a.cmd == "forms-script":
            from lib import forms_script

            return forms_script.main(["--out", a.out] if a.out else [])
    except FlatcoachError as exc:
        print(exc.text(coordinator=True), file=sys.stderr)  # whoever runs the CLI set it up
        return 2
    return 1


if __name__ == "__main__":
    sys.exit(main())
