"""Nothing under lib/ imports Streamlit except lib/ui/ and lib/data.py (the cache), so the rules, the cleaner, the
metrics and the report run and are tested without it. Imports inside functions count too, and so does importing
lib.data or lib.ui (they bring Streamlit along)."""
from __future__ import annotations

import ast
from pathlib import Path

from tests.apptest import ROOT

LIB = ROOT / "lib"
ALLOWED = ("lib/ui/", "lib/data.py")
STREAMLIT_WITH_IT = ("streamlit", "lib.data", "lib.ui")


def _imported(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module an import statement names (anywhere in the file), with its line; `from lib import data` gives
    'lib.data'."""
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
            out += [(node.lineno, f"{node.module}.{a.name}") for a in node.names]
    return out


def _brings_streamlit(name: str) -> bool:
    return any(name == m or name.startswith(m + ".") for m in STREAMLIT_WITH_IT)


def offenders(root: Path = LIB) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(ALLOWED):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        found += [f"{rel}:{line}: {name}" for line, name in _imported(tree) if _brings_streamlit(name)]
    return found


def test_only_lib_ui_and_lib_data_import_streamlit():
    assert offenders() == []


def test_the_check_sees_lazy_imports(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "x.py").write_text("def f():\n    from lib import data\n    import streamlit as st\n")
    tree = ast.parse((tmp_path / "lib" / "x.py").read_text())
    assert [n for _, n in _imported(tree) if _brings_streamlit(n)] == ["lib.data", "streamlit"]
