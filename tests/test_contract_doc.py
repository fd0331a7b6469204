"""docs/spreadsheet-contract.md stays in step with lib/schema.py: every tab, header, alias, option and setting row
the schema knows is written in the doc (a new field without a line in the doc fails here)."""
from __future__ import annotations

import pytest

from lib import schema
from tests.apptest import ROOT

DOC = (ROOT / "docs" / "spreadsheet-contract.md").read_text(encoding="utf-8")


def _words() -> list[str]:
    out = [schema.SCRIPT_LOG, *schema.SCRIPT_LOG_HEADERS, *schema.IGNORED_HEADERS, schema.SUBMISSION_KEY.header]
    out += [getattr(schema, n) for n in dir(schema) if n.startswith("SETTING_")]
    for t in schema.TABS.values():
        out.append(t.name)
        if t.form_title:
            out.append(t.form_title)
        for f in t.fields:
            out += [*f.names, *f.options]
    return sorted(set(out))


@pytest.mark.parametrize("tab", list(schema.TABS))
def test_every_tab_has_its_section(tab):
    assert f"### Tab `{tab}`" in DOC


@pytest.mark.parametrize("tab", list(schema.TABS))
def test_every_field_has_its_row_in_its_tab(tab):
    start = DOC.index(f"### Tab `{tab}`")
    end = DOC.find("\n### ", start + 1)
    section = DOC[start:end if end > 0 else None]
    for f in schema.TABS[tab].fields:
        assert f"| {f.header} | `{f.key}` |" in section, (tab, f.header)
        for name in (*f.aliases, *f.options):
            assert name in section, (tab, f.header, name)


@pytest.mark.parametrize("word", _words())
def test_every_name_in_the_schema_is_in_the_doc(word):
    assert word in DOC


def test_the_doc_is_the_projects_own():
    assert "shared/reference" not in DOC
