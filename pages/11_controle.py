"""Controle: every step of the setup guide checked, ✔/✘ with the fix (lib/setup_check.py). Works when the sheet
cannot be read, so it reads no data itself (page.gate)."""
from lib.ui import page, setup_view

gate = page.gate("controle")
note = ""
if gate.spec is not None and gate.spec.kind != "gsheet":
    note = ("Het dashboard leest nu geen Google Sheet maar " + ("de demogegevens" if gate.spec.kind == "demo" else
            "een lokaal bestand") + ". Deze controle gaat over de Google Sheet uit de secrets.")
setup_view.page(gate.secrets, source_note=note)
