"""End-to-end tests: the dashboard in headless Chromium against a real `streamlit run` (see conftest.py)."""
