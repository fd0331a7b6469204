"""Shared fixtures: a clean environment for every test, Streamlit caches cleared, the demo data cleaned once."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHOTS_ENV = "FLATCOACH_SHOTS_DIR"


def pytest_configure(config):
    """Choose the run's screenshot folder once, before xdist starts its workers (they inherit the environment)."""
    if not hasattr(config, "workerinput"):
        os.environ[SHOTS_ENV] = str(ROOT / "build" / "screenshots" / time.strftime("%Y%m%d-%H%M%S"))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say where the browser screenshots are, also with -q: a person is meant to look at them after a run."""
    if hasattr(config, "workerinput"):
        return
    shots = Path(os.environ.get(SHOTS_ENV, ""))
    if not shots.name or not shots.exists():
        return
    n = len(list(shots.glob("*.png")))
    terminalreporter.write_sep("-", "browser screenshots")
    terminalreporter.write_line(f"{n} screenshots in {shots.relative_to(ROOT)}/ (index.txt lists them)")
    index = shots / "index.txt"
    if index.exists():
        for line in index.read_text(encoding="utf-8").splitlines():
            if line.startswith("LET OP"):
                terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _no_source_from_env(monkeypatch):
    """Tests never read the developer's own FLATCOACH_SOURCE; each test picks its source explicitly."""
    monkeypatch.delenv("FLATCOACH_SOURCE", raising=False)


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches():
    """st.cache_data is process-wide and survives between AppTest instances: clear it around each test."""
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture(scope="session")
def demo():
    """The bundled demo workbook, cleaned (lib.clean.Clean)."""
    from lib.pipeline import load_clean

    return load_clean("data/demo.xlsx")


@pytest.fixture(scope="session")
def conf():
    from lib.settings import load

    return load()


# `pytest --hypothesis-profile=quick` replays and generates without shrinking (to see a failure fast).
from hypothesis import Phase  # noqa: E402
from hypothesis import settings as _hyp_settings  # noqa: E402

_hyp_settings.register_profile("quick", phases=[Phase.explicit, Phase.reuse, Phase.generate])
