"""Streamlit-facing helpers: page setup, filter bar, palette, Dutch formatting. The only Streamlit code besides pages."""
