"""Shared fixtures: a clean environment for every test, Streamlit caches cleared, the demo data cleaned once."""
from __future__ import annotations

import pytest


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
from hypothesis import Phase, settings as _hyp_settings  # noqa: E402

_hyp_settings.register_profile("quick", phases=[Phase.explicit, Phase.reuse, Phase.generate])
